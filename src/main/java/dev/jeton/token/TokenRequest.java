package dev.jeton.token;

import dev.jeton.request.FormParameters;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A token request as plain data, lifted off HTTP by the web layer: no JAX-RS or servlet
 * types inside, so the core can be called from a unit test.
 *
 * @param parameters          the decoded form body
 * @param authorizationHeader the raw {@code Authorization} header, or null when absent
 * @param requestUri          the URI the request was made to (for DPoP {@code htu} and assertion {@code aud})
 * @param clientAddress       the peer address, for audit and throttling
 * @param receivedAt          when the request arrived
 */
public record TokenRequest(FormParameters parameters, String authorizationHeader, URI requestUri,
                           String clientAddress, Instant receivedAt) {

    public TokenRequest {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }

    public Optional<String> parameter(String name) {
        return parameters.get(name);
    }

    public Optional<String> authorization() {
        return Optional.ofNullable(authorizationHeader).filter(h -> !h.isBlank());
    }
}
