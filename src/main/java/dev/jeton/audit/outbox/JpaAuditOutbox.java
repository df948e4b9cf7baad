package dev.jeton.audit.outbox;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.outbox.AuditOutbox;
import dev.jeton.audit.outbox.AuditOutboxEntity;
import dev.jeton.audit.outbox.PendingAuditEvent;
import dev.jeton.persistence.JoinedTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The audit outbox in the database. */
@ApplicationScoped
public class JpaAuditOutbox implements AuditOutbox {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    /** Injected on the server; unit tests hold their transaction themselves. */
    @Inject
    JoinedTransaction transaction = JoinedTransaction.CALLER;

    /**
     * One INSERT on the transaction's connection (see {@link AuditOutboxRows} for why not {@code persist}), in
     * the caller's transaction without an interceptor; in one of its own where there is none.
     */
    @Override
    public void append(AuditEvent event) {
        transaction.run(() -> em.unwrap(Session.class).doWork(c -> AuditOutboxRows.insert(c, event)));
    }

    /** Plain JDBC on the relay's transaction (see {@link AuditOutboxRows#OLDEST}). */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public List<PendingAuditEvent> oldest(int max) {
        return em.unwrap(Session.class).doReturningWork(c -> AuditOutboxRows.oldest(c, max));
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void remove(List<PendingAuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        em.unwrap(Session.class).doWork(c -> AuditOutboxRows.remove(c, events));
    }

    @Override
    @Transactional
    public long pendingCount() {
        return em.createQuery("select count(o) from AuditOutboxEntity o", Long.class).getSingleResult();
    }

    /**
     * One statement, no lock: a health check or a metrics sample must never wait for the relay's row locks.
     * In a transaction of its own: the relay samples it on its managed thread, where the container's
     * EntityManager is closed outside one (PostgreSQL logged "Session/EntityManager is closed").
     */
    @Override
    @Transactional
    public AuditBacklog backlog(Instant staleBefore) {
        Object[] row = em.createQuery("select count(o), sum(case when o.createdAt < :cutoff then 1 else 0 end),"
                        + " min(o.createdAt) from AuditOutboxEntity o", Object[].class)
                .setParameter("cutoff", staleBefore)
                .getSingleResult();
        long pending = ((Number) row[0]).longValue();
        long stale = row[1] == null ? 0 : ((Number) row[1]).longValue();
        return new AuditBacklog(pending, stale, Optional.ofNullable((Instant) row[2]));
    }
}
