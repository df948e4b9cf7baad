package dev.jeton.persistence;

import dev.jeton.authorize.BrowserStateStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The browsers' waiting state in the database every node shares. Every change is one bulk
 * statement, so that removing an entry is a conditional delete whose row count decides who
 * finished it, on any node.
 */
@ApplicationScoped
public class JpaBrowserStateStore implements BrowserStateStore {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    @Override
    @Transactional
    public void add(Kind kind, String idHash, String browserHash, String payload, Instant createdAt,
                    Instant expiresAt) {
        BrowserPendingEntity e = new BrowserPendingEntity();
        e.setIdHash(idHash);
        e.setBrowserHash(browserHash);
        e.setKind(kind.name());
        e.setPayload(payload);
        e.setCreatedAt(createdAt);
        e.setExpiresAt(expiresAt);
        em.persist(e);
    }

    @Override
    @Transactional
    public List<String> ids(Kind kind, String browserHash, Instant now) {
        return em.createQuery("select p.idHash from BrowserPendingEntity p where p.browserHash = :b and p.kind = :k"
                        + " and p.expiresAt > :now order by p.createdAt, p.idHash", String.class)
                .setParameter("b", browserHash).setParameter("k", kind.name()).setParameter("now", now)
                .getResultList();
    }

    @Override
    @Transactional
    public Optional<String> find(Kind kind, String idHash, String browserHash, Instant now) {
        return em.createQuery("select p.payload from BrowserPendingEntity p where p.idHash = :id"
                        + " and p.browserHash = :b and p.kind = :k and p.expiresAt > :now", String.class)
                .setParameter("id", idHash).setParameter("b", browserHash).setParameter("k", kind.name())
                .setParameter("now", now).getResultStream().findFirst();
    }

    @Override
    @Transactional
    public boolean update(Kind kind, String idHash, String browserHash, String payload) {
        return Bulk.update(em, em.createQuery("update BrowserPendingEntity p set p.payload = :payload"
                        + " where p.idHash = :id and p.browserHash = :b and p.kind = :k")
                .setParameter("payload", payload).setParameter("id", idHash).setParameter("b", browserHash)
                .setParameter("k", kind.name())) == 1;
    }

    @Override
    @Transactional
    public boolean remove(Kind kind, String idHash, String browserHash) {
        return Bulk.update(em, em.createQuery("delete from BrowserPendingEntity p where p.idHash = :id"
                        + " and p.browserHash = :b and p.kind = :k")
                .setParameter("id", idHash).setParameter("b", browserHash).setParameter("k", kind.name())) == 1;
    }

    @Override
    @Transactional
    public void moveBrowser(String fromHash, String toHash) {
        Bulk.update(em, em.createQuery("update BrowserPendingEntity p set p.browserHash = :to where p.browserHash = :from")
                .setParameter("to", toHash).setParameter("from", fromHash));
    }

    @Override
    @Transactional
    public void forgetBrowser(String browserHash) {
        Bulk.update(em, em.createQuery("delete from BrowserPendingEntity p where p.browserHash = :b")
                .setParameter("b", browserHash));
    }

    @Override
    @Transactional
    public int purgeExpired(Instant now) {
        return Bulk.update(em, em.createQuery("delete from BrowserPendingEntity p where p.expiresAt <= :now")
                .setParameter("now", now));
    }
}
