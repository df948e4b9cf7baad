package dev.jeton.persistence;

import dev.jeton.authorize.PendingAuthorizations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.jeton.persistence.JpaTestDatabase.inTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pushed authorization requests on a real database (RFC 9126 §4): found as often as the user reloads
 * while the authorization is under way, spent once when it completes, expired, bound to the client.
 */
class JpaPushedRequestStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private JpaTestDatabase db;
    private JpaPushedRequestStore store;

    @BeforeEach
    void open() {
        db = new JpaTestDatabase();
        store = storeOn(db);
    }

    private static JpaPushedRequestStore storeOn(JpaTestDatabase db) {
        JpaPushedRequestStore s = new JpaPushedRequestStore();
        s.em = db.newEntityManager();
        return s;
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aPushedRequestIsFoundUntilItIsSpentAndSpentOnce() {
        inTransaction(store.em, () -> store.save("hash-1", "client", "a=b", NOW, NOW.plusSeconds(60)));
        for (int reload = 1; reload <= 3; reload++) {
            var found = store.find("hash-1", "client", NOW.plusSeconds(reload)).orElseThrow();
            assertEquals("client", found.clientId());
            assertEquals("a=b", found.parameters());
        }
        assertTrue(inTransaction(store.em, () -> store.spend("hash-1", NOW.plusSeconds(5))));
        assertFalse(inTransaction(store.em, () -> store.spend("hash-1", NOW.plusSeconds(6))), "spent once");
        assertTrue(store.find("hash-1", "client", NOW.plusSeconds(7)).isEmpty());
    }

    @Test
    void anAuthorizationBegunInTimeMaySpendItAfterItsLifetime() {
        // the user signs in for longer than the request_uri's 60 s; the pushed request must still be there
        inTransaction(store.em, () -> store.save("slow", "client", "a=b", NOW, NOW.plusSeconds(60)));
        assertTrue(store.find("slow", "client", NOW.plusSeconds(59)).isPresent());
        assertTrue(store.find("slow", "client", NOW.plusSeconds(60)).isEmpty(), "no new authorization after expiry");
        Instant later = NOW.plusSeconds(600);
        inTransaction(store.em, () -> store.save("other", "client", "c=d", later, later.plusSeconds(60)));
        assertTrue(inTransaction(store.em, () -> store.spend("slow", later)));
    }

    @Test
    void expiredRequestsAreRemovedOnceNoAuthorizationCanNeedThem() {
        inTransaction(store.em, () -> store.save("old", "client", "a=b", NOW, NOW.plusSeconds(60)));
        Instant past = NOW.plusSeconds(60).plus(PendingAuthorizations.LIFETIME).plusSeconds(1);
        inTransaction(store.em, () -> store.save("new", "client", "a=b", past, past.plusSeconds(60)));
        assertEquals(1L, store.em.createQuery("select count(p) from PushedRequestEntity p", Long.class)
                .getSingleResult());
    }

    @Test
    void anotherClientCannotFindIt() {
        inTransaction(store.em, () -> store.save("hash-2", "client", "a=b", NOW, NOW.plusSeconds(60)));
        assertTrue(store.find("hash-2", "intruder", NOW).isEmpty());
        assertTrue(store.find("hash-2", "client", NOW).isPresent());
    }

    @Test
    void anUnknownRequestIsNeitherFoundNorSpent() {
        assertTrue(store.find("nothing", "client", NOW).isEmpty());
        assertFalse(inTransaction(store.em, () -> store.spend("nothing", NOW)));
    }

    @Test
    void concurrentCompletionsHaveExactlyOneWinner() throws Exception {
        // two tabs finishing one pushed request at once, each with its own connection and transaction
        JpaPushedRequestStore first = storeOn(db);
        JpaPushedRequestStore second = storeOn(db);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                String hash = "race-" + round;
                inTransaction(store.em, () -> store.save(hash, "client", "a=b", NOW, NOW.plusSeconds(60)));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (JpaPushedRequestStore s : List.of(first, second)) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return inTransaction(s.em, () -> s.spend(hash, NOW));
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> r : results) {
                    winners += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, winners, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
