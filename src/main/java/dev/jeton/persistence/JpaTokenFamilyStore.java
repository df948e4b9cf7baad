package dev.jeton.persistence;

import dev.jeton.grant.family.RefreshTokenRecord;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.grant.family.TokenFamilyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.time.Instant;
import java.util.Optional;

/** Token families, their refresh tokens (by hash) and their access tokens (by jti) in the database. */
@ApplicationScoped
public class JpaTokenFamilyStore implements TokenFamilyStore {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    /**
     * The rotation's and the redemption's writes join the request's transaction without an interceptor pass
     * each (issue #13); injected on the server, unit tests hold their transaction themselves.
     */
    @Inject
    JoinedTransaction transaction = JoinedTransaction.CALLER;

    @Override
    public void createFamily(TokenFamily family) {
        transaction.run(() -> {
            TokenFamilyEntity e = new TokenFamilyEntity();
            e.setId(family.id());
            e.setClientId(family.clientId());
            e.setSubject(family.subject());
            e.setScope(family.scope());
            e.setAuthTime(family.authTime());
            e.setCreatedAt(family.createdAt());
            e.setAbsoluteExpiry(family.absoluteExpiry());
            e.setRevokedAt(family.revokedAt());
            e.setRevokedReason(family.revokedReason());
            e.setUserinfoClaims(family.userinfoClaims());
            e.setDpopJkt(family.dpopKeyThumbprint());
            e.setCertificateThumbprint(family.certificateThumbprint());
            e.setResources(dev.jeton.vocabulary.ResourceIndicators.join(family.resources()));
            e.setSid(family.sid());
            em.persist(e);
        });
    }

    @Override
    public Optional<TokenFamily> findFamily(String familyId) {
        return Optional.ofNullable(em.find(TokenFamilyEntity.class, familyId)).map(JpaTokenFamilyStore::toFamily);
    }

    @Override
    public Optional<TokenFamily> familyOfAccessToken(String jwtId) {
        return em.createQuery("select f from TokenFamilyEntity f, IssuedAccessTokenEntity a"
                        + " where a.jwtId = :j and f.id = a.familyId", TokenFamilyEntity.class)
                .setParameter("j", jwtId)
                .getResultStream().findFirst().map(JpaTokenFamilyStore::toFamily);
    }

    private static TokenFamily toFamily(TokenFamilyEntity e) {
        return new TokenFamily(e.getId(), e.getClientId(), e.getSubject(), e.getScope(), e.getAuthTime(),
                e.getCreatedAt(), e.getAbsoluteExpiry(), e.getRevokedAt(), e.getRevokedReason(), e.getUserinfoClaims(),
                e.getDpopJkt(), dev.jeton.vocabulary.ResourceIndicators.split(e.getResources()),
                e.getCertificateThumbprint(), e.getSid());
    }

    /** RFC 9700 §4.14.2: on reuse the whole grant goes, refresh and access tokens alike. */
    @Override
    @Transactional
    public void revokeFamily(String familyId, String reason, Instant now) {
        // "revoked_at is null" keeps the first reason and makes a repeat a no-op
        Bulk.update(em, em.createQuery("update TokenFamilyEntity f set f.revokedAt = :now, f.revokedReason = :r"
                        + " where f.id = :id and f.revokedAt is null")
                .setParameter("now", now).setParameter("r", reason).setParameter("id", familyId));
        // a live token becomes a spent one, and no grace-window successor can be handed out any more
        Bulk.update(em, em.createQuery("update RefreshTokenEntity t set t.consumedAt = :now"
                        + " where t.familyId = :id and t.consumedAt is null")
                .setParameter("now", now).setParameter("id", familyId));
        Bulk.update(em, em.createQuery("update RefreshTokenEntity t set t.sealedResponse = null"
                        + " where t.familyId = :id and t.sealedResponse is not null")
                .setParameter("id", familyId));
        Bulk.update(em, em.createQuery("update IssuedAccessTokenEntity a set a.revoked = true"
                        + " where a.familyId = :id and a.revoked = false")
                .setParameter("id", familyId));
    }

    @Override
    public void saveRefreshToken(RefreshTokenRecord token) {
        transaction.run(() -> {
            RefreshTokenEntity e = new RefreshTokenEntity();
            e.setTokenHash(token.tokenHash());
            e.setFamilyId(token.familyId());
            e.setClientId(token.clientId());
            e.setScope(token.scope());
            e.setIssuedAt(token.issuedAt());
            e.setExpiresAt(token.expiresAt());
            e.setConsumedAt(token.consumedAt());
            e.setSuccessorHash(token.successorHash());
            e.setSealedResponse(token.sealedResponse());
            em.persist(e);
        });
    }

    @Override
    public Optional<RefreshTokenRecord> findRefreshToken(String tokenHash) {
        return Optional.ofNullable(em.find(RefreshTokenEntity.class, tokenHash))
                .map(e -> new RefreshTokenRecord(e.getTokenHash(), e.getFamilyId(), e.getClientId(), e.getScope(),
                        e.getIssuedAt(), e.getExpiresAt(), e.getConsumedAt(), e.getSuccessorHash(),
                        e.getSealedResponse()));
    }

    @Override
    public boolean consumeRefreshToken(String tokenHash, String successorHash, byte[] sealedResponse, Instant now) {
        return transaction.run(() -> {
            // one conditional update: of two concurrent rotations exactly one wins (RFC 9700 §4.14.2). Like Bulk:
            // pending changes written first, the context emptied after, so no entity it holds shows the old row
            em.flush();
            boolean consumed = em.unwrap(Session.class).doReturningWork(
                    c -> RefreshTokenRows.consume(c, tokenHash, successorHash, sealedResponse, now));
            em.clear();
            return consumed;
        });
    }

    @Override
    public void recordAccessToken(String jwtId, String familyId, Instant expiresAt) {
        transaction.run(() -> {
            IssuedAccessTokenEntity e = new IssuedAccessTokenEntity();
            e.setJwtId(jwtId);
            e.setFamilyId(familyId);
            e.setExpiresAt(expiresAt);
            em.persist(e);
        });
    }

    @Override
    public boolean isAccessTokenRevoked(String jwtId) {
        // the family is consulted too: a record written after the family was revoked is revoked as well; and so is
        // the family's session (issue #18): the access tokens of a session that ended are over, whoever ended it
        // and whenever the token was recorded (a code redeemed after the logout). A family that outlives its session
        // (offline access, SessionEnding) is detached from it when the session ends.
        return em.createQuery("select count(a) from IssuedAccessTokenEntity a where a.jwtId = :j and (a.revoked = true"
                        + " or exists (select f.id from TokenFamilyEntity f where f.id = a.familyId"
                        + " and (f.revokedAt is not null or exists (select s.sid from UserSessionEntity s"
                        + " where s.sid = f.sid and s.endedAt is not null))))", Long.class)
                .setParameter("j", jwtId)
                .getSingleResult() > 0;
    }

    @Override
    public java.util.List<TokenFamily> familiesOfSession(String sid) {
        return em.createQuery("select f from TokenFamilyEntity f where f.sid = :sid", TokenFamilyEntity.class)
                .setParameter("sid", sid).getResultStream().map(JpaTokenFamilyStore::toFamily).toList();
    }

    @Override
    @Transactional
    public void detachFromSession(String familyId) {
        Bulk.update(em, em.createQuery("update IssuedAccessTokenEntity a set a.revoked = true"
                        + " where a.familyId = :id and a.revoked = false")
                .setParameter("id", familyId));
        Bulk.update(em, em.createQuery("update TokenFamilyEntity f set f.sid = null where f.id = :id")
                .setParameter("id", familyId));
    }
}
