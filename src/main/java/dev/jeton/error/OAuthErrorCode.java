package dev.jeton.error;

/**
 * The error codes Jeton puts on the wire, each with the HTTP status it is answered with
 * by default (RFC 6749 §5.2: 400 unless the client failed to authenticate, which is 401).
 */
public enum OAuthErrorCode {
    INVALID_REQUEST("invalid_request", 400),
    INVALID_CLIENT("invalid_client", 401),
    INVALID_GRANT("invalid_grant", 400),
    UNAUTHORIZED_CLIENT("unauthorized_client", 400),
    UNSUPPORTED_GRANT_TYPE("unsupported_grant_type", 400),
    INVALID_SCOPE("invalid_scope", 400),
    /** Our own fault (RFC 6749 §4.1.2.1 defines it for the authorization endpoint; used here as a 500 body). */
    SERVER_ERROR("server_error", 500),
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable", 503),
    /** RFC 9449 §5: the DPoP proof is invalid. */
    INVALID_DPOP_PROOF("invalid_dpop_proof", 400),
    /** RFC 9449 §8: the proof must carry the server nonce sent in the DPoP-Nonce header. */
    USE_DPOP_NONCE("use_dpop_nonce", 400),
    /** RFC 9101 §7, RFC 9126 §2.3: the request object is invalid. */
    INVALID_REQUEST_OBJECT("invalid_request_object", 400),
    /** RFC 8628 §3.5: too fast, wait and retry; also the answer to throttled client authentication (429). */
    SLOW_DOWN("slow_down", 400),
    /** RFC 8628 §3.5: the user has not decided yet; poll again after the interval. */
    AUTHORIZATION_PENDING("authorization_pending", 400),
    /** RFC 8628 §3.5: the user denied the device. */
    ACCESS_DENIED("access_denied", 400),
    /** RFC 8628 §3.5: the device code expired. */
    EXPIRED_TOKEN("expired_token", 400),
    /** RFC 8693 §2.2.2: the audience or resource is not allowed, or unknown. */
    INVALID_TARGET("invalid_target", 400);

    private final String wireValue;
    private final int httpStatus;

    OAuthErrorCode(String wireValue, int httpStatus) {
        this.wireValue = wireValue;
        this.httpStatus = httpStatus;
    }

    public String wireValue() {
        return wireValue;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
