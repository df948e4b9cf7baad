package dev.jeton.authorize;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the authorization response reaches the client (OAuth 2.0 Multiple Response Type Encoding
 * Practices §2.1, OAuth 2.0 Form Post Response Mode §2). Jeton serves only {@code response_type=code},
 * whose default is {@code query}; {@code fragment} exists for response types that return tokens in
 * the front channel, which Jeton does not issue, so it is not offered.
 */
public enum ResponseMode {
    /** The parameters in the redirect URI's query (RFC 6749 §4.1.2): a 302/303 redirect. */
    QUERY("query"),
    /** The parameters as a form the browser POSTs to the redirect URI (Form Post Response Mode §2). */
    FORM_POST("form_post");

    private final String wireValue;

    ResponseMode(String wireValue) {
        this.wireValue = wireValue;
    }

    public String wireValue() {
        return wireValue;
    }

    public static Optional<ResponseMode> fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wireValue.equals(value)).findFirst();
    }
}
