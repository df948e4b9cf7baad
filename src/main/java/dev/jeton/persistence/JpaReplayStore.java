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
 * {@code jti} at the same moment cannot both accept it. The row is written in the caller's
 * transaction: it commits with the token request's grant state and audit events (a request that
 * fails on a fault of ours rolls back, and the client may retry the same assertion). Expired rows are purged now and then by
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
        // one statement in the request's transaction; the unique constraint decides a race
        return rows.take(kind.name(), hash(namespace, jti), expiresAt, now);
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
