package dev.jeton.client.registration;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.config.SigningAlgorithm;

import java.util.List;
import java.util.Set;

/**
 * Client metadata a client sent (RFC 7591 §2), validated; defaults applied.
 *
 * @param requirePkce false only for a confidential client that registered {@code require_pkce: false}
 *                    (RFC 9700 §2.1.1)
 * @param resources   the resources (RFC 8707) it may ask tokens for, each within {@code jeton.resources.allowed}
 */
public record ClientMetadata(String clientName, List<String> redirectUris, ClientAuthMethod authMethod,
                             Set<String> grantTypes, Set<String> responseTypes, Set<String> scopes,
                             SigningAlgorithm idTokenSigningAlgorithm, boolean requirePkce, List<String> resources) {

    /** Metadata without resources. */
    public ClientMetadata(String clientName, List<String> redirectUris, ClientAuthMethod authMethod,
                          Set<String> grantTypes, Set<String> responseTypes, Set<String> scopes,
                          SigningAlgorithm idTokenSigningAlgorithm, boolean requirePkce) {
        this(clientName, redirectUris, authMethod, grantTypes, responseTypes, scopes, idTokenSigningAlgorithm,
                requirePkce, List.of());
    }

    public ClientMetadata {
        resources = resources == null ? List.of() : List.copyOf(resources);
        redirectUris = List.copyOf(redirectUris);
        grantTypes = Set.copyOf(grantTypes);
        responseTypes = Set.copyOf(responseTypes);
        scopes = Set.copyOf(scopes);
    }
}
