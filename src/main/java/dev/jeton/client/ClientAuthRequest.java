package dev.jeton.client;

import dev.jeton.request.FormParameters;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What client authentication looks at, shared by every endpoint that authenticates clients
 * (token, and later PAR, device authorization, introspection, revocation).
 *
 * @param endpoint the URL the request was made to (a client assertion's {@code aud} may name it)
 */
public record ClientAuthRequest(FormParameters parameters, String authorizationHeader, URI endpoint, Instant now) {

    public ClientAuthRequest {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(now, "now");
    }

    public Optional<String> authorization() {
        return Optional.ofNullable(authorizationHeader).filter(h -> !h.isBlank());
    }
}
