package dev.jeton.client;

import dev.jeton.mtls.ClientCertificate;
import dev.jeton.request.FormParameters;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What client authentication looks at, shared by every endpoint that authenticates clients
 * (token, and later PAR, device authorization, introspection, revocation).
 *
 * @param endpoint    the URL the request was made to (a client assertion's {@code aud} may name it)
 * @param certificate the TLS client certificate of the request (RFC 8705), or null
 */
public record ClientAuthRequest(FormParameters parameters, String authorizationHeader, URI endpoint, Instant now,
                                ClientCertificate certificate) {

    /** A request without a client certificate. */
    public ClientAuthRequest(FormParameters parameters, String authorizationHeader, URI endpoint, Instant now) {
        this(parameters, authorizationHeader, endpoint, now, null);
    }

    public ClientAuthRequest {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(now, "now");
    }

    public Optional<ClientCertificate> clientCertificate() {
        return Optional.ofNullable(certificate);
    }

    public Optional<String> authorization() {
        return Optional.ofNullable(authorizationHeader).filter(h -> !h.isBlank());
    }
}
