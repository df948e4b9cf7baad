package dev.jeton.client;

import java.util.Arrays;
import java.util.Optional;

/** Token endpoint authentication methods (RFC 7591 §2 names, RFC 6749 §2.3). */
public enum ClientAuthMethod {
    CLIENT_SECRET_BASIC("client_secret_basic"),
    CLIENT_SECRET_POST("client_secret_post"),
    PRIVATE_KEY_JWT("private_key_jwt"),
    /** RFC 8705 §2.1: a certificate from a trusted CA that carries the client's registered name. */
    TLS_CLIENT_AUTH("tls_client_auth"),
    /** RFC 8705 §2.2: a (self-signed) certificate whose key is one of the client's registered keys. */
    SELF_SIGNED_TLS_CLIENT_AUTH("self_signed_tls_client_auth"),
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

    /**
     * Whether the credential is the TLS client certificate (RFC 8705 §2): the request itself names
     * the client only by {@code client_id}, as a public client's does.
     */
    public boolean usesCertificate() {
        return this == TLS_CLIENT_AUTH || this == SELF_SIGNED_TLS_CLIENT_AUTH;
    }

    /**
     * FAPI 2.0 Security Profile §5.3.2.1: "shall support and only support confidential clients
     * authenticated with" mutual TLS (RFC 8705) or {@code private_key_jwt}.
     */
    public boolean allowedUnderFapi2() {
        return this == PRIVATE_KEY_JWT || usesCertificate();
    }

    public static Optional<ClientAuthMethod> fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wireValue.equals(value)).findFirst();
    }
}
