package dev.jeton.throttle;

import dev.jeton.config.SettingsReader;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code jeton.throttle.*}: how many failed authentications a client id (from one address, and
 * from all), a username and a source address may have within the window before further attempts
 * are answered with 429 (RFC 6585 §4). A limit of 0 switches that kind of key off. How the client
 * limits apply is {@link ClientAuthenticationGate}'s business.
 *
 * @param window              the sliding window failures are counted in
 * @param clientFailures      failed client authentications per client id from one source address
 * @param userFailures        failed sign-ins per username
 * @param addressFailures     failures of either kind per source address
 * @param maxTrackedKeys      at most this many ids, addresses and known sources are tracked at once (memory bound)
 * @param clientAllFailures   failed client authentications per client id from all addresses together
 * @param knownSourceLifetime how long an address where a client authenticated stays one of its known sources
 * @param store               where the counts live: the shared database (one limit for a cluster) or this node's memory
 */
public record ThrottleSettings(Duration window, int clientFailures, int userFailures, int addressFailures,
                               int maxTrackedKeys, int clientAllFailures, Duration knownSourceLifetime, Store store)
        implements FailureLimits {

    /** {@code jeton.throttle.store}. */
    public enum Store {
        /** In the database every node shares: one limit for the cluster (the default). */
        DATABASE,
        /** In each node's memory: no statement, but N nodes allow N times the limits. */
        MEMORY
    }

    public static final String WINDOW = "jeton.throttle.window-seconds";
    public static final String CLIENT_FAILURES = "jeton.throttle.client.max-failures";
    public static final String USER_FAILURES = "jeton.throttle.user.max-failures";
    public static final String ADDRESS_FAILURES = "jeton.throttle.address.max-failures";
    public static final String MAX_TRACKED_KEYS = "jeton.throttle.max-tracked-keys";
    public static final String CLIENT_ALL_FAILURES = "jeton.throttle.client.max-failures-all-addresses";
    public static final String KNOWN_SOURCE_SECONDS = "jeton.throttle.client.known-source-seconds";
    public static final String STORE = "jeton.throttle.store";

    /** Without the distributed limit, known sources kept 30 days (tests of the other limits). */
    public ThrottleSettings(Duration window, int clientFailures, int userFailures, int addressFailures,
                            int maxTrackedKeys) {
        this(window, clientFailures, userFailures, addressFailures, maxTrackedKeys, 0, Duration.ofDays(30),
                Store.MEMORY);
    }

    public static ThrottleSettings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        return new ThrottleSettings(Duration.ofSeconds(r.positiveInt(WINDOW, 300)),
                r.nonNegativeInt(CLIENT_FAILURES, 10),
                r.nonNegativeInt(USER_FAILURES, 5),
                r.nonNegativeInt(ADDRESS_FAILURES, 100),
                r.positiveInt(MAX_TRACKED_KEYS, 100_000),
                r.nonNegativeInt(CLIENT_ALL_FAILURES, 0),
                Duration.ofSeconds(r.positiveInt(KNOWN_SOURCE_SECONDS, 2_592_000)),
                r.enumValue(STORE, Store.class, "database"));
    }

    /** No throttling at all (unit tests of other parts). */
    public static ThrottleSettings off() {
        return new ThrottleSettings(Duration.ofSeconds(1), 0, 0, 0, 1);
    }

    @Override
    public int limit(ThrottleKey.Kind kind) {
        return switch (kind) {
            case SESSION -> 0;
            case CLIENT -> clientAllFailures;
            case CLIENT_ADDRESS -> clientFailures;
            case USER -> userFailures;
            case ADDRESS -> addressFailures;
        };
    }
}
