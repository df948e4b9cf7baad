package dev.jeton.web;

/** Why a client endpoint refused a request before the core saw it ({@link ClientRequestForm}); the audit event's reason. */
enum FramingRefusal {
    WRONG_METHOD,
    WRONG_MEDIA_TYPE,
    QUERY_PARAMETERS,
    REPEATED_AUTHORIZATION,
    BODY_TOO_LARGE,
    MALFORMED_BODY,
    REPEATED_PARAMETER
}
