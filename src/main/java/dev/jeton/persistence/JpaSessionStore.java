package dev.jeton.persistence;

import dev.jeton.session.EndReason;
import dev.jeton.session.SessionStore;
import dev.jeton.session.UserSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Sessions in the database: every node sees the same ones. */
@ApplicationScoped
public class JpaSessionStore implements SessionStore {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    @Override
    @Transactional
    public void create(UserSession s, String cookieHash) {
        UserSessionEntity e = new UserSessionEntity();
        e.setSid(s.sid());
        e.setCookieHash(cookieHash);
        e.setSubject(s.subject());
        e.setAuthTime(s.authTime());
        e.setAmr(s.amr());
        e.setAcr(s.acr());
        e.setCreatedAt(s.createdAt());
        e.setLastSeenAt(s.lastSeenAt());
        e.setIdleExpiresAt(s.idleExpiresAt());
        e.setAbsoluteExpiresAt(s.absoluteExpiresAt());
        em.persist(e);
    }

    @Override
    public Optional<UserSession> findByCookieHash(String cookieHash) {
        return em.createQuery("select s from UserSessionEntity s where s.cookieHash = :h", UserSessionEntity.class)
                .setParameter("h", cookieHash).getResultStream().findFirst().map(JpaSessionStore::toSession);
    }

    @Override
    public Optional<UserSession> find(String sid) {
        if (sid == null || sid.length() > 64) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(UserSessionEntity.class, sid)).map(JpaSessionStore::toSession);
    }

    @Override
    @Transactional
    public void touch(String sid, Instant now, Instant idleExpiresAt) {
        Bulk.update(em, em.createQuery("update UserSessionEntity s set s.lastSeenAt = :now, s.idleExpiresAt = :idle"
                        + " where s.sid = :sid and s.endedAt is null")
                .setParameter("now", now).setParameter("idle", idleExpiresAt).setParameter("sid", sid));
    }

    @Override
    @Transactional
    public void joinClient(String sid, String clientId, Instant now) {
        String id = sid + " " + clientId;
        if (em.find(SessionClientEntity.class, id) != null) {
            return;
        }
        SessionClientEntity e = new SessionClientEntity();
        e.setId(id);
        e.setSid(sid);
        e.setClientId(clientId);
        e.setJoinedAt(now);
        em.persist(e);
    }

    @Override
    public List<String> clients(String sid) {
        return em.createQuery("select c.clientId from SessionClientEntity c where c.sid = :sid order by c.joinedAt",
                String.class).setParameter("sid", sid).getResultList();
    }

    @Override
    public List<UserSession> openSessionsOf(String subject) {
        return em.createQuery("select s from UserSessionEntity s where s.subject = :sub and s.endedAt is null"
                        + " order by s.createdAt desc", UserSessionEntity.class)
                .setParameter("sub", subject).setMaxResults(1000).getResultStream()
                .map(JpaSessionStore::toSession).toList();
    }

    @Override
    @Transactional
    public boolean end(String sid, Instant now, EndReason reason, String endedBy) {
        // one conditional update: of two logouts at once, one ends the session and tells the clients
        return Bulk.update(em, em.createQuery("update UserSessionEntity s set s.endedAt = :now, s.endedReason = :r,"
                        + " s.endedBy = :by where s.sid = :sid and s.endedAt is null")
                .setParameter("now", now).setParameter("r", reason.name())
                .setParameter("by", endedBy == null || endedBy.length() <= 255 ? endedBy : endedBy.substring(0, 255))
                .setParameter("sid", sid)) == 1;
    }

    @Override
    @Transactional
    public boolean renew(String sid, String cookieHash, Instant authTime, Instant idleExpiresAt,
                         Instant absoluteExpiresAt) {
        return Bulk.update(em, em.createQuery("update UserSessionEntity s set s.cookieHash = :h, s.authTime = :t,"
                        + " s.lastSeenAt = :t, s.idleExpiresAt = :idle, s.absoluteExpiresAt = :abs"
                        + " where s.sid = :sid and s.endedAt is null")
                .setParameter("h", cookieHash).setParameter("t", authTime).setParameter("idle", idleExpiresAt)
                .setParameter("abs", absoluteExpiresAt).setParameter("sid", sid)) == 1;
    }

    @Override
    @Transactional  // called by the sweep on a scheduler thread, outside any request's transaction
    public List<String> expiredOpen(Instant now, int max) {
        return em.createQuery("select s.sid from UserSessionEntity s where s.endedAt is null"
                        + " and (s.idleExpiresAt <= :now or s.absoluteExpiresAt <= :now) order by s.idleExpiresAt",
                        String.class)
                .setParameter("now", now).setMaxResults(max).getResultList();
    }

    @Override
    @Transactional
    public boolean endExpired(String sid, Instant now) {
        // the claim of the expiry sweep: of several nodes sweeping at once, one ends the session and tells the
        // clients; the lifetimes are checked again in the statement, so a session renewed meanwhile stays
        return Bulk.update(em, em.createQuery("update UserSessionEntity s set s.endedAt = :now, s.endedReason = :r,"
                        + " s.endedBy = null where s.sid = :sid and s.endedAt is null"
                        + " and (s.idleExpiresAt <= :now or s.absoluteExpiresAt <= :now)")
                .setParameter("now", now).setParameter("r", EndReason.EXPIRED.name())
                .setParameter("sid", sid)) == 1;
    }

    @Override
    @Transactional
    public int purgeEnded(Instant endedBefore, int max) {
        List<String> sids = em.createQuery("select s.sid from UserSessionEntity s where s.endedAt < :c"
                        + " order by s.endedAt", String.class)
                .setParameter("c", endedBefore).setMaxResults(max).getResultList();
        if (sids.isEmpty()) {
            return 0;
        }
        Bulk.update(em, em.createQuery("delete from SessionClientEntity c where c.sid in :sids")
                .setParameter("sids", sids));
        return Bulk.update(em, em.createQuery("delete from UserSessionEntity s where s.sid in :sids"
                        + " and s.endedAt < :c")
                .setParameter("sids", sids).setParameter("c", endedBefore));
    }

    private static UserSession toSession(UserSessionEntity e) {
        return new UserSession(e.getSid(), e.getSubject(), e.getAuthTime(), e.getAmr(), e.getAcr(), e.getCreatedAt(),
                e.getLastSeenAt(), e.getIdleExpiresAt(), e.getAbsoluteExpiresAt(), e.getEndedAt(),
                e.getEndedReason(), e.getEndedBy());
    }
}
