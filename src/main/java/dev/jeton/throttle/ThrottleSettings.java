package dev.jeton.throttle;

import dev.jeton.config.SettingsReader;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code jeton.throttle.*}: how many failed authentications a client id, a username and a source
 * address may have within the window before further attempts are answered with 429 (RFC 6585
 * §4). A limit of 0 switches that kind of key off.
 *
 * @param window          the sliding window failures are counted in
 * @param clientFailures  failed client authentications per client id
 * @param userFailures    failed sign-ins per username
 * @param addressFailures failures of either kind per source address
 * @param maxTrackedKeys  at most this many ids and addresses are tracked at once (memory bound)
 */
public record ThrottleSettings(Duration window, int clientFailures, int userFailures, int addressFailures,
                               int maxTrackedKeys) {

    public static final String WINDOW = "jeton.throttle.window-seconds";
    public static final String CLIENT_FAILURES = "jeton.throttle.client.max-failures";
    public static final String USER_FAILURES = "jeton.throttle.user.max-failures";
    public static final String ADDRESS_FAILURES = "jeton.throttle.address.max-failures";
    public static final String MAX_TRACKED_KEYS = "jeton.throttle.max-tracked-keys";

    public static ThrottleSettings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        return new ThrottleSettings(Duration.ofSeconds(r.positiveInt(WINDOW, 300)),
                r.nonNegativeInt(CLIENT_FAILURES, 10),
                r.nonNegativeInt(USER_FAILURES, 5),
                r.nonNegativeInt(ADDRESS_FAILURES, 100),
                r.positiveInt(MAX_TRACKED_KEYS, 100_000));
    }

    /** No throttling at all (unit tests of other parts). */
    public static ThrottleSettings off() {
        return new ThrottleSettings(Duration.ofSeconds(1), 0, 0, 0, 1);
    }

    int limit(ThrottleKey.Kind kind) {
        return switch (kind) {
            case CLIENT -> clientFailures;
            case USER -> userFailures;
            case ADDRESS -> addressFailures;
        };
    }
}
