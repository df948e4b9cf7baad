package dev.jeton.authorize;

/**
 * The error codes the authorization endpoint sends back to the client's redirect_uri:
 * RFC 6749 §4.1.2.1, OpenID Connect Core §3.1.2.6 and §6.1 (request objects).
 */
public enum AuthorizationErrorCode {
    INVALID_REQUEST("invalid_request"),
    UNAUTHORIZED_CLIENT("unauthorized_client"),
    ACCESS_DENIED("access_denied"),
    UNSUPPORTED_RESPONSE_TYPE("unsupported_response_type"),
    INVALID_SCOPE("invalid_scope"),
    SERVER_ERROR("server_error"),
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable"),
    /** OIDC Core §3.1.2.6: prompt=none, but the user must sign in. */
    LOGIN_REQUIRED("login_required"),
    /** OIDC Core §3.1.2.6: prompt=none, but the user must consent. */
    CONSENT_REQUIRED("consent_required"),
    /**
     * OpenID Connect Core Error Code unmet_authentication_requirements 1.0 §2: the server cannot
     * authenticate the user as the client demands (an essential acr it cannot reach, OIDC Core §5.5.1.1).
     */
    UNMET_AUTHENTICATION_REQUIREMENTS("unmet_authentication_requirements"),
    /** OIDC Core §3.1.2.6: the {@code request} parameter (a request object) is not supported. */
    REQUEST_NOT_SUPPORTED("request_not_supported"),
    /** OIDC Core §3.1.2.6: the {@code request_uri} parameter is not supported. */
    REQUEST_URI_NOT_SUPPORTED("request_uri_not_supported"),
    /** OIDC Core §3.1.2.6: the {@code registration} parameter is not supported. */
    REGISTRATION_NOT_SUPPORTED("registration_not_supported"),
    /** RFC 9101 §7: the request object is invalid. */
    INVALID_REQUEST_OBJECT("invalid_request_object"),
    /** RFC 9101 §7, RFC 9126 §4: the request_uri is invalid, expired or used. */
    INVALID_REQUEST_URI("invalid_request_uri"),
    /** RFC 8707 §2: a resource that is malformed or not allowed for the client. */
    INVALID_TARGET("invalid_target");

    private final String wireValue;

    AuthorizationErrorCode(String wireValue) {
        this.wireValue = wireValue;
    }

    public String wireValue() {
        return wireValue;
    }
}
