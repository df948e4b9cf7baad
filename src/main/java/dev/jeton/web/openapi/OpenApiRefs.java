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

    /** Headers, for {@code @Header(name = ..., ref = ...)}. */
    public static final String HEADER_CACHE_CONTROL = "CacheControlNoStore";
    public static final String HEADER_PRAGMA = "PragmaNoCache";
    public static final String HEADER_DPOP_NONCE = "DPoPNonce";
    public static final String HEADER_WWW_AUTHENTICATE_BEARER = "WWWAuthenticateBearer";

    private OpenApiRefs() {
    }
}
