package dev.jeton.persistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.jeton.persistence.JpaTestDatabase.inTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pushed authorization requests on a real database: single use, expiry (RFC 9126 §4). */
class JpaPushedRequestStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private JpaTestDatabase db;
    private JpaPushedRequestStore store;

    @BeforeEach
    void open() {
        db = new JpaTestDatabase();
        store = new JpaPushedRequestStore();
        store.em = db.newEntityManager();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aPushedRequestIsTakenOnce() {
        inTransaction(store.em, () -> store.save("hash-1", "client", "a=b", NOW, NOW.plusSeconds(60)));
        var taken = inTransaction(store.em, () -> store.take("hash-1", "client", NOW.plusSeconds(1))).orElseThrow();
        assertEquals("client", taken.clientId());
        assertEquals("a=b", taken.parameters());
        assertTrue(inTransaction(store.em, () -> store.take("hash-1", "client", NOW.plusSeconds(2))).isEmpty());
    }

    @Test
    void anExpiredRequestIsNotTakenAndIsRemovedLater() {
        inTransaction(store.em, () -> store.save("old", "client", "a=b", NOW, NOW.plusSeconds(60)));
        assertTrue(inTransaction(store.em, () -> store.take("old", "client", NOW.plusSeconds(60))).isEmpty());
        inTransaction(store.em, () -> store.save("new", "client", "a=b", NOW.plusSeconds(61), NOW.plusSeconds(121)));
        assertEquals(1L, store.em.createQuery("select count(p) from PushedRequestEntity p", Long.class)
                .getSingleResult());
    }

    @Test
    void anotherClientCannotTakeIt() {
        inTransaction(store.em, () -> store.save("hash-2", "client", "a=b", NOW, NOW.plusSeconds(60)));
        assertTrue(inTransaction(store.em, () -> store.take("hash-2", "intruder", NOW)).isEmpty());
        assertTrue(inTransaction(store.em, () -> store.take("hash-2", "client", NOW)).isPresent());
    }

    @Test
    void anUnknownRequestIsNotTaken() {
        assertTrue(inTransaction(store.em, () -> store.take("nothing", "client", NOW)).isEmpty());
    }
}
