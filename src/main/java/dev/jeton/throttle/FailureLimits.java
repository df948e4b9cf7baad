package dev.jeton.throttle;

import java.time.Duration;

/**
 * The limits one {@link FailureThrottle} counts against: how many failures a kind of key may
 * have inside the sliding window, and how many keys are tracked at once (the memory bound).
 * A limit of 0 switches that kind of key off.
 */
public interface FailureLimits {

    int limit(ThrottleKey.Kind kind);

    Duration window();

    int maxTrackedKeys();
}
