package dev.jeton.persistence;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.RegisteredClient;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static dev.jeton.persistence.JpaTestDatabase.inTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client cache of issue #13 against a real database: two stores over one database stand for
 * two nodes, each with its own cache. What one node changes, the other's next lookup sees.
 */
class JpaClientStoreTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private JpaTestDatabase db;
    private JpaClientStore nodeA;
    private JpaClientStore nodeB;

    @BeforeEach
    void open() {
        db = new JpaTestDatabase();
        nodeA = new JpaClientStore();
        nodeA.em = db.newEntityManager();
        nodeB = new JpaClientStore();
        nodeB.em = db.newEntityManager();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static RegisteredClient client(String id, String name, boolean enabled) {
        return new RegisteredClient(id, name, "sha256:Hxok-dva7bfYFp-4ijTv-WHJ-hMiSwyHbMBt5b0TNgU",
                ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of("client_credentials"),
                Set.of("api.read"), List.of(), null, null, null, enabled);
    }

    /** A request on a node: a transaction of its own, its persistence context empty at the start. */
    private static RegisteredClient lookup(JpaClientStore node, String id) {
        node.em.clear();
        return inTransaction(node.em, () -> node.find(id).orElse(null));
    }

    private long rowVersion(String id) {
        EntityManager em = db.newEntityManager();
        return ((Number) em.createNativeQuery("select row_version from jeton_client where client_id = ?1")
                .setParameter(1, id).getSingleResult()).longValue();
    }

    @Test
    void aSecondLookupOfAnUnchangedClientIsServedFromTheCache() {
        inTransaction(nodeA.em, () -> nodeA.save(client("svc", "Service", true), "file", NOW));

        RegisteredClient first = lookup(nodeB, "svc");
        RegisteredClient second = lookup(nodeB, "svc");

        assertEquals(client("svc", "Service", true), first);
        assertSame(first, second, "the same row version: the mapped client is reused");
    }

    @Test
    void aClientDisabledOnOneNodeIsRefusedByTheNextLookupOnAnother() {
        inTransaction(nodeA.em, () -> nodeA.save(client("svc", "Service", true), "file", NOW));
        assertTrue(lookup(nodeB, "svc").enabled());

        nodeA.em.clear();
        inTransaction(nodeA.em, () -> nodeA.disableOthers("file", Set.of(), NOW.plusSeconds(1)));

        assertFalse(lookup(nodeB, "svc").enabled());
    }

    @Test
    void aClientChangedOnOneNodeIsSeenChangedOnAnother() {
        inTransaction(nodeA.em, () -> nodeA.save(client("svc", "Service", true), "file", NOW));
        RegisteredClient before = lookup(nodeB, "svc");

        nodeA.em.clear();
        inTransaction(nodeA.em, () -> nodeA.save(client("svc", "Renamed", true), "file", NOW.plusSeconds(1)));

        RegisteredClient after = lookup(nodeB, "svc");
        assertEquals("Renamed", after.clientName());
        assertNotSame(before, after);
    }

    @Test
    void aDeletedClientIsGoneAndOneRegisteredAgainUnderItsIdIsNotTheCachedOne() {
        inTransaction(nodeA.em, () -> nodeA.save(client("svc", "First", true), "registration", NOW));
        assertEquals("First", lookup(nodeB, "svc").clientName());

        inTransaction(nodeA.em, () -> nodeA.em.createQuery("delete from ClientEntity c where c.clientId = 'svc'")
                .executeUpdate());
        assertEquals(null, lookup(nodeB, "svc"));

        nodeA.em.clear();
        inTransaction(nodeA.em, () -> nodeA.save(client("svc", "Second", true), "registration", NOW.plusSeconds(1)));
        assertEquals("Second", lookup(nodeB, "svc").clientName());
    }

    @Test
    void everyWriteOfTheRowGivesItANewVersion() {
        inTransaction(nodeA.em, () -> nodeA.save(client("svc", "First", true), "file", NOW));
        long created = rowVersion("svc");
        nodeA.em.clear();
        inTransaction(nodeA.em, () -> nodeA.save(client("svc", "Second", true), "file", NOW.plusSeconds(1)));
        long updated = rowVersion("svc");

        assertNotEquals(0, created);
        assertNotEquals(created, updated);
    }

    @Test
    void aTransactionThatChangedTheClientSeesItsOwnChangeBeforeItIsWritten() {
        inTransaction(nodeA.em, () -> nodeA.save(client("svc", "First", true), "file", NOW));
        assertEquals("First", lookup(nodeA, "svc").clientName());

        nodeA.em.clear();
        String seen = inTransaction(nodeA.em, () -> {
            nodeA.em.find(ClientEntity.class, "svc").setClientName("Changed, not flushed");
            return nodeA.find("svc").orElseThrow().clientName();
        });

        assertEquals("Changed, not flushed", seen);
    }

    @Test
    void anUnknownOrOversizedIdIsNoClient() {
        assertEquals(null, lookup(nodeA, "nobody"));
        assertEquals(null, lookup(nodeA, "x".repeat(201)));
    }

    @Test
    void aClientsLogoutRegistrationIsStoredAsItWasRegistered() {
        dev.jeton.client.ClientLogout logout = new dev.jeton.client.ClientLogout(
                List.of("https://rp.example/bye?x=1", "https://rp.example/bye"), "https://rp.example/bc?tenant=b",
                true, false);
        inTransaction(nodeA.em, () -> nodeA.save(client("rp", "RP", true).withLogout(logout), "registration", NOW));
        assertEquals(logout, lookup(nodeB, "rp").logout());
        inTransaction(nodeA.em, () -> nodeA.save(client("plain", "Plain", true), "registration", NOW));
        assertEquals(dev.jeton.client.ClientLogout.NONE, lookup(nodeB, "plain").logout());
    }

    /** Issue #19: the operator's switch on node A; node B's cached client must not outlive it. */
    @Test
    void aClientDisabledByTheOperatorOnOneNodeIsRefusedByTheNextLookupOnAnotherAndEnabledAgain() {
        inTransaction(nodeA.em, () -> nodeA.save(client("svc", "Service", true), "file", NOW));
        RegisteredClient cached = lookup(nodeB, "svc");
        assertTrue(cached.enabled());
        long before = rowVersion("svc");

        nodeA.em.clear();
        assertTrue(inTransaction(nodeA.em, () -> nodeA.setEnabled("svc", false, NOW.plusSeconds(1))));

        assertNotEquals(before, rowVersion("svc"), "the switch gives the row a new version");
        assertFalse(lookup(nodeB, "svc").enabled());
        assertFalse(lookup(nodeA, "svc").enabled());

        nodeB.em.clear();
        assertTrue(inTransaction(nodeB.em, () -> nodeB.setEnabled("svc", true, NOW.plusSeconds(2))));
        assertTrue(lookup(nodeA, "svc").enabled());
        assertEquals(cached, lookup(nodeB, "svc"), "enabled again, the client is as it was");
    }

    @Test
    void theSwitchOfAnUnknownOrOversizedIdChangesNothing() {
        assertFalse(inTransaction(nodeA.em, () -> nodeA.setEnabled("nobody", false, NOW)));
        assertFalse(inTransaction(nodeA.em, () -> nodeA.setEnabled("x".repeat(201), false, NOW)));
        assertEquals(null, lookup(nodeA, "nobody"));
    }

    /** A node starting imports the clients file again; an RFC 7592 update saves the client again. */
    @Test
    void aClientTheOperatorDisabledStaysDisabledWhenSavedAgainUntilTheOperatorEnablesIt() {
        inTransaction(nodeA.em, () -> nodeA.save(client("svc", "Service", true), "file", NOW));
        nodeA.em.clear();
        inTransaction(nodeA.em, () -> nodeA.setEnabled("svc", false, NOW.plusSeconds(1)));
        long disabled = rowVersion("svc");

        nodeB.em.clear();
        boolean changed = inTransaction(nodeB.em, () -> nodeB.save(client("svc", "Service", true), "file",
                NOW.plusSeconds(2)));
        assertFalse(changed, "the file's enabled: true does not undo the operator's switch");
        assertEquals(disabled, rowVersion("svc"));
        assertFalse(lookup(nodeB, "svc").enabled());

        nodeB.em.clear();
        inTransaction(nodeB.em, () -> nodeB.save(client("svc", "Renamed", true), "dynamic", NOW.plusSeconds(3)));
        RegisteredClient updated = lookup(nodeA, "svc");
        assertEquals("Renamed", updated.clientName());
        assertFalse(updated.enabled(), "an update of the client's metadata leaves it disabled");

        nodeA.em.clear();
        inTransaction(nodeA.em, () -> nodeA.setEnabled("svc", true, NOW.plusSeconds(4)));
        nodeB.em.clear();
        inTransaction(nodeB.em, () -> nodeB.save(client("svc", "Renamed", false), "file", NOW.plusSeconds(5)));
        assertFalse(lookup(nodeA, "svc").enabled(), "once enabled by the operator, the file governs it again");
    }
}
