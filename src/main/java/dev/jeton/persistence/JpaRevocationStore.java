package dev.jeton.persistence;

import dev.jeton.lifecycle.RevocationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;

/** Individually revoked access tokens in the database, by jti. */
@ApplicationScoped
public class JpaRevocationStore implements RevocationStore {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    @Override
    @Transactional
    public void revoke(String jwtId, String clientId, Instant expiresAt, Instant now) {
        if (em.find(RevokedTokenEntity.class, jwtId) != null) {
            return;
        }
        RevokedTokenEntity e = new RevokedTokenEntity();
        e.setJwtId(jwtId);
        e.setClientId(clientId);
        e.setExpiresAt(expiresAt);
        e.setRevokedAt(now);
        em.persist(e);
    }

    @Override
    public boolean isRevoked(String jwtId) {
        return jwtId != null && em.createQuery("select count(r) from RevokedTokenEntity r where r.jwtId = :j",
                Long.class).setParameter("j", jwtId).getSingleResult() > 0;
    }

    @Override
    @Transactional
    public int purgeExpired(Instant cutoff) {
        return Bulk.update(em, em.createQuery("delete from RevokedTokenEntity r where r.expiresAt < :c")
                .setParameter("c", cutoff));
    }
}
