package dev.jeton.persistence;

import dev.jeton.vocabulary.ResourceIndicators;
import dev.jeton.grant.authorizationcode.AuthorizationCode;
import dev.jeton.grant.authorizationcode.AuthorizationCodeStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.time.Instant;
import java.util.Optional;

/** Authorization codes in the database, by hash. */
@ApplicationScoped
public class JpaAuthorizationCodeStore implements AuthorizationCodeStore {

    /**
     * A code whose request had no PKCE challenge (a confidential client allowed to go without it):
     * the column predates that and is NOT NULL in existing databases, which hbm2ddl does not alter;
     * the empty string is never a challenge (RFC 7636 §4.2: 43 to 128 characters).
     */
    static final String NO_CHALLENGE = "";

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    /** The redemption's claim joins the request's transaction without an interceptor pass (issue #13). */
    @Inject
    JoinedTransaction transaction = JoinedTransaction.CALLER;

    @Override
    @Transactional
    public void save(AuthorizationCode code) {
        AuthorizationCodeEntity e = new AuthorizationCodeEntity();
        e.setCodeHash(code.codeHash());
        e.setClientId(code.clientId());
        e.setRedirectUri(code.redirectUri());
        e.setCodeChallenge(code.codeChallenge() == null ? NO_CHALLENGE : code.codeChallenge());
        e.setScope(code.scope());
        e.setNonce(code.nonce());
        e.setSubject(code.subject());
        e.setAuthTime(code.authTime());
        e.setExpiresAt(code.expiresAt());
        e.setClaims(code.claims());
        e.setDpopJkt(code.dpopJkt());
        e.setResources(ResourceIndicators.join(code.resources()));
        e.setSid(code.sid());
        em.persist(e);
    }

    @Override
    public Optional<StoredCode> find(String codeHash) {
        return Optional.ofNullable(em.find(AuthorizationCodeEntity.class, codeHash))
                .map(e -> new StoredCode(new AuthorizationCode(e.getCodeHash(), e.getClientId(), e.getRedirectUri(),
                        NO_CHALLENGE.equals(e.getCodeChallenge()) ? null : e.getCodeChallenge(), e.getScope(),
                        e.getNonce(), e.getSubject(), e.getAuthTime(),
                        e.getExpiresAt(), e.getClaims(), e.getDpopJkt(),
                        ResourceIndicators.split(e.getResources()), e.getSid()), e.isConsumed(), e.getFamilyId()));
    }

    @Override
    public boolean claim(String codeHash, String familyId, Instant now) {
        return transaction.run(() -> {
            // one conditional update: the database decides the single winner (RFC 6749 §4.1.2, code used once). Like
            // Bulk: pending changes written first, the context emptied after
            em.flush();
            boolean claimed = em.unwrap(Session.class).doReturningWork(
                    c -> AuthorizationCodeRows.claim(c, codeHash, familyId, now));
            em.clear();
            return claimed;
        });
    }

    @Override
    @Transactional
    public int purgeExpired(Instant cutoff) {
        return Bulk.update(em, em.createQuery("delete from AuthorizationCodeEntity c where c.expiresAt < :cutoff")
                .setParameter("cutoff", cutoff));
    }
}
