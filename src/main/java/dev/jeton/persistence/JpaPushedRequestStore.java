package dev.jeton.persistence;

import dev.jeton.authorize.PushedRequestStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;

/** Pushed authorization requests in the database: a request_uri works on every node, once. */
@ApplicationScoped
public class JpaPushedRequestStore implements PushedRequestStore {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    @Override
    @Transactional
    public void save(String uriHash, String clientId, String parameters, Instant createdAt, Instant expiresAt) {
        // the requests nobody came back for are removed as new ones arrive
        Bulk.update(em, em.createQuery("delete from PushedRequestEntity p where p.expiresAt <= :now")
                .setParameter("now", createdAt));
        PushedRequestEntity e = new PushedRequestEntity();
        e.setUriHash(uriHash);
        e.setClientId(clientId);
        e.setParameters(parameters);
        e.setCreatedAt(createdAt);
        e.setExpiresAt(expiresAt);
        em.persist(e);
    }

    @Override
    @Transactional
    public Optional<Pushed> take(String uriHash, String clientId, Instant now) {
        int claimed = Bulk.update(em, em.createQuery("update PushedRequestEntity p set p.usedAt = :now "
                        + "where p.uriHash = :h and p.clientId = :c and p.usedAt is null and p.expiresAt > :now")
                .setParameter("now", now).setParameter("h", uriHash).setParameter("c", clientId));
        if (claimed != 1) {
            return Optional.empty();
        }
        PushedRequestEntity e = em.find(PushedRequestEntity.class, uriHash);
        return Optional.of(new Pushed(e.getClientId(), e.getParameters()));
    }
}
