package dev.jeton.persistence;

import dev.jeton.lifecycle.ExpiredGrantState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;

/** The purge's deletes: plain bulk statements, idempotent, safe to run on several nodes at once. */
@ApplicationScoped
public class JpaExpiredGrantState implements ExpiredGrantState {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    @Override
    @Transactional
    public int purgeRefreshTokens(Instant cutoff) {
        return Bulk.update(em, em.createQuery("delete from RefreshTokenEntity t where t.expiresAt < :c")
                .setParameter("c", cutoff));
    }

    @Override
    @Transactional
    public int dropSealedResponses(Instant consumedBefore) {
        return Bulk.update(em, em.createQuery("update RefreshTokenEntity t set t.sealedResponse = null"
                        + " where t.sealedResponse is not null and t.consumedAt < :c")
                .setParameter("c", consumedBefore));
    }

    @Override
    @Transactional
    public int purgeAccessTokenRecords(Instant cutoff) {
        return Bulk.update(em, em.createQuery("delete from IssuedAccessTokenEntity a where a.expiresAt < :c")
                .setParameter("c", cutoff));
    }

    @Override
    @Transactional
    public int purgeFamilies(Instant cutoff) {
        return Bulk.update(em, em.createQuery("delete from TokenFamilyEntity f where f.absoluteExpiry < :c"
                        + " and not exists (select t.tokenHash from RefreshTokenEntity t where t.familyId = f.id)"
                        + " and not exists (select a.jwtId from IssuedAccessTokenEntity a where a.familyId = f.id)")
                .setParameter("c", cutoff));
    }
}
