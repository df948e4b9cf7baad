package dev.jeton.persistence;

import dev.jeton.persistence.MigratedDatabase.Vendor;
import dev.jeton.throttle.FailureThrottle;
import dev.jeton.throttle.FailureWindow;
import dev.jeton.throttle.ThrottleKey;
import dev.jeton.throttle.ThrottleSettings;
import dev.jeton.throttle.ThrottleStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The throttle's statements ({@link ThrottleRows}) on H2 and on the machine's PostgreSQL, and two
 * "nodes" (two throttles, each with connections of its own) sharing one database: one limit for
 * both (issue #19).
 */
class ThrottleRowsTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final Duration WINDOW = Duration.ofSeconds(300);
    private static final ThrottleSettings LIMITS = new ThrottleSettings(WINDOW, 3, 2, 5, 100, 0, Duration.ofDays(30),
            ThrottleSettings.Store.DATABASE);

    private MigratedDatabase db;

    @AfterEach
    void drop() throws SQLException {
        if (db != null) {
            db.close();
        }
    }

    private ThrottleStore store(Vendor vendor) throws SQLException {
        db = MigratedDatabase.fresh(vendor);
        return new ConnectionStore(db.dataSource());
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aWindowOpensAtTheFirstFailureCountsUntilItsEndAndThenStartsAgain(Vendor vendor) throws SQLException {
        ThrottleStore store = store(vendor);
        assertEquals(new FailureWindow(T0, T0.plus(WINDOW), 1), store.countFailure("k", T0, WINDOW));
        assertEquals(new FailureWindow(T0, T0.plus(WINDOW), 2), store.countFailure("k", T0.plusSeconds(299), WINDOW));
        assertEquals(new FailureWindow(T0.plusSeconds(300), T0.plusSeconds(600), 1),
                store.countFailure("k", T0.plusSeconds(300), WINDOW), "the window had ended");
        assertEquals(Map.of("k", new FailureWindow(T0.plusSeconds(300), T0.plusSeconds(600), 1)),
                store.windows(List.of("k", "other")));

        store.clearFailures("k");
        assertEquals(Map.of(), store.windows(List.of("k")));
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void twoNodesOnOneDatabaseHaveOneLimit(Vendor vendor) throws SQLException {
        store(vendor);
        FailureThrottle nodeA = new FailureThrottle(LIMITS, new ConnectionStore(db.dataSource()));
        FailureThrottle nodeB = new FailureThrottle(LIMITS, new ConnectionStore(db.dataSource()));
        ThrottleKey key = ThrottleKey.clientAt("service", "192.0.2.1");

        assertFalse(nodeA.recordFailure(key, T0));
        assertFalse(nodeB.recordFailure(key, T0.plusSeconds(1)));
        assertEquals(Optional.empty(), nodeA.retryAfter(List.of(key), T0.plusSeconds(2)));
        assertTrue(nodeA.recordFailure(key, T0.plusSeconds(2)), "the third failure, wherever it was counted, blocks");

        assertEquals(Optional.of(Duration.ofSeconds(290)), nodeB.retryAfter(List.of(key), T0.plusSeconds(10)));
        assertEquals(Optional.of(Duration.ofSeconds(290)), nodeA.retryAfter(List.of(key), T0.plusSeconds(10)));
        assertEquals(Optional.empty(), nodeB.retryAfter(List.of(key), T0.plusSeconds(300)));

        nodeB.recordFailure(key, T0.plusSeconds(301));
        nodeB.recordFailure(key, T0.plusSeconds(302));
        nodeA.recordSuccess(key);
        assertEquals(Optional.empty(), nodeB.retryAfter(List.of(key), T0.plusSeconds(303)), "a success on A clears B's");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void concurrentFailuresOnTwoConnectionsAreAllCounted(Vendor vendor) throws Exception {
        ThrottleStore store = store(vendor);
        ThrottleStore other = new ConnectionStore(db.dataSource());
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (ThrottleStore node : List.of(store, other)) {
                Callable<Integer> guesses = () -> {
                    int highest = 0;
                    for (int i = 0; i < 25; i++) {
                        highest = Math.max(highest, node.countFailure("raced", T0.plusMillis(i), WINDOW).failures());
                    }
                    return highest;
                };
                done.add(two.submit(guesses));
            }
            for (Future<Integer> f : done) {
                f.get();
            }
        } finally {
            two.shutdownNow();
        }
        assertEquals(50, store.windows(List.of("raced")).get("raced").failures(), "no failure lost to a race");
    }

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void knownSourcesAreRememberedUntilTheyExpireAndThePurgeDeletesWhatEnded(Vendor vendor) throws SQLException {
        ThrottleStore store = store(vendor);
        store.rememberSuccess("s", T0, T0.plusSeconds(100));
        assertEquals(Optional.of(T0), store.lastSuccess("s", T0.plusSeconds(99)));
        store.rememberSuccess("s", T0.plusSeconds(50), T0.plusSeconds(150));
        assertEquals(Optional.of(T0.plusSeconds(50)), store.lastSuccess("s", T0.plusSeconds(120)));
        assertEquals(Optional.empty(), store.lastSuccess("s", T0.plusSeconds(150)));
        assertEquals(Optional.empty(), store.lastSuccess("unknown", T0));

        store.countFailure("ended", T0, WINDOW);
        store.countFailure("open", T0.plusSeconds(100), WINDOW);
        assertEquals(2, store.purge(T0.plusSeconds(300)), "the ended window and the expired source");
        assertEquals(List.of("open"), List.copyOf(store.windows(List.of("ended", "open")).keySet()));
    }

    /** One "node": every call on a connection of its own, committed at once. */
    private record ConnectionStore(DataSource dataSource) implements ThrottleStore {

        interface Work<T> {
            T run(Connection c) throws SQLException;
        }

        private <T> T on(Work<T> work) {
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Map<String, FailureWindow> windows(Collection<String> keyHashes) {
            return on(c -> ThrottleRows.windows(c, keyHashes));
        }

        @Override
        public FailureWindow countFailure(String keyHash, Instant now, Duration length) {
            return on(c -> ThrottleRows.countFailure(c, keyHash, now, length));
        }

        @Override
        public void clearFailures(String keyHash) {
            on(c -> {
                ThrottleRows.clearFailures(c, keyHash);
                return null;
            });
        }

        @Override
        public Optional<Instant> lastSuccess(String sourceHash, Instant now) {
            return on(c -> ThrottleRows.lastSuccess(c, sourceHash, now));
        }

        @Override
        public void rememberSuccess(String sourceHash, Instant now, Instant expiresAt) {
            on(c -> {
                ThrottleRows.rememberSuccess(c, sourceHash, now, expiresAt);
                return null;
            });
        }

        @Override
        public int purge(Instant now) {
            return on(c -> ThrottleRows.purge(c, now));
        }
    }
}
