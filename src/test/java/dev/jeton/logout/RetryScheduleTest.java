package dev.jeton.logout;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Exponential back-off of failed logout token deliveries, capped, with a last attempt. */
class RetryScheduleTest {

    private static final Instant T = Instant.parse("2026-12-02T08:00:00Z");

    @Test
    void theWaitDoublesAfterEachFailureUpToTheLongest() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(10), Duration.ofSeconds(60), 10);
        assertEquals(Optional.of(T.plusSeconds(10)), schedule.next(1, T));
        assertEquals(Optional.of(T.plusSeconds(20)), schedule.next(2, T));
        assertEquals(Optional.of(T.plusSeconds(40)), schedule.next(3, T));
        assertEquals(Optional.of(T.plusSeconds(60)), schedule.next(4, T), "capped");
        assertEquals(Optional.of(T.plusSeconds(60)), schedule.next(9, T));
    }

    @Test
    void afterTheLastAttemptItIsGivenUp() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(4), 3);
        assertEquals(Optional.of(T.plusSeconds(1)), schedule.next(1, T));
        assertEquals(Optional.of(T.plusSeconds(2)), schedule.next(2, T));
        assertEquals(Optional.empty(), schedule.next(3, T));
        assertEquals(Optional.empty(), schedule.next(4, T));
    }

    @Test
    void manyFailuresDoNotOverflow() {
        RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(1), Duration.ofHours(1), Integer.MAX_VALUE);
        assertEquals(Duration.ofHours(1), schedule.delayAfter(Integer.MAX_VALUE - 1));
    }

    @Test
    void aScheduleMakesSense() {
        assertThrows(IllegalArgumentException.class, () -> new RetrySchedule(Duration.ZERO, Duration.ofSeconds(1), 1));
        assertThrows(IllegalArgumentException.class,
                () -> new RetrySchedule(Duration.ofSeconds(2), Duration.ofSeconds(1), 1));
        assertThrows(IllegalArgumentException.class,
                () -> new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(1), 0));
    }
}
