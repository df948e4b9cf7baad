package dev.jeton.token;

import dev.jeton.mtls.ClientCertificate;
import dev.jeton.request.FormParameters;

import java.net.URI;
import java.time.Instant;
import java.util.List;
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
 * @param dpopProofs          every {@code DPoP} header value (RFC 9449 §4.1), usually none or one
 * @param httpMethod          the request's method, for the proof's {@code htm}
 * @param dpopKeyThumbprint   the {@code jkt} of a verified DPoP proof: set by the endpoint, never by the web layer
 * @param certificate         the TLS client certificate of the request (RFC 8705), or null
 * @param certificateBinding  the {@code x5t#S256} the access tokens are bound to (RFC 8705 §3): set by the
 *                            endpoint, never by the web layer
 */
public record TokenRequest(FormParameters parameters, String authorizationHeader, URI requestUri,
                           String clientAddress, Instant receivedAt, List<String> dpopProofs, String httpMethod,
                           String dpopKeyThumbprint, ClientCertificate certificate, String certificateBinding) {

    /** A request without a client certificate. */
    public TokenRequest(FormParameters parameters, String authorizationHeader, URI requestUri, String clientAddress,
                        Instant receivedAt, List<String> dpopProofs, String httpMethod, String dpopKeyThumbprint) {
        this(parameters, authorizationHeader, requestUri, clientAddress, receivedAt, dpopProofs, httpMethod,
                dpopKeyThumbprint, null, null);
    }

    public TokenRequest {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(receivedAt, "receivedAt");
        dpopProofs = dpopProofs == null ? List.of() : List.copyOf(dpopProofs);
        httpMethod = httpMethod == null ? "POST" : httpMethod;
    }

    /** A request without DPoP. */
    public TokenRequest(FormParameters parameters, String authorizationHeader, URI requestUri, String clientAddress,
                        Instant receivedAt) {
        this(parameters, authorizationHeader, requestUri, clientAddress, receivedAt, List.of(), "POST", null);
    }

    /** This request with its DPoP proof verified: the tokens issued for it are bound to that key. */
    public TokenRequest withDpopKey(String thumbprint) {
        return new TokenRequest(parameters, authorizationHeader, requestUri, clientAddress, receivedAt, dpopProofs,
                httpMethod, thumbprint, certificate, certificateBinding);
    }

    /** This request with its access tokens to be bound to the client certificate it came with (RFC 8705 §3). */
    public TokenRequest withCertificateBinding() {
        return new TokenRequest(parameters, authorizationHeader, requestUri, clientAddress, receivedAt, dpopProofs,
                httpMethod, dpopKeyThumbprint, certificate, certificate.thumbprint());
    }

    /** The TLS client certificate of the request, if it came with one. */
    public Optional<ClientCertificate> clientCertificate() {
        return Optional.ofNullable(certificate);
    }

    /** The {@code x5t#S256} the tokens are to be bound to (RFC 8705 §3.1), when they are. */
    public Optional<String> certificateBound() {
        return Optional.ofNullable(certificateBinding);
    }

    /** The verified DPoP key's thumbprint, when the tokens are to be bound (RFC 9449 §6). */
    public Optional<String> dpopKey() {
        return Optional.ofNullable(dpopKeyThumbprint);
    }

    public Optional<String> parameter(String name) {
        return parameters.get(name);
    }

    public Optional<String> authorization() {
        return Optional.ofNullable(authorizationHeader).filter(h -> !h.isBlank());
    }
}
