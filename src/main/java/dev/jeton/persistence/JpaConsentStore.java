package dev.jeton.persistence;

import dev.jeton.authorize.ConsentStore;
import dev.jeton.vocabulary.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Consents in the database: one row per user and client, the scopes space-separated as on the wire. */
@ApplicationScoped
public class JpaConsentStore implements ConsentStore {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    /** No row means no consent at all, even for an empty scope set: the user never approved the client. */
    @Override
    public boolean covers(String subject, String clientId, Set<String> scopes) {
        return row(subject, clientId).map(c -> Scope.ofIssued(c.getScopes()).tokens().containsAll(scopes)).orElse(false);
    }

    @Override
    @Transactional
    public void remember(String subject, String clientId, Set<String> scopes, Instant now) {
        ConsentEntity row = row(subject, clientId).orElse(null);
        boolean created = row == null;
        if (created) {
            row = new ConsentEntity();
            row.setSubject(subject);
            row.setClientId(clientId);
            row.setCreatedAt(now);
        }
        // adds to what was given before: a narrower request later does not take consent away; sorted, so
        // the stored value does not depend on the order scopes were asked for
        Scope merged = Scope.ofIssued(created ? null : row.getScopes()).union(Scope.of(scopes)).sorted();
        row.setScopes(merged.toString());
        row.setUpdatedAt(now);
        if (created) {
            em.persist(row);
        }
    }

    private Optional<ConsentEntity> row(String subject, String clientId) {
        return em.createQuery("select c from ConsentEntity c where c.subject = :s and c.clientId = :c",
                        ConsentEntity.class)
                .setParameter("s", subject)
                .setParameter("c", clientId)
                .getResultStream().findFirst();
    }
}
