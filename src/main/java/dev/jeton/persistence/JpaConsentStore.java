package dev.jeton.persistence;

import dev.jeton.authorize.ConsentStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Consents in the database: one row per user and client, the scopes space-separated as on the wire. */
@ApplicationScoped
public class JpaConsentStore implements ConsentStore {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    /** No row means no consent at all, even for an empty scope set: the user never approved the client. */
    @Override
    public boolean covers(String subject, String clientId, Set<String> scopes) {
        return row(subject, clientId).map(c -> split(c.getScopes()).containsAll(scopes)).orElse(false);
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
        // adds to what was given before: a narrower request later does not take consent away
        Set<String> merged = split(created ? null : row.getScopes());
        merged.addAll(scopes);
        row.setScopes(String.join(" ", merged));
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

    /** Sorted, so the stored value does not depend on the order scopes were asked for. */
    private static Set<String> split(String scopes) {
        Set<String> set = new TreeSet<>();
        if (scopes != null && !scopes.isBlank()) {
            set.addAll(Arrays.asList(scopes.trim().split(" +")));
        }
        return set;
    }
}
