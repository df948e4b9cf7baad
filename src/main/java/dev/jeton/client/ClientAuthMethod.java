package dev.jeton.client;

import java.util.Arrays;
import java.util.Optional;

/** Token endpoint authentication methods (RFC 7591 §2 names, RFC 6749 §2.3). */
public enum ClientAuthMethod {
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post"),
    PRIVATE_KEY_JWT("private_key_jwt"),
    /** A public client: it identifies itself with client_id only (RFC 6749 §2.1). */
    NONE("none");

    private final String wireValue;

    ClientAuthMethod(String wireValue) {
        this.wireValue = wireValue;
    }

    public String wireValue() {
        return wireValue;
    }

    /**
     * Whether the credential is a shared secret that can be guessed online (RFC 6819 §4.3.5): only
     * then is there anything to throttle. A private_key_jwt signature cannot be guessed, and a public
     * client has nothing to guess.
     */
    public boolean guessable() {
        return this == CLIENT_SECRET_BASIC || this == CLIENT_SECRET_POST;
    }

    public static Optional<ClientAuthMethod> fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wireValue.equals(value)).findFirst();
    }
}
