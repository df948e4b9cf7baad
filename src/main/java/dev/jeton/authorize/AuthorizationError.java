package dev.jeton.authorize;

import dev.jeton.error.OAuthError;

import java.util.Objects;

/**
 * An error response of the authorization endpoint (RFC 6749 §4.1.2.1), to be sent to the
 * client's redirect_uri. The description is safe to show: it never holds input echoed back
 * other than parameter names, and it is restricted to the characters §4.1.2.1 allows.
 */
public record AuthorizationError(AuthorizationErrorCode code, String description) {

    public AuthorizationError {
        Objects.requireNonNull(code, "code");
        description = safeDescription(description);
    }

    public static AuthorizationError of(AuthorizationErrorCode code, String description) {
        return new AuthorizationError(code, description);
    }

    public static AuthorizationError invalidRequest(String description) {
        return new AuthorizationError(AuthorizationErrorCode.INVALID_REQUEST, description);
    }

    /** RFC 6749 §4.1.2.1 limits error_description as §5.2 does: one sanitizer for both. */
    static String safeDescription(String description) {
        return OAuthError.safeDescription(description);
    }
}
