package dev.jeton.boot;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientAuthenticator;
import dev.jeton.client.fetch.OutboundFetcher;
import dev.jeton.client.metadata.MetadataDocumentClients;
import dev.jeton.client.metadata.MetadataDocumentSettings;
import dev.jeton.client.registration.ClientMetadataValidator;
import dev.jeton.client.registration.RegistrationProducer;
import dev.jeton.config.JetonSettings;
import dev.jeton.config.ResourceSettings;
import dev.jeton.token.GrantHandlers;
import dev.jeton.vocabulary.GrantType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Clock;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Client ID metadata documents with the rules of dynamic registration, narrowed: the methods
 * {@code none} and {@code private_key_jwt} only (never a shared secret), and only the grants in
 * which a user takes part (authorization code, refresh, device code) of those deployed.
 */
@ApplicationScoped
public class MetadataDocumentProducer {

    static final Set<ClientAuthMethod> METHODS = Set.of(ClientAuthMethod.NONE, ClientAuthMethod.PRIVATE_KEY_JWT);
    static final Set<GrantType> GRANTS = Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN,
            GrantType.DEVICE_CODE);

    @Produces
    @Singleton
    MetadataDocumentSettings metadataDocumentSettings() {
        Config config = ConfigProvider.getConfig();
        return MetadataDocumentSettings.from(name -> config.getOptionalValue(name, String.class));
    }

    @Produces
    @Singleton
    MetadataDocumentClients metadataDocumentClients(MetadataDocumentSettings settings, OutboundFetcher fetcher,
                                                    GrantHandlers grants, Instance<ClientAuthenticator> authenticators,
                                                    JetonSettings jeton, ResourceSettings resources, Clock clock) {
        Set<ClientAuthMethod> methods = authenticators.stream().map(ClientAuthenticator::method)
                .filter(METHODS::contains).collect(Collectors.toSet());
        Set<String> supported = grants.supported().stream().filter(GRANTS::contains).map(GrantType::wireValue)
                .collect(Collectors.toSet());
        Set<String> confidentialOnly = grants.supported().stream().filter(GrantType::confidentialClientRequired)
                .map(GrantType::wireValue).collect(Collectors.toSet());
        ClientMetadataValidator validator = new ClientMetadataValidator(methods, supported, confidentialOnly,
                jeton.allowedScopes(),
                // the same default scopes as a client that registers without naming any (RFC 7591 §2)
                dev.jeton.client.registration.RegistrationDefaults.scopes(new dev.jeton.config.SettingsReader(
                        name -> org.eclipse.microprofile.config.ConfigProvider.getConfig()
                                .getOptionalValue(name, String.class)), jeton),
                RegistrationProducer.registrableResources(resources))
                // a document that names no resources: those the operator allows, as for a registered client
                .withDefaults(java.util.List.copyOf(resources.allowed()), true);
        return new MetadataDocumentClients(settings, fetcher, validator, clock);
    }
}
