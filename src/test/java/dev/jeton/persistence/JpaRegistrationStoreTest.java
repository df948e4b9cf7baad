package dev.jeton.persistence;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.RegisteredClient;
import dev.jeton.grant.family.RefreshTokenRecord;
import dev.jeton.grant.family.TokenFamily;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static dev.jeton.persistence.JpaTestDatabase.inTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dynamically registered clients (RFC 7591 / 7592) in a real database. */
class JpaRegistrationStoreTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private JpaTestDatabase db;
    private JpaRegistrationStore store;
    private JpaClientStore clients;
    private JpaTokenFamilyStore families;

    @BeforeEach
    void open() {
        db = new JpaTestDatabase();
        var em = db.newEntityManager();
        clients = new JpaClientStore();
        clients.em = em;
        families = new JpaTokenFamilyStore();
        families.em = em;
        store = new JpaRegistrationStore();
        store.em = em;
        store.clients = clients;
        store.families = families;
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static RegisteredClient client(String id, String name) {
        return new RegisteredClient(id, name, "sha256:Hxok-dva7bfYFp-4ijTv-WHJ-hMiSwyHbMBt5b0TNgU",
                ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of("authorization_code", "refresh_token"),
                Set.of("openid"), List.of("https://a.example/cb"), null, null, null, true);
    }

    @Test
    void aRegistrationIsStoredWithItsTokenHashAndUpdatedInPlace() {
        inTransaction(store.em, () -> store.create(client("dyn", "First"), "token-hash", NOW));

        var found = store.find("dyn").orElseThrow();
        assertEquals("token-hash", found.registrationTokenHash());
        assertEquals(NOW, found.issuedAt());
        assertEquals(client("dyn", "First"), found.client());
        assertEquals(client("dyn", "First"), clients.find("dyn").orElseThrow(), "the token endpoint sees it");

        inTransaction(store.em, () -> store.update(client("dyn", "Second"), NOW.plusSeconds(60)));

        assertEquals("Second", store.find("dyn").orElseThrow().client().clientName());
        assertEquals("token-hash", store.find("dyn").orElseThrow().registrationTokenHash(), "kept by the update");
    }

    @Test
    void aClientFromTheFileCannotBeManaged() {
        inTransaction(clients.em, () -> clients.save(client("declared", "Ops"), "file", NOW));

        assertTrue(store.find("declared").isEmpty());
        inTransaction(store.em, () -> store.delete("declared", NOW));
        assertTrue(clients.find("declared").isPresent(), "delete only touches dynamic clients");
    }

    @Test
    void deletingAClientRevokesItsGrants() {
        inTransaction(store.em, () -> {
            store.create(client("dyn", "First"), "token-hash", NOW);
            families.createFamily(new TokenFamily("f", "dyn", "u", "openid", NOW, NOW, NOW.plus(Duration.ofDays(30)),
                    null, null));
            families.saveRefreshToken(new RefreshTokenRecord("rt", "f", "dyn", "openid", NOW,
                    NOW.plus(Duration.ofDays(14)), null, null, null));
            families.recordAccessToken("at", "f", NOW.plusSeconds(600));
        });

        inTransaction(store.em, () -> store.delete("dyn", NOW.plusSeconds(5)));

        assertTrue(clients.find("dyn").isEmpty());
        assertTrue(store.find("dyn").isEmpty());
        assertTrue(families.findFamily("f").orElseThrow().revoked());
        assertTrue(families.findRefreshToken("rt").orElseThrow().consumed());
        assertTrue(families.isAccessTokenRevoked("at"));
    }
}
