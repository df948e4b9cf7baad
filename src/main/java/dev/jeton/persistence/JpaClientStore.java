package dev.jeton.persistence;

import dev.jeton.client.ResourceAccess;
import dev.jeton.vocabulary.ResourceIndicators;
import dev.jeton.vocabulary.Scope;
import dev.jeton.client.CertificateMetadata;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.TlsClientAuthName;
import dev.jeton.client.ClientLogout;
import dev.jeton.client.ClientLinks;
import dev.jeton.client.OidcClientOptions;
import dev.jeton.client.ClientStore;
import dev.jeton.client.ClientSwitch;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.SecurityProfile;
import dev.jeton.client.TokenExchangePolicy;
import dev.jeton.config.SigningAlgorithm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.persistence.EntityManager;
import org.hibernate.Session;
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
import java.util.OptionalLong;
import java.util.Set;

/**
 * Registered clients in the database. Typed as itself and the operator's {@link ClientSwitch}: the
 * {@code ClientStore} the rest of Jeton sees is {@code boot.ClientDirectory}, which also resolves client ID
 * metadata documents.
 */
@ApplicationScoped
@Typed({JpaClientStore.class, ClientSwitch.class})
public class JpaClientStore implements ClientStore, ClientSwitch {

    @PersistenceContext(unitName = "jeton")
    EntityManager em;
    /** {@code jeton.fapi2.enabled}: every client as if registered under the FAPI 2.0 Security Profile. */
    @jakarta.inject.Inject
    dev.jeton.client.Fapi2Settings fapi2 = dev.jeton.client.Fapi2Settings.OFF;

    /** Injected on the server; unit tests hold their transaction themselves. */
    @jakarta.inject.Inject
    JoinedTransaction transaction = JoinedTransaction.CALLER;

    private final ClientCache cache = new ClientCache();

    /**
     * The client as its row is now, on every call: a cached client is used only when the row's
     * {@code row_version} (one single-row read by primary key, on the request transaction's
     * connection) is the one it was read with. So a client changed, disabled or deleted on any node
     * is seen by the next request on every node, and the cache saves only what is the same every
     * time: loading the whole row through JPA and mapping it (issue #13).
     */
    @Override
    public Optional<RegisteredClient> find(String clientId) {
        if (clientId == null || clientId.length() > 200) {
            return Optional.empty();
        }
        // the request's transaction; its own only where there is none (the version read needs a connection)
        return transaction.run(() -> stored(clientId)).map(fapi2::applyTo);
    }

    private Optional<RegisteredClient> stored(String clientId) {
        if (ClientRows.managedIn(em, clientId)) {
            // changed in this transaction and not written yet: the row says nothing of it
            return Optional.of(toClient(em.find(ClientEntity.class, clientId)));
        }
        OptionalLong version = em.unwrap(Session.class).doReturningWork(c -> ClientRows.version(c, clientId));
        if (version.isEmpty()) {
            cache.forget(clientId);
            return Optional.empty();
        }
        Optional<RegisteredClient> cached = cache.get(clientId, version.getAsLong());
        if (cached.isPresent()) {
            return cached;
        }
        ClientEntity entity = em.find(ClientEntity.class, clientId);
        if (entity == null) {
            return Optional.empty();
        }
        RegisteredClient client = toClient(entity);
        // read-only here: leaving it managed would only add it to the commit's dirty check
        em.detach(entity);
        cache.put(clientId, entity.getRowVersion(), client);
        return Optional.of(client);
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
        } else {
            if (entity.isDisabledByOperator()) {
                // the operator's switch holds over the clients file at a start and over an RFC 7592 update
                client = client.withEnabled(false);
            }
            if (toClient(entity).equals(client) && source.equals(entity.getSource())) {
                return false;
            }
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
        TlsClientAuthName name = security.certificate().tlsClientAuthName();
        entity.setTlsClientAuthNameKind(name == null ? null : name.kind().member());
        entity.setTlsClientAuthName(name == null ? null : name.value());
        entity.setTlsBoundAccessTokens(security.certificate().boundAccessTokens());
        entity.setExchangeAudiences(client.tokenExchange().audiences().isEmpty() ? null
                : join(client.tokenExchange().audiences()));
        entity.setExchangeImpersonation(client.tokenExchange().impersonation());
        entity.setResources(ResourceIndicators.join(client.resources().resources()));
        entity.setResourcePrefixMatch(client.resources().prefixMatch());
        ClientLogout logout = client.logout();
        entity.setPostLogoutRedirectUris(logout.postLogoutRedirectUris().isEmpty() ? null
                : String.join(" ", logout.postLogoutRedirectUris()));
        entity.setBackchannelLogoutUri(logout.backchannelLogoutUri());
        entity.setBackchannelLogoutSessionRequired(logout.backchannelLogoutSessionRequired());
        entity.setLogoutRevokesRefreshTokens(logout.logoutRevokesRefreshTokens());
        OidcClientOptions oidc = client.oidc();
        entity.setUserinfoSignedAlg(oidc.userinfoSignedResponseAlg() == null ? null
                : oidc.userinfoSignedResponseAlg().name());
        entity.setImplicitResponseTypes(oidc.implicitResponseTypes().isEmpty() ? null
                : String.join(",", new java.util.TreeSet<>(oidc.implicitResponseTypes())));
        entity.setRequestUris(oidc.requestUris().isEmpty() ? null : String.join(" ", oidc.requestUris()));
        entity.setLogoUri(oidc.links().logoUri());
        entity.setClientUri(oidc.links().clientUri());
        entity.setPolicyUri(oidc.links().policyUri());
        entity.setTosUri(oidc.links().tosUri());
        entity.setPairwiseSector(oidc.pairwise() == null ? null : oidc.pairwise().host());
        entity.setSectorIdentifierUri(oidc.pairwise() == null ? null : oidc.pairwise().sectorIdentifierUri());
        entity.setSource(source);
        entity.setUpdatedAt(now);
        if (created) {
            em.persist(entity);
        }
        return true;
    }

    /**
     * The operator's switch (issue #19). A write of the row through JPA gives it a new {@code row_version}
     * ({@link ClientEntity}), so the next {@link #find} on every node reads the row again instead of its cache.
     */
    @Override
    @Transactional
    public boolean setEnabled(String clientId, boolean enabled, Instant now) {
        if (clientId == null || clientId.length() > 200) {
            return false;
        }
        ClientEntity entity = em.find(ClientEntity.class, clientId);
        if (entity == null) {
            return false;
        }
        entity.setEnabled(enabled);
        entity.setDisabledByOperator(!enabled);
        entity.setUpdatedAt(now);
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
                        Boolean.TRUE.equals(e.getResourcePrefixMatch())),
                new ClientLogout(List.copyOf(split(e.getPostLogoutRedirectUris())), e.getBackchannelLogoutUri(),
                        Boolean.TRUE.equals(e.getBackchannelLogoutSessionRequired()),
                        e.getLogoutRevokesRefreshTokens()), oidc(e));
    }

    /** OIDC Registration §2 (V9); a stored algorithm that no longer parses signs nothing (plain JSON). */
    private static OidcClientOptions oidc(ClientEntity e) {
        return new OidcClientOptions(e.getUserinfoSignedAlg() == null ? null
                : SigningAlgorithm.parse(e.getUserinfoSignedAlg()).orElse(null),
                e.getImplicitResponseTypes() == null ? Set.of() : Set.of(e.getImplicitResponseTypes().split(",")),
                List.copyOf(split(e.getRequestUris())),
                new ClientLinks(e.getLogoUri(), e.getClientUri(), e.getPolicyUri(), e.getTosUri()),
                e.getPairwiseSector() == null ? null
                        : new dev.jeton.client.PairwiseSector(e.getPairwiseSector(), e.getSectorIdentifierUri()));
    }

    private static SecurityProfile security(ClientEntity e) {
        return new SecurityProfile(e.getJwks(), e.getJwksUri() == null ? null : URI.create(e.getJwksUri()),
                e.getTokenEndpointAuthSigningAlg(), e.getRequestObjectSigningAlg(),
                Boolean.TRUE.equals(e.getDpopBoundAccessTokens()), Boolean.TRUE.equals(e.getDpopNonceRequired()),
                Boolean.TRUE.equals(e.getRequirePushedAuthorizationRequests()), !Boolean.FALSE.equals(e.getRequirePkce()),
                Boolean.TRUE.equals(e.getFapi2()), certificate(e));
    }

    /** RFC 8705: a stored name is taken as it was checked when registered; one that no longer parses matches nothing. */
    private static CertificateMetadata certificate(ClientEntity e) {
        TlsClientAuthName name = e.getTlsClientAuthNameKind() == null ? null
                : TlsClientAuthName.Kind.ofMember(e.getTlsClientAuthNameKind())
                .map(kind -> new TlsClientAuthName(kind, e.getTlsClientAuthName())).orElse(null);
        return new CertificateMetadata(name, Boolean.TRUE.equals(e.getTlsBoundAccessTokens()));
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
