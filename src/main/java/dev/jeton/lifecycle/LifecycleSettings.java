package dev.jeton.lifecycle;

import dev.jeton.config.SettingsReader;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Policy for introspection, revocation, the purge of dead grant state and dynamic client
 * registration. Property names are listed in README.md.
 *
 * @param introspectionScope  the scope a Bearer token needs to call the introspection endpoint
 * @param registrationScope   the scope an initial access token needs to register a client (RFC 7591 §3)
 * @param registrationOpen    true: anyone may register a client without an initial access token
 * @param purgeInterval       how often the purge runs
 * @param purgeRetention      how long spent or expired codes and refresh tokens are kept past their
 *                            expiry, so that a late reuse is still recognised and revokes its family
 */
public record LifecycleSettings(String introspectionScope, String registrationScope, boolean registrationOpen,
                                Duration purgeInterval, Duration purgeRetention) {

    public static final String INTROSPECTION_SCOPE = "jeton.introspection.scope";
    public static final String REGISTRATION_SCOPE = "jeton.registration.scope";
    public static final String REGISTRATION_OPEN = "jeton.registration.open";
    public static final String PURGE_INTERVAL = "jeton.purge.interval-seconds";
    public static final String PURGE_RETENTION = "jeton.purge.retention-seconds";

    public static LifecycleSettings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        return new LifecycleSettings(
                r.optional(INTROSPECTION_SCOPE).orElse("jeton.introspect"),
                r.optional(REGISTRATION_SCOPE).orElse("jeton.register"),
                r.bool(REGISTRATION_OPEN, false),
                Duration.ofSeconds(r.positiveInt(PURGE_INTERVAL, 3600)),
                Duration.ofSeconds(r.nonNegativeInt(PURGE_RETENTION, 86_400)));
    }
}
