package dev.jeton.client;

import java.net.URI;
import java.util.Objects;

/**
 * What a high-security client registered beyond the basics: the keys it signs with (RFC 7591 §2
 * {@code jwks} or {@code jwks_uri}), the algorithms it promised, and whether it must use DPoP
 * (RFC 9449 §5.2), answer DPoP nonces (RFC 9449 §8), push its authorization requests
 * (RFC 9126 §6) and send PKCE (RFC 9700 §2.1.1), and whether it is held to the FAPI 2.0 Security
 * Profile.
 *
 * @param jwks                       the client's public JWK Set as JSON, or null
 * @param jwksUri                    where the client publishes it, or null
 * @param tokenEndpointAuthSigningAlg the only JWS algorithm its client assertions may use, or null for any allowed one
 * @param requestObjectSigningAlg    the only JWS algorithm its request objects may use, or null for any allowed one
 * @param requirePkce                true (the default) unless the operator relaxed PKCE for this confidential
 *                                   client ({@code require_pkce: false}); see {@link RegisteredClient#pkceRequired()}
 * @param fapi2                      the client is held to the FAPI 2.0 Security Profile ({@code fapi2_security_profile})
 * @param certificate                its mutual-TLS metadata (RFC 8705); {@link CertificateMetadata#NONE} when none
 */
public record SecurityProfile(String jwks, URI jwksUri, String tokenEndpointAuthSigningAlg,
                              String requestObjectSigningAlg, boolean dpopBoundAccessTokens,
                              boolean dpopNonceRequired, boolean requirePushedAuthorizationRequests,
                              boolean requirePkce, boolean fapi2, CertificateMetadata certificate) {

    public SecurityProfile {
        certificate = certificate == null ? CertificateMetadata.NONE : certificate;
    }

    /** Without mutual-TLS metadata. */
    public SecurityProfile(String jwks, URI jwksUri, String tokenEndpointAuthSigningAlg,
                           String requestObjectSigningAlg, boolean dpopBoundAccessTokens, boolean dpopNonceRequired,
                           boolean requirePushedAuthorizationRequests, boolean requirePkce, boolean fapi2) {
        this(jwks, jwksUri, tokenEndpointAuthSigningAlg, requestObjectSigningAlg, dpopBoundAccessTokens,
                dpopNonceRequired, requirePushedAuthorizationRequests, requirePkce, fapi2, CertificateMetadata.NONE);
    }

    /** A client that registered none of it: PKCE required, no FAPI 2.0 profile. */
    public static final SecurityProfile NONE = new SecurityProfile(null, null, null, null, false, false, false);

    /** PKCE required, no FAPI 2.0 profile. */
    public SecurityProfile(String jwks, URI jwksUri, String tokenEndpointAuthSigningAlg, String requestObjectSigningAlg,
                           boolean dpopBoundAccessTokens, boolean dpopNonceRequired,
                           boolean requirePushedAuthorizationRequests) {
        this(jwks, jwksUri, tokenEndpointAuthSigningAlg, requestObjectSigningAlg, dpopBoundAccessTokens,
                dpopNonceRequired, requirePushedAuthorizationRequests, true, false);
    }

    public SecurityProfile withJwks(String value) {
        return new SecurityProfile(value, jwksUri, tokenEndpointAuthSigningAlg, requestObjectSigningAlg,
                dpopBoundAccessTokens, dpopNonceRequired, requirePushedAuthorizationRequests, requirePkce, fapi2, certificate);
    }

    public SecurityProfile withRequirePkce(boolean value) {
        return new SecurityProfile(jwks, jwksUri, tokenEndpointAuthSigningAlg, requestObjectSigningAlg,
                dpopBoundAccessTokens, dpopNonceRequired, requirePushedAuthorizationRequests, value, fapi2, certificate);
    }

    public SecurityProfile withFapi2(boolean value) {
        return new SecurityProfile(jwks, jwksUri, tokenEndpointAuthSigningAlg, requestObjectSigningAlg,
                dpopBoundAccessTokens, dpopNonceRequired, requirePushedAuthorizationRequests, requirePkce, value, certificate);
    }

    public SecurityProfile withCertificate(CertificateMetadata value) {
        return new SecurityProfile(jwks, jwksUri, tokenEndpointAuthSigningAlg, requestObjectSigningAlg,
                dpopBoundAccessTokens, dpopNonceRequired, requirePushedAuthorizationRequests, requirePkce, fapi2, value);
    }

    public static SecurityProfile orNone(SecurityProfile profile) {
        return Objects.requireNonNullElse(profile, NONE);
    }
}
