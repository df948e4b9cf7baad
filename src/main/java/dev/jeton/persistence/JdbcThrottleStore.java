package dev.jeton.persistence;

import dev.jeton.throttle.FailureWindow;
import dev.jeton.throttle.ThrottleStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The throttle's counts in the database every node shares ({@code jeton.throttle.store=database}):
 * the statements of {@link ThrottleRows}, in the caller's transaction when there is one (the token
 * request's: no second pooled connection, see {@link UsedJtiRows}), else in one of their own.
 * Typed as itself only: the {@code ThrottleStore} the throttle gets is chosen by configuration
 * ({@code boot.ThrottleStoreProducer}).
 */
@ApplicationScoped
@Typed(JdbcThrottleStore.class)
public class JdbcThrottleStore implements ThrottleStore {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    @Override
    @Transactional
    public Map<String, FailureWindow> windows(Collection<String> keyHashes) {
        return session().doReturningWork(c -> ThrottleRows.windows(c, keyHashes));
    }

    @Override
    @Transactional
    public FailureWindow countFailure(String keyHash, Instant now, Duration length) {
        return session().doReturningWork(c -> ThrottleRows.countFailure(c, keyHash, now, length));
    }

    @Override
    @Transactional
    public void clearFailures(String keyHash) {
        session().doWork(c -> ThrottleRows.clearFailures(c, keyHash));
    }

    @Override
    @Transactional
    public Optional<Instant> lastSuccess(String sourceHash, Instant now) {
        return session().doReturningWork(c -> ThrottleRows.lastSuccess(c, sourceHash, now));
    }

    @Override
    @Transactional
    public void rememberSuccess(String sourceHash, Instant now, Instant expiresAt) {
        session().doWork(c -> ThrottleRows.rememberSuccess(c, sourceHash, now, expiresAt));
    }

    /** Housekeeping in a transaction of its own (the purge schedule's; never a request's). */
    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purge(Instant now) {
        return session().doReturningWork(c -> ThrottleRows.purge(c, now));
    }

    private Session session() {
        return em.unwrap(Session.class);
    }
}
