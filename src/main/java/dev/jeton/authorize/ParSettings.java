package dev.jeton.authorize;

import dev.jeton.config.SettingsReader;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pushed authorization requests (RFC 9126) and request objects (RFC 9101).
 *
 * @param requestUriTtl how long a request_uri lives (RFC 9126 §2.2: "short lived"; spent once, when the
 *                      authorization it starts completes)
 * @param required      every authorization request must be pushed (RFC 9126 §6
 *                      require_pushed_authorization_requests); a client can be registered to need it too
 * @param requestObjectMaxLifetime how far ahead a request object's exp may be
 */
public record ParSettings(Duration requestUriTtl, boolean required, Duration requestObjectMaxLifetime) {

    public static final String REQUEST_URI_TTL = "jeton.par.request-uri-ttl-seconds";
    public static final String REQUIRED = "jeton.par.required";
    public static final String REQUEST_OBJECT_MAX_LIFETIME = "jeton.request-object.max-lifetime-seconds";

    public static ParSettings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        return new ParSettings(Duration.ofSeconds(r.positiveInt(REQUEST_URI_TTL, 60)), r.bool(REQUIRED, false),
                Duration.ofSeconds(r.positiveInt(REQUEST_OBJECT_MAX_LIFETIME, 3600)));
    }

    public static ParSettings defaults() {
        return from(name -> Optional.empty());
    }
}
