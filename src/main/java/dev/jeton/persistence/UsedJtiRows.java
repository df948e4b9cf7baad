package dev.jeton.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.UUID;

/**
 * The statements of {@link JpaReplayStore}, each in a transaction of its own: an insert that hits
 * the unique constraint dooms its transaction, and that must not be the caller's (a token request
 * that is being refused may still have audit rows to commit).
 */
@ApplicationScoped
public class UsedJtiRows {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    /** Inserts the row; throws when (kind, hash) is taken by a live row. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void insert(String kind, String hash, Instant expiresAt, Instant now) {
        // a row that has expired but was not purged yet must not block a legitimate value
        em.createQuery("delete from UsedJtiEntity u where u.kind = :k and u.jtiHash = :h and u.expiresAt <= :now")
                .setParameter("k", kind).setParameter("h", hash).setParameter("now", now).executeUpdate();
        UsedJtiEntity row = new UsedJtiEntity();
        row.setId(UUID.randomUUID().toString());
        row.setKind(kind);
        row.setJtiHash(hash);
        row.setExpiresAt(expiresAt);
        row.setUsedAt(now);
        em.persist(row);
        em.flush();
    }

    /** Whether a live (not yet expired) row holds (kind, hash). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public boolean exists(String kind, String hash, Instant now) {
        return !em.createQuery("select u.id from UsedJtiEntity u where u.kind = :k and u.jtiHash = :h "
                        + "and u.expiresAt > :now", String.class)
                .setParameter("k", kind).setParameter("h", hash).setParameter("now", now).setMaxResults(1)
                .getResultList().isEmpty();
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int purgeExpired(Instant now) {
        return em.createQuery("delete from UsedJtiEntity u where u.expiresAt <= :now")
                .setParameter("now", now).executeUpdate();
    }
}
