package dev.jeton.client.registration;

/**
 * An RFC 7591 §3.2.2 / RFC 7592 error: the code on the wire, a description safe to show, and the
 * HTTP status.
 */
public record RegistrationError(String code, String description, int status) {

    public static RegistrationError invalidRedirectUri(String description) {
        return new RegistrationError("invalid_redirect_uri", description, 400);
    }

    public static RegistrationError invalidMetadata(String description) {
        return new RegistrationError("invalid_client_metadata", description, 400);
    }

    /** RFC 7592 §2: a wrong or missing registration access token, or a client that is gone, is a 401. */
    public static RegistrationError invalidToken() {
        return new RegistrationError("invalid_token", "The registration access token is not valid for this client.",
                401);
    }

    /** A fault of ours (nothing was stored): RFC 7591 §3.2.2 defines no code for it, so RFC 6749 §5.2's. */
    public static RegistrationError serverError() {
        return new RegistrationError("server_error", "The server could not process the request.", 500);
    }
}
