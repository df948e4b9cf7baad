package dev.jeton.web.openapi;

/**
 * Names of the shared parts of the OpenAPI document ({@code META-INF/openapi.yaml}), for
 * annotations: {@code @APIResponse(responseCode = "400", ref = OpenApiRefs.OAUTH_400)} gives an
 * operation the RFC 6749 §5.2 error envelope with its headers, and
 * {@code @SecurityRequirement(name = OpenApiRefs.BEARER)} its scheme. Every status an endpoint can
 * answer gets one of these (or its own body), so clients know the envelope of every error.
 */
public final class OpenApiRefs {

    /** RFC 6749 §5.2 400 body with no-store and DPoP-Nonce headers. */
    public static final String OAUTH_400 = "OAuthBadRequest";
    /** 401 invalid_client with the Basic challenge. */
    public static final String OAUTH_401 = "OAuthInvalidClient";
    /** 413 invalid_request for a body over the limit. */
    public static final String OAUTH_413 = "OAuthPayloadTooLarge";
    /** 429 slow_down with Retry-After: the client id or the address is throttled. */
    public static final String OAUTH_429 = "OAuthTooManyRequests";
    /** 500 server_error without detail. */
    public static final String SERVER_ERROR_500 = "OAuthServerError";
    /** RFC 6750 §3.1 400 invalid_request with the Bearer challenge. */
    public static final String BEARER_400 = "BearerInvalidRequest";
    /** RFC 6750 §3.1 401 invalid_token (or no token) with the Bearer/DPoP challenge and DPoP-Nonce. */
    public static final String BEARER_401 = "BearerUnauthorized";
    /** RFC 6750 §3.1 403 insufficient_scope. */
    public static final String BEARER_403 = "BearerInsufficientScope";
    /** An HTML page (200 or an error status). */
    public static final String HTML_PAGE = "HtmlPage";
    /** An HTML error page for errors that cannot go back to the client. */
    public static final String HTML_ERROR = "HtmlError";
    /** A 302/303 browser redirect with Location. */
    public static final String REDIRECT = "BrowserRedirect";

    /** Security schemes. */
    public static final String CLIENT_SECRET_BASIC = "client_secret_basic";
    public static final String BEARER = "bearer";
    public static final String DPOP = "dpop";

    /**
     * Header descriptions for success responses. (Payara 6.2025.10 names a header after its
     * {@code ref} instead of its {@code name}, so success headers are written inline with these;
     * the shared error responses carry theirs in the YAML.)
     */
    public static final String NO_STORE = "Always no-store (RFC 6749 section 5.1, RFC 6750 section 4).";
    public static final String NO_CACHE = "Always no-cache, for HTTP/1.0 caches.";
    public static final String DPOP_NONCE = "RFC 9449 section 8: a fresh nonce for the client's next DPoP proof.";

    /**
     * Body schemas: {@code @Schema(ref = ...)}. Payara loses the reference of
     * {@code @Schema(implementation = ...)} inside {@code @Content}, so refer by name.
     */
    public static final String TOKEN_REQUEST = "TokenRequest";
    public static final String TOKEN_RESPONSE = "TokenResponse";
    public static final String ERROR = "OAuthError";

    private OpenApiRefs() {
    }
}
