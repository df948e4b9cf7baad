package dev.jeton.authorize;

import dev.jeton.config.SettingsReader;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The OpenID Connect Dynamic OP features (issue #14) an operator may turn on or tune.
 *
 * @param implicitEnabled            the response types {@code id_token} and {@code id_token token} (OIDC Core §3.2)
 *                                   are served to clients registered for them. Off by default: RFC 9700 §2.1.2 says
 *                                   the implicit grant SHOULD NOT be used
 * @param implicitAccessTokenTtl     the longest life of an access token issued from the authorization endpoint (it
 *                                   travels in the browser and is never sender-constrained)
 * @param requireRequestUriRegistration a {@code request_uri} by reference must be one of the client's registered
 *                                   {@code request_uris} (OIDC Discovery §3 require_request_uri_registration)
 * @param requestUriTimeout          how long fetching one request_uri may take
 * @param requestObjectExpRequired   a request object must carry {@code exp} (RFC 9101 and OIDC Core §6.1 do not
 *                                   require it; Jeton does by default, and always for a FAPI 2.0 client)
 * @param unsignedRequestObjects     request objects with {@code alg} {@code none} are taken from clients that did not
 *                                   register a request_object_signing_alg (OIDC Core §6.1 allows them; they carry no
 *                                   more authority than the same parameters in the query); never from a FAPI 2.0 client
 */
public record DynamicOpSettings(boolean implicitEnabled, Duration implicitAccessTokenTtl,
                                boolean requireRequestUriRegistration, Duration requestUriTimeout,
                                boolean requestObjectExpRequired, boolean unsignedRequestObjects) {

    public static final String IMPLICIT_ENABLED = "jeton.oidc.implicit.enabled";
    public static final String IMPLICIT_ACCESS_TOKEN_TTL = "jeton.oidc.implicit.access-token-ttl-seconds";
    public static final String REQUIRE_REQUEST_URI_REGISTRATION = "jeton.request-uri.require-registration";
    public static final String REQUEST_URI_TIMEOUT = "jeton.request-uri.timeout-millis";
    public static final String REQUEST_OBJECT_EXP_REQUIRED = "jeton.request-object.require-exp";
    public static final String UNSIGNED_REQUEST_OBJECTS = "jeton.request-object.allow-unsigned";

    public static DynamicOpSettings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        return new DynamicOpSettings(r.bool(IMPLICIT_ENABLED, false),
                Duration.ofSeconds(r.positiveInt(IMPLICIT_ACCESS_TOKEN_TTL, 300)),
                r.bool(REQUIRE_REQUEST_URI_REGISTRATION, true),
                Duration.ofMillis(r.positiveInt(REQUEST_URI_TIMEOUT, 3000)),
                r.bool(REQUEST_OBJECT_EXP_REQUIRED, true), r.bool(UNSIGNED_REQUEST_OBJECTS, false));
    }

    public static DynamicOpSettings defaults() {
        return from(name -> Optional.empty());
    }
}
