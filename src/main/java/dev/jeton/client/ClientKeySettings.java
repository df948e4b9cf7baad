package dev.jeton.client;

import dev.jeton.config.SettingsReader;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Policy for JWTs that clients sign (client assertions, request objects) and for fetching their keys.
 *
 * @param assertionMaxLifetime   how far ahead a client assertion's exp may be (RFC 7523 §3 (4): "MAY reject
 *                               JWTs with an exp claim value that is unreasonably far in the future")
 * @param clockSkew              tolerance for exp, nbf and iat between our clock and the client's
 * @param jwksFetchTimeout       connect and read timeout for a client's jwks_uri
 * @param jwksCacheTtl           how long a fetched JWK Set is used before it is fetched again
 * @param jwksMinRefreshInterval an unknown kid triggers a refetch at most this often per client (no
 *                               amplification of junk requests into outbound fetches)
 */
public record ClientKeySettings(Duration assertionMaxLifetime, Duration clockSkew, Duration jwksFetchTimeout,
                                Duration jwksCacheTtl, Duration jwksMinRefreshInterval) {

    public static final String ASSERTION_MAX_LIFETIME = "jeton.client-assertion.max-lifetime-seconds";
    public static final String CLOCK_SKEW = "jeton.client-assertion.clock-skew-seconds";
    public static final String JWKS_FETCH_TIMEOUT = "jeton.clients.jwks-uri.timeout-seconds";
    public static final String JWKS_CACHE_TTL = "jeton.clients.jwks-uri.cache-seconds";
    public static final String JWKS_MIN_REFRESH = "jeton.clients.jwks-uri.min-refresh-seconds";

    public static ClientKeySettings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        return new ClientKeySettings(Duration.ofSeconds(r.positiveInt(ASSERTION_MAX_LIFETIME, 300)),
                Duration.ofSeconds(atMostAMinute(r.nonNegativeInt(CLOCK_SKEW, 30))),
                Duration.ofSeconds(r.positiveInt(JWKS_FETCH_TIMEOUT, 5)),
                Duration.ofSeconds(r.positiveInt(JWKS_CACHE_TTL, 300)),
                Duration.ofSeconds(r.nonNegativeInt(JWKS_MIN_REFRESH, 10)));
    }

    /**
     * FAPI 2.0 Security Profile §5.3.2.1 (13): a JWT whose iat or nbf is more than 60 s ahead is refused, so no
     * clock skew for client JWTs (assertions, DPoP proofs) may be configured beyond that.
     */
    public static int atMostAMinute(int skewSeconds) {
        if (skewSeconds > 60) {
            throw new dev.jeton.config.ConfigurationException("a clock skew for client JWTs may be at most 60 seconds "
                    + "(FAPI 2.0 Security Profile 5.3.2.1), got " + skewSeconds);
        }
        return skewSeconds;
    }

    public static ClientKeySettings defaults() {
        return from(name -> Optional.empty());
    }
}
