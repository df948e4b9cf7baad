package dev.jeton.grant.devicecode;

import dev.jeton.throttle.FailureLimits;
import dev.jeton.throttle.ThrottleKey;

import java.time.Duration;

/**
 * The limits of wrong user codes (RFC 8628 §5.1: user codes are short, so guessing must be
 * rate-limited) per browser session and per source address, counted by a
 * {@link dev.jeton.throttle.FailureThrottle} of their own scope: the sign-in's address counter is not
 * the device flow's. The counts are in the throttle's store ({@code jeton.throttle.store}), so by
 * default one limit holds for every node of a cluster.
 */
record WrongCodeLimits(DeviceSettings settings) implements FailureLimits {

    /** The scope of these counts in the throttle's store. */
    static final String SCOPE = "device-user-code";

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
