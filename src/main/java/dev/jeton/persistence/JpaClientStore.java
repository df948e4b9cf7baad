package dev.jeton.persistence;

import dev.jeton.client.ResourceAccess;
import dev.jeton.vocabulary.ResourceIndicators;
import dev.jeton.vocabulary.Scope;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientStore;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.SecurityProfile;
import dev.jeton.client.TokenExchangePolicy;
import dev.jeton.config.SigningAlgorithm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Registered clients in the database. Typed as itself only: the {@code ClientStore} the rest of
 * Jeton sees is {@code boot.ClientDirectory}, which also resolves client ID metadata documents.
 */
@ApplicationScoped
@Typed(JpaClientStore.class)
public class JpaClientStore implements ClientStore {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;

    @Override
    public Optional<RegisteredClient> find(String clientId) {
        if (clientId == null || clientId.length() > 200) {
            return Optional.empty();
        }
        return Optional.ofNullable(em.find(ClientEntity.class, clientId)).map(JpaClientStore::toClient);
    }

    /** Inserts or updates a client; returns true when something changed. */
    @Transactional
    public boolean save(RegisteredClient client, String source, Instant now) {
        ClientEntity entity = em.find(ClientEntity.class, client.clientId());
        boolean created = entity == null;
        if (created) {
            entity = new ClientEntity();
            entity.setClientId(client.clientId());
            entity.setCreatedAt(now);
        } else if (toClient(entity).equals(client) && source.equals(entity.getSource())) {
            return false;
        }
        entity.setClientName(client.clientName());
        entity.setSecretHash(client.secretHash());
        entity.setAuthMethod(client.authMethod().wireValue());
        entity.setConfidential(client.confidential());
        entity.setGrantTypes(join(client.grantTypes()));
        entity.setScopes(Scope.of(client.scopes()).sorted().toString());
        entity.setRedirectUris(String.join(" ", client.redirectUris()));
        entity.setAudience(client.audience());
        entity.setAccessTokenTtlSeconds(seconds(client.accessTokenTtl()));
        entity.setRefreshTokenTtlSeconds(seconds(client.refreshTokenTtl()));
        entity.setEnabled(client.enabled());
        entity.setFirstParty(client.firstParty());
        entity.setIdTokenAlgorithm(client.idTokenSigningAlgorithm() == null ? null
                : client.idTokenSigningAlgorithm().name());
        SecurityProfile security = client.security();
        entity.setJwks(security.jwks());
        entity.setJwksUri(security.jwksUri() == null ? null : security.jwksUri().toString());
        entity.setTokenEndpointAuthSigningAlg(security.tokenEndpointAuthSigningAlg());
        entity.setRequestObjectSigningAlg(security.requestObjectSigningAlg());
        entity.setDpopBoundAccessTokens(security.dpopBoundAccessTokens());
        entity.setDpopNonceRequired(security.dpopNonceRequired());
        entity.setRequirePushedAuthorizationRequests(security.requirePushedAuthorizationRequests());
        entity.setRequirePkce(security.requirePkce());
        entity.setFapi2(security.fapi2());
        entity.setExchangeAudiences(client.tokenExchange().audiences().isEmpty() ? null
                : join(client.tokenExchange().audiences()));
        entity.setExchangeImpersonation(client.tokenExchange().impersonation());
        entity.setResources(ResourceIndicators.join(client.resources().resources()));
        entity.setResourcePrefixMatch(client.resources().prefixMatch());
        entity.setSource(source);
        entity.setUpdatedAt(now);
        if (created) {
            em.persist(entity);
        }
        return true;
    }

    /** Disables the clients of {@code source} that are not in {@code keep}; returns their ids. */
    @Transactional
    public List<String> disableOthers(String source, Collection<String> keep, Instant now) {
        List<ClientEntity> stale = em.createQuery(
                        "select c from ClientEntity c where c.source = :source and c.enabled = true", ClientEntity.class)
                .setParameter("source", source)
                .getResultList().stream()
                .filter(c -> !keep.contains(c.getClientId()))
                .toList();
        for (ClientEntity c : stale) {
            c.setEnabled(false);
            c.setUpdatedAt(now);
        }
        return stale.stream().map(ClientEntity::getClientId).toList();
    }

    static RegisteredClient toClient(ClientEntity e) {
        return new RegisteredClient(e.getClientId(), e.getClientName(), e.getSecretHash(),
                ClientAuthMethod.fromWire(e.getAuthMethod()).orElseThrow(() ->
                        new IllegalStateException("client " + e.getClientId() + " has an unknown auth method")),
                split(e.getGrantTypes()), Scope.ofIssued(e.getScopes()).tokens(), List.copyOf(split(e.getRedirectUris())),
                e.getAudience(), duration(e.getAccessTokenTtlSeconds()), duration(e.getRefreshTokenTtlSeconds()),
                e.isEnabled(), e.isFirstParty(), e.getIdTokenAlgorithm() == null ? null
                        : SigningAlgorithm.parse(e.getIdTokenAlgorithm()).orElse(null), security(e),
                new TokenExchangePolicy(split(e.getExchangeAudiences()),
                        Boolean.TRUE.equals(e.getExchangeImpersonation())),
                new ResourceAccess(ResourceIndicators.split(e.getResources()),
                        Boolean.TRUE.equals(e.getResourcePrefixMatch())));
    }

    private static SecurityProfile security(ClientEntity e) {
        return new SecurityProfile(e.getJwks(), e.getJwksUri() == null ? null : URI.create(e.getJwksUri()),
                e.getTokenEndpointAuthSigningAlg(), e.getRequestObjectSigningAlg(),
                Boolean.TRUE.equals(e.getDpopBoundAccessTokens()), Boolean.TRUE.equals(e.getDpopNonceRequired()),
                Boolean.TRUE.equals(e.getRequirePushedAuthorizationRequests()), !Boolean.FALSE.equals(e.getRequirePkce()),
                Boolean.TRUE.equals(e.getFapi2()));
    }

    private static Set<String> split(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.asList(value.trim().split(" +")));
    }

    private static String join(Set<String> values) {
        return String.join(" ", values.stream().sorted().toList());
    }

    private static Integer seconds(Duration d) {
        return d == null ? null : Math.toIntExact(d.toSeconds());
    }

    private static Duration duration(Integer seconds) {
        return seconds == null ? null : Duration.ofSeconds(seconds);
    }
}
