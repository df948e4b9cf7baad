package dev.jeton.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One key's failures in a fixed window that starts at its first failure: {@code failures} counted
 * from {@code start} until {@code end}. A key with {@code limit} failures is blocked until the
 * window ends, so a guesser gets at most {@code limit} guesses per window.
 */
public record FailureWindow(Instant start, Instant end, int failures) {

    /** How long the key must wait at {@code now}; empty when it may try. */
    public Optional<Duration> blockedFor(int limit, Instant now) {
        if (limit == 0 || failures < limit || !end.isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, end));
    }

    public boolean endedAt(Instant now) {
        return !end.isAfter(now);
    }
}
