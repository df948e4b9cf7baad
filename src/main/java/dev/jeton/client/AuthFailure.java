package dev.jeton.client;

/**
 * Why client authentication failed. The audit event carries this; the client is told only
 * that authentication failed, so it cannot tell an unknown client from a wrong secret.
 */
public enum AuthFailure {
    NO_CREDENTIALS,
    MALFORMED_CREDENTIALS,
    MULTIPLE_METHODS,
    UNSUPPORTED_METHOD,
    CLIENT_ID_MISMATCH,
    UNKNOWN_CLIENT,
    CLIENT_DISABLED,
    METHOD_NOT_REGISTERED,
    BAD_CREDENTIALS,
    /** Too many failures for the client id or the source address (throttle/FailureThrottle). */
    THROTTLED
}
