package dev.jeton.throttle;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window of {@link FailureThrottle}, on a fixed time line, with its counts in memory (the same
 * rules over the database store, and two nodes sharing it: {@code persistence.ThrottleRowsTest}).
 */
class FailureThrottleTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final ThrottleKey CLIENT = ThrottleKey.clientAt("service", "192.0.2.1");
    private static final ThrottleKey ADDRESS = ThrottleKey.address("192.0.2.1");

    private final MemoryThrottleStore store = new MemoryThrottleStore(100);
    private final FailureThrottle throttle = new FailureThrottle(
            new ThrottleSettings(Duration.ofSeconds(300), 3, 2, 5, 100), store);

    @Test
    void aKeyIsBlockedWhenItsLimitIsReachedInsideTheWindowUntilTheOldestFailureLeavesIt() {
        throttle.recordFailure(CLIENT, T0);
        throttle.recordFailure(CLIENT, T0.plusSeconds(10));
        assertEquals(Optional.empty(), throttle.retryAfter(List.of(CLIENT), T0.plusSeconds(20)));
        throttle.recordFailure(CLIENT, T0.plusSeconds(20));

        assertEquals(Optional.of(Duration.ofSeconds(280)), throttle.retryAfter(List.of(CLIENT), T0.plusSeconds(20)));
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.retryAfter(List.of(CLIENT), T0.plusSeconds(299)));
        assertEquals(Optional.empty(), throttle.retryAfter(List.of(CLIENT), T0.plusSeconds(300)));
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        throttle.recordFailure(CLIENT, T0);
        throttle.recordFailure(CLIENT, T0.plusSeconds(1));
        throttle.recordFailure(CLIENT, T0.plusSeconds(400));

        assertEquals(Optional.empty(), throttle.retryAfter(List.of(CLIENT), T0.plusSeconds(400)));
    }

    @Test
    void recordFailureSaysTrueOnlyForTheFailureThatStartsTheLockout() {
        assertFalse(throttle.recordFailure(CLIENT, T0));
        assertFalse(throttle.recordFailure(CLIENT, T0));
        assertTrue(throttle.recordFailure(CLIENT, T0), "the third failure blocks the key");
        assertFalse(throttle.recordFailure(CLIENT, T0), "already blocked: no second lockout event");
    }

    @Test
    void aSuccessClearsTheCount() {
        throttle.recordFailure(CLIENT, T0);
        throttle.recordFailure(CLIENT, T0);
        throttle.recordSuccess(CLIENT);
        throttle.recordFailure(CLIENT, T0);
        throttle.recordFailure(CLIENT, T0);

        assertEquals(Optional.empty(), throttle.retryAfter(List.of(CLIENT), T0));
    }

    @Test
    void aSuccessThatReadNoCountsClearsOnlyWhatThisNodeCounted() {
        // two nodes on one store: each throttle is a node, the store is the database
        FailureThrottle otherNode = new FailureThrottle(new ThrottleSettings(Duration.ofSeconds(300), 3, 2, 5, 100),
                store);
        throttle.recordFailure(CLIENT, T0);
        throttle.recordFailure(CLIENT, T0);
        otherNode.recordSuccessIfCountedHere(CLIENT);
        throttle.recordFailure(CLIENT, T0);
        assertTrue(throttle.retryAfter(List.of(CLIENT), T0).isPresent(),
                "the other node counted nothing here, so it cleared nothing: the count ends with its window");

        throttle.recordSuccess(CLIENT);
        throttle.recordFailure(CLIENT, T0);
        throttle.recordFailure(CLIENT, T0);
        throttle.recordSuccessIfCountedHere(CLIENT);
        throttle.recordFailure(CLIENT, T0);
        assertEquals(Optional.empty(), throttle.retryAfter(List.of(CLIENT), T0), "this node's own count was cleared");
    }

    @Test
    void eachKindHasItsOwnLimitAndTheLongestWaitWins() {
        throttle.recordFailure(ThrottleKey.user("alice"), T0);
        throttle.recordFailure(ThrottleKey.user("alice"), T0.plusSeconds(50));
        for (int i = 0; i < 5; i++) {
            throttle.recordFailure(ADDRESS, T0.plusSeconds(100));
        }
        // user limit 2 (free at 300), address limit 5 (free at 400)
        assertEquals(Optional.of(Duration.ofSeconds(300)),
                throttle.retryAfter(List.of(ThrottleKey.user("ALICE "), ADDRESS), T0.plusSeconds(100)));
    }

    @Test
    void aLimitOfZeroSwitchesThatKindOff() {
        MemoryThrottleStore nothing = new MemoryThrottleStore(100);
        FailureThrottle off = new FailureThrottle(new ThrottleSettings(Duration.ofSeconds(300), 0, 0, 0, 100), nothing);
        for (int i = 0; i < 50; i++) {
            assertFalse(off.recordFailure(CLIENT, T0));
        }
        assertEquals(Optional.empty(), off.retryAfter(List.of(CLIENT), T0));
        assertEquals(0, nothing.size());
    }

    @Test
    void trackedKeysAreBoundedAndExpiredOnesMakeRoom() {
        MemoryThrottleStore bounded = new MemoryThrottleStore(10);
        FailureThrottle small = new FailureThrottle(new ThrottleSettings(Duration.ofSeconds(300), 3, 2, 5, 10),
                bounded);
        for (int i = 0; i < 50; i++) {
            small.recordFailure(ThrottleKey.clientAt("random-" + i, "192.0.2.1"), T0);
        }
        assertEquals(10, bounded.size(), "an attacker with random ids can not grow memory without bound");

        small.recordFailure(ThrottleKey.clientAt("later", "192.0.2.1"), T0.plusSeconds(301));
        assertEquals(1, bounded.size(), "expired keys were dropped for the new one");
    }

    @Test
    void longIdsAreCutSoAKeyStaysSmall() {
        assertEquals(256, ThrottleKey.client("x".repeat(100_000)).value().length());
    }

    @Test
    void aThrottleOfItsOwnLimitsCountsOnlyTheKindsItLimitsInItsOwnWindow() {
        FailureLimits wrongCodes = new FailureLimits() {
            @Override
            public int limit(ThrottleKey.Kind kind) {
                return kind == ThrottleKey.Kind.SESSION ? 2 : 0;
            }

            @Override
            public Duration window() {
                return Duration.ofSeconds(600);
            }

            @Override
            public int maxTrackedKeys() {
                return 10;
            }
        };
        FailureThrottle own = new FailureThrottle(wrongCodes, "device-user-code", store);
        ThrottleKey session = ThrottleKey.session("s1");
        own.recordFailure(session, T0);
        assertTrue(own.recordFailure(session, T0.plusSeconds(1)));
        assertFalse(own.recordFailure(ADDRESS, T0), "a kind without a limit is not counted");
        assertEquals(Optional.of(Duration.ofSeconds(599)), own.retryAfter(List.of(session, ADDRESS), T0.plusSeconds(1)));
        assertEquals(Optional.empty(), throttle.retryAfter(List.of(session), T0.plusSeconds(1)),
                "the authentication throttle keeps its own counts, in the same store");
        assertEquals(Optional.empty(), throttle.retryAfter(List.of(ADDRESS), T0.plusSeconds(1)));
        assertEquals(599, FailureThrottle.seconds(Duration.ofMillis(598_001)));
        assertEquals(1, FailureThrottle.seconds(Duration.ofMillis(1)));
    }
}
