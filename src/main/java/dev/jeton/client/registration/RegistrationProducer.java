package dev.jeton.client.registration;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientAuthenticator;
import dev.jeton.config.JetonSettings;
import dev.jeton.config.SettingsReader;
import dev.jeton.config.ResourceSettings;
import dev.jeton.token.ResourcePolicy;
import dev.jeton.token.GrantHandlers;
import dev.jeton.vocabulary.GrantType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.ConfigProvider;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Builds {@link ClientRegistration} from what is deployed: the authentication methods of the
 * installed authenticators and the grants of the installed handlers, so registration never accepts
 * a client the token endpoint could not serve.
 */
@ApplicationScoped
public class RegistrationProducer {

    /** Methods whose metadata registration understands (private_key_jwt with jwks or jwks_uri, RFC 7591 §2). */
    private static final Set<ClientAuthMethod> REGISTRABLE = Set.of(ClientAuthMethod.CLIENT_SECRET_BASIC,
            ClientAuthMethod.CLIENT_SECRET_POST, ClientAuthMethod.NONE, ClientAuthMethod.PRIVATE_KEY_JWT,
            // RFC 8705 §2.1.2: with the one certificate name; §2.2: with jwks or jwks_uri
            ClientAuthMethod.TLS_CLIENT_AUTH, ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH);

    @Produces
    @Singleton
    ClientRegistration registration(GrantHandlers grants, Instance<ClientAuthenticator> authenticators,
                                    JetonSettings settings, RegistrationStore store, ResourceSettings resources,
                                    dev.jeton.client.Fapi2Settings fapi2,
                                    dev.jeton.authorize.DynamicOpSettings dynamicOp,
                                    dev.jeton.client.fetch.OutboundFetcher fetcher) {
        Set<ClientAuthMethod> methods = authenticators.stream().map(ClientAuthenticator::method)
                .filter(REGISTRABLE::contains).collect(Collectors.toSet());
        Set<String> supported = grants.supported().stream().map(GrantType::wireValue).collect(Collectors.toSet());
        Set<String> confidentialOnly = grants.supported().stream().filter(GrantType::confidentialClientRequired)
                .map(GrantType::wireValue).collect(Collectors.toSet());
        ClientMetadataValidator validator = new ClientMetadataValidator(methods, supported, confidentialOnly,
                settings.allowedScopes(),
                RegistrationDefaults.scopes(new SettingsReader(name -> ConfigProvider.getConfig()
                        .getOptionalValue(name, String.class)), settings),
                registrableResources(resources), fapi2.serverWide())
                .withDefaults(List.copyOf(resources.allowed()), requirePkce())
                // issue #14: implicit response types only while jeton.oidc.implicit.enabled is on
                .allowingImplicit(dynamicOp.implicitEnabled());
        // OIDC Registration §5: a sector_identifier_uri is read through the one guarded fetcher, with the deadline of
        // the other client documents fetched while a request waits (request_uri)
        return new ClientRegistration(validator, store, id -> settings.endpoint("/oauth/register/" + id),
                dev.jeton.client.SectorIdentifierCheck.guarded(fetcher, dynamicOp.requestUriTimeout()));
    }

    /** {@code jeton.registration.require-pkce}: whether a confidential client that does not say registers with PKCE. */
    private static boolean requirePkce() {
        return ConfigProvider.getConfig().getOptionalValue(REQUIRE_PKCE, Boolean.class).orElse(true);
    }

    public static final String REQUIRE_PKCE = "jeton.registration.require-pkce";

    /**
     * The resources (RFC 8707) a client may name for itself, by registration or in a client ID metadata
     * document: within jeton.resources.allowed, and nothing at all when it is not set.
     */
    public static Predicate<String> registrableResources(ResourceSettings resources) {
        ResourcePolicy policy = new ResourcePolicy(resources);
        return resource -> !resources.allowed().isEmpty() && policy.serverAllows(resource);
    }
}
