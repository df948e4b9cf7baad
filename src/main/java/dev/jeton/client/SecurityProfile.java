package dev.jeton.client;

import java.net.URI;
import java.util.Objects;

/**
 * What a high-security client registered beyond the basics: the keys it signs with (RFC 7591 §2
 * {@code jwks} or {@code jwks_uri}), the algorithms it promised, and whether it must use DPoP
 * (RFC 9449 §5.2), answer DPoP nonces (RFC 9449 §8) and push its authorization requests
 * (RFC 9126 §6).
 *
 * @param jwks                       the client's public JWK Set as JSON, or null
 * @param jwksUri                    where the client publishes it, or null
 * @param tokenEndpointAuthSigningAlg the only JWS algorithm its client assertions may use, or null for any allowed one
 * @param requestObjectSigningAlg    the only JWS algorithm its request objects may use, or null for any allowed one
 */
public record SecurityProfile(String jwks, URI jwksUri, String tokenEndpointAuthSigningAlg,
                              String requestObjectSigningAlg, boolean dpopBoundAccessTokens,
                              boolean dpopNonceRequired, boolean requirePushedAuthorizationRequests) {

    /** A client that registered none of it. */
    public static final SecurityProfile NONE = new SecurityProfile(null, null, null, null, false, false, false);

    public SecurityProfile withJwks(String value) {
        return new SecurityProfile(value, jwksUri, tokenEndpointAuthSigningAlg, requestObjectSigningAlg,
                dpopBoundAccessTokens, dpopNonceRequired, requirePushedAuthorizationRequests);
    }

    public static SecurityProfile orNone(SecurityProfile profile) {
        return Objects.requireNonNullElse(profile, NONE);
    }
}
