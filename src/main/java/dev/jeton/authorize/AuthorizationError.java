package dev.jeton.authorize;

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

    /** RFC 6749 §4.1.2.1: error_description is limited to %x20-21 / %x23-5B / %x5D-7E. */
    static String safeDescription(String description) {
        if (description == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(description.length(), 300));
        for (int i = 0; i < description.length() && i < 300; i++) {
            char c = description.charAt(i);
            boolean allowed = c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
            out.append(allowed ? c : '?');
        }
        return out.toString();
    }
}
