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
    /** The client_id is a metadata document URL whose document was not fetched or not accepted. */
    METADATA_DOCUMENT_REFUSED,
    CLIENT_DISABLED,
    METHOD_NOT_REGISTERED,
    BAD_CREDENTIALS,
    // private_key_jwt (RFC 7523 §3): which check of the client assertion failed
    ASSERTION_MALFORMED,
    ASSERTION_ALGORITHM_NOT_ALLOWED,
    ASSERTION_NO_CLIENT_KEYS,
    ASSERTION_NO_MATCHING_KEY,
    ASSERTION_BAD_SIGNATURE,
    ASSERTION_ISSUER_SUBJECT,
    ASSERTION_AUDIENCE,
    /** FAPI 2.0 Security Profile §5.3.2.1: a client under the profile must name the issuer, as a string. */
    ASSERTION_AUDIENCE_NOT_ISSUER_STRING,
    ASSERTION_EXPIRY_MISSING,
    ASSERTION_EXPIRED,
    ASSERTION_LIFETIME_TOO_LONG,
    ASSERTION_NOT_YET_VALID,
    ASSERTION_JTI_MISSING,
    ASSERTION_REPLAYED,
    /** Too many failures for the client id or the source address (throttle/FailureThrottle). */
    THROTTLED
}
