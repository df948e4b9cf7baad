package dev.jeton.client.registration;

import dev.jeton.client.CertificateMetadata;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientKeyMetadata;
import dev.jeton.client.ClientLogout;
import dev.jeton.client.OidcClientOptions;
import dev.jeton.config.SigningAlgorithm;

import java.util.List;
import java.util.Set;

/**
 * Client metadata a client sent (RFC 7591 §2), validated; defaults applied.
 *
 * @param requirePkce false only for a confidential client that registered {@code require_pkce: false}
 *                    (RFC 9700 §2.1.1)
 * @param keys        the client's keys ({@code jwks} or {@code jwks_uri}) and assertion algorithm; none for a
 *                    client that does not sign
 * @param resources   the resources (RFC 8707) it may ask tokens for, each within {@code jeton.resources.allowed}
 * @param certificate its mutual-TLS metadata (RFC 8705 §2.1.2, §3.4)
 * @param logout      its logout registration (issue #18: RP-Initiated and Back-Channel Logout 1.0)
 * @param resourcePrefixMatch whether {@code resources} are matched on path boundaries (the operator's list given to a
 *                    client that named none) rather than exactly
 */
public record ClientMetadata(String clientName, List<String> redirectUris, ClientAuthMethod authMethod,
                             Set<String> grantTypes, Set<String> responseTypes, Set<String> scopes,
                             SigningAlgorithm idTokenSigningAlgorithm, boolean requirePkce,
                             ClientKeyMetadata keys, List<String> resources, CertificateMetadata certificate,
                             ClientLogout logout, boolean resourcePrefixMatch, OidcClientOptions oidc) {

    /** Without OpenID Connect Dynamic OP members. */
    public ClientMetadata(String clientName, List<String> redirectUris, ClientAuthMethod authMethod,
                          Set<String> grantTypes, Set<String> responseTypes, Set<String> scopes,
                          SigningAlgorithm idTokenSigningAlgorithm, boolean requirePkce, ClientKeyMetadata keys,
                          List<String> resources, CertificateMetadata certificate, ClientLogout logout,
                          boolean resourcePrefixMatch) {
        this(clientName, redirectUris, authMethod, grantTypes, responseTypes, scopes, idTokenSigningAlgorithm,
                requirePkce, keys, resources, certificate, logout, resourcePrefixMatch, OidcClientOptions.NONE);
    }

    /** Without mutual-TLS metadata and without a logout registration. */
    public ClientMetadata(String clientName, List<String> redirectUris, ClientAuthMethod authMethod,
                          Set<String> grantTypes, Set<String> responseTypes, Set<String> scopes,
                          SigningAlgorithm idTokenSigningAlgorithm, boolean requirePkce, ClientKeyMetadata keys,
                          List<String> resources) {
        this(clientName, redirectUris, authMethod, grantTypes, responseTypes, scopes, idTokenSigningAlgorithm,
                requirePkce, keys, resources, CertificateMetadata.NONE, ClientLogout.NONE, false);
    }

    public ClientMetadata {
        certificate = certificate == null ? CertificateMetadata.NONE : certificate;
        logout = logout == null ? ClientLogout.NONE : logout;
        oidc = OidcClientOptions.orNone(oidc);
        resources = resources == null ? List.of() : List.copyOf(resources);
        redirectUris = List.copyOf(redirectUris);
        grantTypes = Set.copyOf(grantTypes);
        responseTypes = Set.copyOf(responseTypes);
        scopes = Set.copyOf(scopes);
        java.util.Objects.requireNonNull(keys);
    }

    /** Whether the client authenticates with a secret we issue (client_secret_basic or client_secret_post). */
    public boolean usesSecret() {
        return authMethod == ClientAuthMethod.CLIENT_SECRET_BASIC || authMethod == ClientAuthMethod.CLIENT_SECRET_POST;
    }
}
