package dev.jeton.logout;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a failed delivery of a logout token is tried again: exponential back-off from {@code initial}, doubling
 * after each failure, never longer than {@code longest}; after {@code maxAttempts} attempts it is given up.
 */
public record RetrySchedule(Duration initial, Duration longest, int maxAttempts) {

    public RetrySchedule {
        if (initial.isNegative() || initial.isZero() || longest.compareTo(initial) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("0 < initial <= longest, maxAttempts >= 1");
        }
    }

    /**
     * After the {@code attempts}-th failed attempt (1 for the first): when to try next, or empty to give up.
     */
    public Optional<Instant> next(int attempts, Instant failedAt) {
        if (attempts >= maxAttempts) {
            return Optional.empty();
        }
        return Optional.of(failedAt.plus(delayAfter(attempts)));
    }

    /** initial × 2^(attempts-1), capped at {@code longest} (and free of overflow for any count). */
    Duration delayAfter(int attempts) {
        Duration delay = initial;
        for (int i = 1; i < attempts; i++) {
            delay = delay.multipliedBy(2);
            if (delay.compareTo(longest) >= 0) {
                return longest;
            }
        }
        return delay;
    }
}
