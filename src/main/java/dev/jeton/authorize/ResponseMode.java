package dev.jeton.authorize;

import java.util.Arrays;
import java.util.Optional;

/**
 * How the authorization response reaches the client (OAuth 2.0 Multiple Response Type Encoding
 * Practices §2.1, OAuth 2.0 Form Post Response Mode §2). {@code response_type=code} defaults to
 * {@code query}; {@code fragment} is for the implicit response types that return tokens in the front
 * channel (OIDC Core §3.2.2.5), served only when the operator turned them on, and only for them.
 */
public enum ResponseMode {
    /** The parameters in the redirect URI's query (RFC 6749 §4.1.2): a 302/303 redirect. */
    QUERY("query"),
    /** The parameters as a form the browser POSTs to the redirect URI (Form Post Response Mode §2). */
    FORM_POST("form_post"),
    /** The parameters in the redirect URI's fragment (Multiple Response Type Encoding Practices §2.1). */
    FRAGMENT("fragment");

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
