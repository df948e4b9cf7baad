package dev.jeton.web;

import dev.jeton.error.OAuthError;
import jakarta.ws.rs.core.UriInfo;

/** Why the token endpoint refused a request before the core saw it; the audit event's reason. */
enum FramingRefusal {
    WRONG_METHOD,
    WRONG_MEDIA_TYPE,
    QUERY_PARAMETERS,
    REPEATED_AUTHORIZATION,
    BODY_TOO_LARGE,
    MALFORMED_BODY;

    /** The error for the refusals decided by {@code checkFraming}. */
    OAuthError error(UriInfo uri) {
        return switch (this) {
            case WRONG_MEDIA_TYPE -> OAuthError.invalidRequest("The body must be application/x-www-form-urlencoded.");
            case QUERY_PARAMETERS -> {
                String names = String.join(", ", uri.getQueryParameters().keySet());
                yield OAuthError.invalidRequest("Parameters are not accepted in the query string"
                        + (names.isEmpty() ? "." : ": " + names + "."));
            }
            case REPEATED_AUTHORIZATION -> OAuthError.invalidRequest("More than one Authorization header was sent.");
            default -> OAuthError.invalidRequest("The request could not be processed.");
        };
    }
}
