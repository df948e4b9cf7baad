package dev.jeton.persistence;

import dev.jeton.grant.devicecode.DeviceAuthorization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.jeton.persistence.JpaTestDatabase.inTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device authorizations against a real database: decisions and the device code are taken once (RFC 8628 §3.5). */
class JpaDeviceAuthorizationStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private JpaTestDatabase db;
    private JpaDeviceAuthorizationStore store;

    @BeforeEach
    void open() {
        db = new JpaTestDatabase();
        store = new JpaDeviceAuthorizationStore();
        store.em = db.newEntityManager();
        inTransaction(store.em, () -> store.save(new DeviceAuthorization("dev-hash", "user-hash", "tv", "api.read",
                NOW, NOW.plusSeconds(600), Duration.ofSeconds(5), null, DeviceAuthorization.Status.PENDING, null, null,
                false)));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void foundByUserCodeOnlyWhileUnexpired() {
        assertTrue(store.findByUserCode("user-hash", NOW).isPresent());
        assertTrue(store.findByUserCode("user-hash", NOW.plusSeconds(600)).isEmpty());
        assertTrue(store.findByUserCode("other", NOW).isEmpty());
    }

    @Test
    void pollsKeepTheGrownInterval() {
        inTransaction(store.em, () -> store.recordPoll("dev-hash", NOW.plusSeconds(1), Duration.ofSeconds(10)));
        DeviceAuthorization d = store.findByDeviceCode("dev-hash").orElseThrow();
        assertEquals(Duration.ofSeconds(10), d.interval());
        assertEquals(NOW.plusSeconds(1), d.lastPolledAt());
    }

    @Test
    void aDecisionIsTakenOnceAndTheCodeSpentOnce() {
        assertFalse(inTransaction(store.em, () -> store.consume("dev-hash", NOW)), "pending codes cannot be spent");
        assertTrue(inTransaction(store.em, () -> store.decide("dev-hash", DeviceAuthorization.Status.APPROVED, "u1",
                NOW, NOW.plusSeconds(10))));
        assertFalse(inTransaction(store.em, () -> store.decide("dev-hash", DeviceAuthorization.Status.DENIED, "u2",
                NOW, NOW.plusSeconds(11))));
        DeviceAuthorization d = store.findByDeviceCode("dev-hash").orElseThrow();
        assertEquals(DeviceAuthorization.Status.APPROVED, d.status());
        assertEquals("u1", d.subject());
        assertTrue(inTransaction(store.em, () -> store.consume("dev-hash", NOW.plusSeconds(20))));
        assertFalse(inTransaction(store.em, () -> store.consume("dev-hash", NOW.plusSeconds(21))));
        assertTrue(store.findByDeviceCode("dev-hash").orElseThrow().consumed());
    }

    @Test
    void anExpiredRequestCannotBeDecided() {
        assertFalse(inTransaction(store.em, () -> store.decide("dev-hash", DeviceAuthorization.Status.APPROVED, "u1",
                NOW, NOW.plusSeconds(600))));
        assertEquals(1, inTransaction(store.em, () -> store.purgeExpired(NOW.plusSeconds(601))));
    }
}
