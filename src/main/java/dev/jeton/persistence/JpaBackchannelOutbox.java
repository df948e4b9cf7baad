package dev.jeton.persistence;

import dev.jeton.logout.BackchannelOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;

/**
 * The back-channel logout outbox in the database. Claims are conditional updates of a lease (the house rule for
 * single use): portable across H2 and PostgreSQL, and two nodes never deliver one token together; no row stays
 * locked while a delivery waits on the network.
 */
@ApplicationScoped
public class JpaBackchannelOutbox implements BackchannelOutbox {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void queue(Pending d, Instant now) {
        BackchannelOutboxEntity e = new BackchannelOutboxEntity();
        e.setId(d.id());
        e.setJti(d.jwtId());
        e.setClientId(d.clientId());
        e.setUri(d.uri());
        e.setSubject(d.subject());
        e.setSid(d.sid());
        e.setCreatedAt(now);
        e.setAttempts(0);
        e.setNextAttemptAt(now);
        em.persist(e);
    }

    @Override
    @Transactional
    public List<Pending> due(Instant now, int max) {
        // in a transaction: the relay's thread has no request, and a non-transactional EntityManager there is
        // closed on Payara ("Session/EntityManager is closed")
        return em.createQuery("select o from BackchannelOutboxEntity o where o.nextAttemptAt <= :now"
                        + " and (o.leaseUntil is null or o.leaseUntil < :now) order by o.nextAttemptAt",
                        BackchannelOutboxEntity.class)
                .setParameter("now", now).setMaxResults(max).getResultStream()
                .map(o -> new Pending(o.getId(), o.getJti(), o.getClientId(), o.getUri(), o.getSubject(), o.getSid(),
                        o.getAttempts(), o.getCreatedAt()))
                .toList();
    }

    @Override
    @Transactional
    public boolean claim(String id, Instant now, Instant leaseUntil) {
        return Bulk.update(em, em.createQuery("update BackchannelOutboxEntity o set o.leaseUntil = :until"
                        + " where o.id = :id and o.nextAttemptAt <= :now and (o.leaseUntil is null or o.leaseUntil < :now)")
                .setParameter("until", leaseUntil).setParameter("id", id).setParameter("now", now)) == 1;
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void remove(String id) {
        Bulk.update(em, em.createQuery("delete from BackchannelOutboxEntity o where o.id = :id").setParameter("id", id));
    }

    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void retryLater(String id, int attempts, Instant nextAttempt, String error) {
        Bulk.update(em, em.createQuery("update BackchannelOutboxEntity o set o.attempts = :a, o.nextAttemptAt = :next,"
                        + " o.leaseUntil = null, o.lastError = :err where o.id = :id")
                .setParameter("a", attempts).setParameter("next", nextAttempt)
                .setParameter("err", error == null || error.length() <= 200 ? error : error.substring(0, 200))
                .setParameter("id", id));
    }
}
