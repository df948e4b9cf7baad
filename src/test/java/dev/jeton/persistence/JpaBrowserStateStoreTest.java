package dev.jeton.persistence;

import dev.jeton.authorize.BrowserStateStore.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.jeton.persistence.JpaTestDatabase.inTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The browsers' pending requests on a real database, with two "nodes" (stores with entity managers
 * of their own) on it: what one node stored the other finds, updates and finishes, and of two
 * nodes finishing one request at once exactly one succeeds (issue #19: no session affinity).
 */
class JpaBrowserStateStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private JpaTestDatabase db;
    private JpaBrowserStateStore nodeA;
    private JpaBrowserStateStore nodeB;

    @BeforeEach
    void open() {
        db = new JpaTestDatabase();
        nodeA = storeOn(db);
        nodeB = storeOn(db);
    }

    private static JpaBrowserStateStore storeOn(JpaTestDatabase db) {
        JpaBrowserStateStore s = new JpaBrowserStateStore();
        s.em = db.newEntityManager();
        return s;
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void whatOneNodeStoredTheOtherFindsUpdatesAndFinishes() {
        inTransaction(nodeA.em, () -> nodeA.add(Kind.AUTHORIZATION, "id-1", "browser", "{\"a\":1}", NOW,
                NOW.plusSeconds(60)));
        assertEquals(Optional.of("{\"a\":1}"), nodeB.find(Kind.AUTHORIZATION, "id-1", "browser", NOW));
        assertEquals(Optional.empty(), nodeB.find(Kind.AUTHORIZATION, "id-1", "other-browser", NOW));
        assertEquals(Optional.empty(), nodeB.find(Kind.ACTIVATION, "id-1", "browser", NOW));
        assertEquals(Optional.empty(), nodeB.find(Kind.AUTHORIZATION, "id-1", "browser", NOW.plusSeconds(60)));

        assertTrue(inTransaction(nodeB.em, () -> nodeB.update(Kind.AUTHORIZATION, "id-1", "browser", "{\"a\":2}")));
        assertEquals(Optional.of("{\"a\":2}"), nodeA.find(Kind.AUTHORIZATION, "id-1", "browser", NOW));
        assertEquals(List.of("id-1"), nodeA.ids(Kind.AUTHORIZATION, "browser", NOW));

        assertFalse(inTransaction(nodeA.em, () -> nodeA.remove(Kind.AUTHORIZATION, "id-1", "other-browser")));
        assertTrue(inTransaction(nodeA.em, () -> nodeA.remove(Kind.AUTHORIZATION, "id-1", "browser")));
        assertFalse(inTransaction(nodeB.em, () -> nodeB.remove(Kind.AUTHORIZATION, "id-1", "browser")));
        assertFalse(inTransaction(nodeB.em, () -> nodeB.update(Kind.AUTHORIZATION, "id-1", "browser", "{}")));
    }

    @Test
    void twoNodesFinishingOneRequestAtOnceHaveOneWinner() throws Exception {
        inTransaction(nodeA.em, () -> nodeA.add(Kind.AUTHORIZATION, "raced", "browser", "{}", NOW, NOW.plusSeconds(60)));
        ExecutorService two = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (JpaBrowserStateStore node : List.of(nodeA, nodeB)) {
                results.add(two.submit(() -> {
                    go.await();
                    return inTransaction(node.em, () -> node.remove(Kind.AUTHORIZATION, "raced", "browser"));
                }));
            }
            go.countDown();
            int winners = 0;
            for (Future<Boolean> r : results) {
                winners += r.get() ? 1 : 0;
            }
            assertEquals(1, winners);
        } finally {
            two.shutdownNow();
        }
    }

    @Test
    void aRenewedCookieTakesTheEntriesAlongAndThePurgeDeletesExpiredOnes() {
        inTransaction(nodeA.em, () -> {
            nodeA.add(Kind.AUTHORIZATION, "a", "old", "{}", NOW, NOW.plusSeconds(60));
            nodeA.add(Kind.ACTIVATION, "b", "old", "BCDFGHJK", NOW, NOW.plusSeconds(10));
            nodeA.add(Kind.ACTIVATION, "c", "someone-else", "BCDFGHJK", NOW, NOW.plusSeconds(60));
        });
        inTransaction(nodeB.em, () -> nodeB.moveBrowser("old", "new"));
        assertEquals(List.of("a"), nodeA.ids(Kind.AUTHORIZATION, "new", NOW));
        assertEquals(List.of(), nodeA.ids(Kind.AUTHORIZATION, "old", NOW));
        assertEquals(1, (int) inTransaction(nodeA.em, () -> nodeA.purgeExpired(NOW.plusSeconds(10))));
        inTransaction(nodeA.em, () -> nodeA.forgetBrowser("new"));
        assertEquals(List.of(), nodeB.ids(Kind.AUTHORIZATION, "new", NOW));
        assertEquals(List.of("c"), nodeB.ids(Kind.ACTIVATION, "someone-else", NOW));
    }
}
