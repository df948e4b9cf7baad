package dev.jeton.persistence;

import dev.jeton.replay.ReplayKind;
import jakarta.persistence.EntityManager;
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

import static dev.jeton.persistence.JpaTestDatabase.inTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared jti replay store on a real database: the unique constraint refuses the second use. */
class JpaReplayStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final Instant LATER = NOW.plusSeconds(60);

    private JpaTestDatabase db;

    @BeforeEach
    void open() {
        db = new JpaTestDatabase();
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** What the container does: a transaction for each call (the caller's, when it has one). */
    private JpaReplayStore storeOn(JpaTestDatabase database) {
        EntityManager em = database.newEntityManager();
        UsedJtiRows rows = new UsedJtiRows() {
            @Override
            public boolean take(String kind, String hash, Instant expiresAt, Instant now) {
                return inTransaction(em, () -> super.take(kind, hash, expiresAt, now));
            }

            @Override
            public int purgeExpired(Instant now) {
                return inTransaction(em, () -> super.purgeExpired(now));
            }
        };
        rows.em = em;
        JpaReplayStore store = new JpaReplayStore();
        store.rows = rows;
        return store;
    }

    @Test
    void aJtiIsAcceptedOnceThenRefused() {
        JpaReplayStore store = storeOn(db);
        assertTrue(store.firstUse(ReplayKind.CLIENT_ASSERTION, "client-a", "jti-1", LATER, NOW));
        assertFalse(store.firstUse(ReplayKind.CLIENT_ASSERTION, "client-a", "jti-1", LATER, NOW.plusSeconds(1)));
    }

    @Test
    void kindsAndNamespacesAreSeparate() {
        JpaReplayStore store = storeOn(db);
        assertTrue(store.firstUse(ReplayKind.CLIENT_ASSERTION, "client-a", "jti-1", LATER, NOW));
        assertTrue(store.firstUse(ReplayKind.DPOP_PROOF, "client-a", "jti-1", LATER, NOW));
        assertTrue(store.firstUse(ReplayKind.CLIENT_ASSERTION, "client-b", "jti-1", LATER, NOW));
        assertTrue(store.firstUse(ReplayKind.CLIENT_ASSERTION, "client-a:jti", "1", LATER, NOW));
    }

    @Test
    void aSecondNodeSeesTheFirstNodesJti() {
        // two stores with their own entity managers on one database: two nodes of a cluster
        JpaReplayStore node1 = storeOn(db);
        JpaReplayStore node2 = storeOn(db);
        assertTrue(node1.firstUse(ReplayKind.DPOP_PROOF, "jkt", "proof-1", LATER, NOW));
        assertFalse(node2.firstUse(ReplayKind.DPOP_PROOF, "jkt", "proof-1", LATER, NOW));
    }

    @Test
    void concurrentUsesOfOneJtiHaveExactlyOneWinner() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            JpaReplayStore node = storeOn(db);
            results.add(pool.submit(() -> {
                start.await();
                return node.firstUse(ReplayKind.CLIENT_ASSERTION, "client-a", "raced", LATER, NOW);
            }));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> r : results) {
            winners += r.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, winners);
    }

    @Test
    void anExpiredRowNoLongerBlocksAndIsPurged() {
        JpaReplayStore store = storeOn(db);
        assertTrue(store.firstUse(ReplayKind.CLIENT_ASSERTION, "client-a", "jti-1", LATER, NOW));
        assertTrue(store.firstUse(ReplayKind.CLIENT_ASSERTION, "client-a", "jti-2", LATER, NOW));
        assertTrue(store.firstUse(ReplayKind.CLIENT_ASSERTION, "client-a", "jti-1", LATER.plusSeconds(60), LATER));
        assertEquals(1, store.purgeExpired(LATER));
        assertEquals(0, store.purgeExpired(LATER));
    }

    @Test
    void aDatabaseFaultIsAnErrorNotAReplay() {
        JpaReplayStore store = storeOn(db);
        db.close();
        assertThrows(RuntimeException.class,
                () -> store.firstUse(ReplayKind.CLIENT_ASSERTION, "client-a", "jti-1", LATER, NOW));
    }

    @Test
    void valuesAreKeptOnlyAsHashes() {
        JpaReplayStore store = storeOn(db);
        store.firstUse(ReplayKind.CLIENT_ASSERTION, "client-a", "secret-looking-jti", LATER, NOW);
        EntityManager em = db.newEntityManager();
        List<String> hashes = em.createQuery("select u.jtiHash from UsedJtiEntity u", String.class).getResultList();
        assertEquals(List.of(JpaReplayStore.hash("client-a", "secret-looking-jti")), hashes);
        assertFalse(hashes.get(0).contains("secret"));
    }

    @Test
    void aReplayRefusedInsideARequestLeavesItsTransactionCommittable() {
        // the token request's transaction: a refused replay must not doom the audit rows beside it
        EntityManager em = db.newEntityManager();
        UsedJtiRows rows = new UsedJtiRows();
        rows.em = em;
        String hash = JpaReplayStore.hash("client-a", "jti-1");
        boolean[] taken = inTransaction(em, () -> {
            boolean first = rows.take("CLIENT_ASSERTION", hash, LATER, NOW);
            boolean second = rows.take("CLIENT_ASSERTION", hash, LATER, NOW);
            assertFalse(em.getTransaction().getRollbackOnly(), "the refusal marked the transaction");
            return new boolean[]{first, second};
        });
        assertTrue(taken[0]);
        assertFalse(taken[1]);
        assertFalse(storeOn(db).firstUse(ReplayKind.CLIENT_ASSERTION, "client-a", "jti-1", LATER, NOW),
                "the committed row refuses the value on another node");
    }

    @Test
    void aTakeWhoseRequestRollsBackLeavesTheValueFree() {
        EntityManager em = db.newEntityManager();
        UsedJtiRows rows = new UsedJtiRows();
        rows.em = em;
        em.getTransaction().begin();
        assertTrue(rows.take("DPOP_PROOF", JpaReplayStore.hash("jkt", "p-1"), LATER, NOW));
        em.getTransaction().rollback();
        assertTrue(storeOn(db).firstUse(ReplayKind.DPOP_PROOF, "jkt", "p-1", LATER, NOW));
    }

    @Test
    void aValueTakenByAnUncommittedTransactionIsNotGivenToASecondOne() throws Exception {
        EntityManager first = db.newEntityManager();
        UsedJtiRows rows = new UsedJtiRows();
        rows.em = first;
        first.getTransaction().begin();
        assertTrue(rows.take("CLIENT_ASSERTION", JpaReplayStore.hash("client-a", "held"), LATER, NOW));
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<Boolean> second = other.submit(
                    () -> storeOn(db).firstUse(ReplayKind.CLIENT_ASSERTION, "client-a", "held", LATER, NOW));
            Thread.sleep(200);
            first.getTransaction().commit();
            assertFalse(second.get());
        } finally {
            other.shutdownNow();
        }
    }
}
