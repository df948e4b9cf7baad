package dev.jeton.persistence;

import dev.jeton.replay.ReplayKind;
import dev.jeton.replay.ReplayStore;
import dev.jeton.vocabulary.TokenHashes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The replay store in the database: the unique constraint decides, so two nodes that see the same
 * {@code jti} at the same moment cannot both accept it. Expired rows are purged now and then by
 * whichever request comes along (at most once per {@link #PURGE_INTERVAL} per node).
 */
@ApplicationScoped
public class JpaReplayStore implements ReplayStore {

    private static final Logger LOG = Logger.getLogger(JpaReplayStore.class.getName());
    static final Duration PURGE_INTERVAL = Duration.ofMinutes(5);

    @Inject
    UsedJtiRows rows;

    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);

    @Override
    public boolean firstUse(ReplayKind kind, String namespace, String jti, Instant expiresAt, Instant now) {
        purgeNowAndThen(now);
        String hash = hash(namespace, jti);
        // the common replay is answered by a read; the constraint still decides a race (and logs it)
        if (rows.exists(kind.name(), hash, now)) {
            return false;
        }
        try {
            rows.insert(kind.name(), hash, expiresAt, now);
            return true;
        } catch (RuntimeException e) {
            // the constraint said no - or the database is away, which must stay an error
            if (rows.exists(kind.name(), hash, now)) {
                return false;
            }
            throw e;
        }
    }

    /** Deletes the rows whose time is over; returns how many. */
    public int purgeExpired(Instant now) {
        return rows.purgeExpired(now);
    }

    private void purgeNowAndThen(Instant now) {
        Instant last = lastPurge.get();
        if (now.isBefore(last.plus(PURGE_INTERVAL)) || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        try {
            purgeExpired(now);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not purge expired jti rows; will retry", e);
        }
    }

    /** The namespace and the jti, NUL-separated so that ("a", "b:c") and ("a:b", "c") differ. */
    static String hash(String namespace, String jti) {
        return TokenHashes.sha256((namespace == null ? "" : namespace) + '\u0000' + jti);
    }
}
