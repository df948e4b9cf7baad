package dev.jeton.grant.devicecode;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 8628 §6.1 user codes and §5.1 brute-force limits. */
class UserCodesAndLimiterTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void codesAreEightConsonantsShownInTwoGroupsAndVary() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String code = UserCodes.generate();
            assertTrue(code.matches("[BCDFGHJKLMNPQRSTVWXZ]{8}"), code);
            seen.add(code);
        }
        assertTrue(seen.size() > 190, "random codes repeat rarely");
        assertEquals("BCDF-GHJK", UserCodes.display("BCDFGHJK"));
    }

    @Test
    void typedCodesCompareWithoutCaseDashesOrSpaces() {
        assertEquals(Optional.of("BCDFGHJK"), UserCodes.normalize("bcdf-ghjk"));
        assertEquals(Optional.of("BCDFGHJK"), UserCodes.normalize(" BcDf GhJk "));
        assertEquals(Optional.of("BCDFGHJK"), UserCodes.normalize("BCDFGHJK"));
        assertEquals(Optional.empty(), UserCodes.normalize("BCDF-GHJ0"));
        assertEquals(Optional.empty(), UserCodes.normalize("BCDF-GHJKL"));
        assertEquals(Optional.empty(), UserCodes.normalize(""));
    }

    @Test
    void theLimiterBlocksAfterTheLimitAndForgetsAfterTheWindow() {
        AttemptLimiter limiter = new AttemptLimiter(3, Duration.ofMinutes(10), 100);
        for (int i = 0; i < 3; i++) {
            assertFalse(limiter.blocked("a", T0.plusSeconds(i)));
            limiter.recordFailure("a", T0.plusSeconds(i));
        }
        assertTrue(limiter.blocked("a", T0.plusSeconds(5)));
        assertFalse(limiter.blocked("b", T0.plusSeconds(5)), "other keys are not affected");
        assertEquals(T0.plus(Duration.ofMinutes(10)), limiter.retryAfter("a", T0.plusSeconds(5)));
        assertFalse(limiter.blocked("a", T0.plus(Duration.ofMinutes(10)).plusSeconds(1)), "the first failure left");
    }

    @Test
    void theLimiterKeepsAtMostItsCapacityOfKeys() {
        AttemptLimiter limiter = new AttemptLimiter(1, Duration.ofMinutes(10), 2);
        limiter.recordFailure("a", T0);
        limiter.recordFailure("b", T0);
        limiter.recordFailure("c", T0);
        assertFalse(limiter.blocked("a", T0), "the least recently used key was dropped");
        assertTrue(limiter.blocked("c", T0));
    }
}
