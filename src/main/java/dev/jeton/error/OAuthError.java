package dev.jeton.error;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 6749 §5.2 error: the code, a description that is safe to show to the client, and
 * any headers the response must carry (e.g. {@code WWW-Authenticate} on a 401).
 * Never put exception text or internal names in {@code description}.
 */
public record OAuthError(OAuthErrorCode code, String description, int httpStatus, Map<String, String> headers) {

    public OAuthError {
        Objects.requireNonNull(code, "code");
        description = safeDescription(description);
        headers = Map.copyOf(headers);
    }

    /**
     * RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E. Anything else
     * (a quote, a backslash, a control character or non-ASCII text echoed from input) becomes '?'.
     */
    public static String safeDescription(String description) {
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

    public static OAuthError of(OAuthErrorCode code, String description) {
        return new OAuthError(code, description, code.httpStatus(), Map.of());
    }

    public static OAuthError invalidRequest(String description) {
        return of(OAuthErrorCode.INVALID_REQUEST, description);
    }

    public static OAuthError invalidClient(String description) {
        return of(OAuthErrorCode.INVALID_CLIENT, description);
    }

    public static OAuthError serverError() {
        return of(OAuthErrorCode.SERVER_ERROR, "The server could not process the request.");
    }

    public OAuthError withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new OAuthError(code, description, httpStatus, copy);
    }

    public OAuthError withStatus(int status) {
        return new OAuthError(code, description, status, headers);
    }
}
