package dev.jeton.config;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sessions and logout ({@code jeton.sessions.*}, {@code jeton.logout.*}); docs/logout.md says what each does.
 *
 * @param sessionIdleTtl       a session unused this long is over (the user signs in again)
 * @param sessionMaxTtl        a session is over this long after its sign-in, however busy
 * @param logoutTokenTtl       the {@code exp} of a logout token after its {@code iat} (Back-Channel Logout 1.0 §2.4:
 *                             short, the RP checks it)
 * @param retryInitial         the wait after the first failed delivery; it doubles after each failure
 * @param retryMax             the longest wait between two attempts
 * @param maxAttempts          attempts per logout token; after the last failure it is dropped (and audited)
 * @param relayInterval        how often the relay looks for deliveries that are due (besides the kick after a logout)
 * @param deliveryTimeout      the deadline of one delivery (connect, TLS, request and answer); where a delivery
 *                             may go is the outbound fetcher's rule ({@code jeton.clients.metadata-documents.*})
 * @param expirySweepInterval  how often expired sessions are looked for and ended (their clients told)
 * @param sessionRetention     how long an ended session's row is kept after it ended before the purge deletes it
 */
public record LogoutSettings(Duration sessionIdleTtl, Duration sessionMaxTtl, Duration logoutTokenTtl,
                             Duration retryInitial, Duration retryMax, int maxAttempts, Duration relayInterval,
                             Duration deliveryTimeout, Duration expirySweepInterval, Duration sessionRetention) {

    public static final String SESSION_IDLE_TTL = "jeton.sessions.idle-ttl-seconds";
    public static final String SESSION_MAX_TTL = "jeton.sessions.max-ttl-seconds";
    public static final String LOGOUT_TOKEN_TTL = "jeton.logout.token-ttl-seconds";
    public static final String RETRY_INITIAL = "jeton.logout.backchannel-retry-initial-seconds";
    public static final String RETRY_MAX = "jeton.logout.backchannel-retry-max-seconds";
    public static final String MAX_ATTEMPTS = "jeton.logout.backchannel-max-attempts";
    public static final String RELAY_INTERVAL = "jeton.logout.backchannel-relay-interval-seconds";
    public static final String DELIVERY_TIMEOUT = "jeton.logout.backchannel-timeout-seconds";
    public static final String EXPIRY_SWEEP_INTERVAL = "jeton.sessions.expiry-sweep-interval-seconds";
    public static final String RETENTION = "jeton.sessions.retention-seconds";

    public static LogoutSettings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        Duration idle = Duration.ofSeconds(r.positiveInt(SESSION_IDLE_TTL, 86_400));
        Duration max = Duration.ofSeconds(r.positiveInt(SESSION_MAX_TTL, 1_209_600));
        if (idle.compareTo(max) > 0) {
            throw new ConfigurationException(SESSION_IDLE_TTL + " must not be longer than " + SESSION_MAX_TTL);
        }
        Duration initial = Duration.ofSeconds(r.positiveInt(RETRY_INITIAL, 10));
        Duration longest = Duration.ofSeconds(r.positiveInt(RETRY_MAX, 3_600));
        if (initial.compareTo(longest) > 0) {
            throw new ConfigurationException(RETRY_INITIAL + " must not be longer than " + RETRY_MAX);
        }
        return new LogoutSettings(idle, max, Duration.ofSeconds(r.positiveInt(LOGOUT_TOKEN_TTL, 120)), initial,
                longest, r.positiveInt(MAX_ATTEMPTS, 10), Duration.ofSeconds(r.positiveInt(RELAY_INTERVAL, 5)),
                Duration.ofSeconds(r.positiveInt(DELIVERY_TIMEOUT, 10)),
                Duration.ofSeconds(r.positiveInt(EXPIRY_SWEEP_INTERVAL, 60)),
                Duration.ofSeconds(r.nonNegativeInt(RETENTION, 604_800)));
    }
}
