package dev.jeton.persistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static dev.jeton.persistence.JpaTestDatabase.inTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Remembered consent (OIDC Core §3.1.2.4: the server may use earlier consent instead of asking again). */
class JpaConsentStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private JpaTestDatabase db;
    private JpaConsentStore consents;

    @BeforeEach
    void open() {
        db = new JpaTestDatabase();
        consents = new JpaConsentStore();
        consents.em = db.newEntityManager();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void remember(String subject, String client, Set<String> scopes, Instant when) {
        inTransaction(consents.em, () -> consents.remember(subject, client, scopes, when));
    }

    @Test
    void nothingIsCoveredBeforeConsent() {
        assertFalse(consents.covers("alice", "web", Set.of("openid")));
        assertFalse(consents.covers("alice", "web", Set.of()));
    }

    @Test
    void consentCoversItsScopesAndSubsetsOnly() {
        remember("alice", "web", Set.of("openid", "profile"), NOW);

        assertTrue(consents.covers("alice", "web", Set.of("openid", "profile")));
        assertTrue(consents.covers("alice", "web", Set.of("profile")));
        assertFalse(consents.covers("alice", "web", Set.of("openid", "email")));
        // per user and per client
        assertFalse(consents.covers("bob", "web", Set.of("openid")));
        assertFalse(consents.covers("alice", "other", Set.of("openid")));
    }

    @Test
    void rememberingMoreMergesIntoOneRow() {
        remember("alice", "web", Set.of("openid", "profile"), NOW);
        remember("alice", "web", Set.of("email"), NOW.plusSeconds(60));
        remember("alice", "web", Set.of("openid"), NOW.plusSeconds(120));

        assertTrue(consents.covers("alice", "web", Set.of("openid", "profile", "email")));
        ConsentEntity row = consents.em.createQuery("select c from ConsentEntity c", ConsentEntity.class)
                .getSingleResult();
        assertEquals("email openid profile", row.getScopes());
        assertEquals(NOW, row.getCreatedAt());
        assertEquals(NOW.plusSeconds(120), row.getUpdatedAt());
    }
}
