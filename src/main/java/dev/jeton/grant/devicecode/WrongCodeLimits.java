package dev.jeton.grant.devicecode;

import dev.jeton.throttle.FailureLimits;
import dev.jeton.throttle.ThrottleKey;

import java.time.Duration;

/**
 * The limits of wrong user codes (RFC 8628 §5.1: user codes are short, so guessing must be
 * rate-limited) per browser session and per source address, counted by a
 * {@link dev.jeton.throttle.FailureThrottle} of their own: the sign-in's address counter is not
 * the device flow's. In this server's memory: a cluster multiplies the limits by its size, which
 * still keeps guessing 2^34 codes out of reach.
 */
record WrongCodeLimits(DeviceSettings settings) implements FailureLimits {

    /** At most this many sessions and addresses are tracked at once (memory bound). */
    static final int MAX_TRACKED = 10_000;

    @Override
    public int limit(ThrottleKey.Kind kind) {
        return switch (kind) {
            case SESSION -> settings.wrongCodesPerSession();
            case ADDRESS -> settings.wrongCodesPerAddress();
            default -> 0;
        };
    }

    @Override
    public Duration window() {
        return settings.wrongCodeWindow();
    }

    @Override
    public int maxTrackedKeys() {
        return MAX_TRACKED;
    }
}
