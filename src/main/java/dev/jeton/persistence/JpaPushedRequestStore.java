package dev.jeton.persistence;

import dev.jeton.authorize.PendingAuthorizations;
import dev.jeton.authorize.PushedRequestStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;

/** Pushed authorization requests in the database: a request_uri works on every node, and is spent once. */
@ApplicationScoped
public class JpaPushedRequestStore implements PushedRequestStore {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    @Override
    @Transactional
    public void save(String uriHash, String clientId, String parameters, Instant createdAt, Instant expiresAt) {
        // the requests nobody came back for are removed as new ones arrive - once no authorization begun
        // within their lifetime can still be waiting to spend them (a pending authorization's lifetime)
        Bulk.update(em, em.createQuery("delete from PushedRequestEntity p where p.expiresAt <= :cutoff")
                .setParameter("cutoff", createdAt.minus(PendingAuthorizations.LIFETIME)));
        PushedRequestEntity e = new PushedRequestEntity();
        e.setUriHash(uriHash);
        e.setClientId(clientId);
        e.setParameters(parameters);
        e.setCreatedAt(createdAt);
        e.setExpiresAt(expiresAt);
        em.persist(e);
    }

    @Override
    public Optional<Pushed> find(String uriHash, String clientId, Instant now) {
        PushedRequestEntity e = em.find(PushedRequestEntity.class, uriHash);
        if (e == null || !e.getClientId().equals(clientId) || e.getUsedAt() != null || !now.isBefore(e.getExpiresAt())) {
            return Optional.empty();
        }
        return Optional.of(new Pushed(e.getClientId(), e.getParameters()));
    }

    @Override
    @Transactional
    public boolean spend(String uriHash, Instant now) {
        return Bulk.update(em, em.createQuery("update PushedRequestEntity p set p.usedAt = :now "
                        + "where p.uriHash = :h and p.usedAt is null")
                .setParameter("now", now).setParameter("h", uriHash)) == 1;
    }
}
