package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A registered client. Sets (grants, scopes, redirect URIs) are stored space-separated, the
 * way OAuth writes them on the wire, so one row read gives the whole client.
 */
@Entity
@Table(name = "jeton_client")
public class ClientEntity {

    @Id
    @Column(name = "client_id", length = 200)
    private String clientId;

    /**
     * A new random value with every write of the row: what each node's client cache compares
     * against (JpaClientStore#find). Random rather than counted, so that two nodes changing the
     * row at once, or a client deleted and registered again under its id, never produce a value a
     * cache already holds for other contents.
     */
    @Column(name = "row_version", nullable = false)
    private long rowVersion;

    @PrePersist
    @PreUpdate
    void newRowVersion() {
        rowVersion = ThreadLocalRandom.current().nextLong();
    }

    long getRowVersion() { return rowVersion; }

    @Column(name = "client_name", length = 200)
    private String clientName;

    /** {@code sha256:<base64url>}; never the secret itself. */
    @Column(name = "secret_hash", length = 100)
    private String secretHash;

    @Column(name = "auth_method", length = 40, nullable = false)
    private String authMethod;

    @Column(name = "confidential", nullable = false)
    private boolean confidential;

    @Column(name = "grant_types", length = 1000, nullable = false)
    private String grantTypes;

    @Column(name = "scopes", length = 2000, nullable = false)
    private String scopes;

    @Column(name = "redirect_uris", length = 4000, nullable = false)
    private String redirectUris;

    @Column(name = "audience", length = 500)
    private String audience;

    @Column(name = "access_token_ttl_seconds")
    private Integer accessTokenTtlSeconds;

    @Column(name = "refresh_token_ttl_seconds")
    private Integer refreshTokenTtlSeconds;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    /** V17: disabled through the admin API; the clients file and RFC 7592 updates do not enable it again. */
    @Column(name = "disabled_by_operator", nullable = false)
    private boolean disabledByOperator;

    @Column(name = "first_party", nullable = false)
    private boolean firstParty;

    @Column(name = "id_token_alg", length = 10)
    private String idTokenAlgorithm;

    /** The client's public JWK Set (RFC 7591 §2 jwks), as JSON. */
    @Column(name = "jwks", length = 20000)
    private String jwks;

    @Column(name = "jwks_uri", length = 2000)
    private String jwksUri;

    @Column(name = "token_auth_signing_alg", length = 10)
    private String tokenEndpointAuthSigningAlg;

    @Column(name = "request_object_signing_alg", length = 10)
    private String requestObjectSigningAlg;

    /** Nullable so that the column can be added to a table that has rows; null is false. */
    @Column(name = "dpop_bound_access_tokens")
    private Boolean dpopBoundAccessTokens;

    @Column(name = "dpop_nonce_required")
    private Boolean dpopNonceRequired;

    @Column(name = "require_par")
    private Boolean requirePushedAuthorizationRequests;

    /** RFC 9700 §2.1.1; nullable like the columns above, and null (a row from before) is true. */
    @Column(name = "require_pkce")
    private Boolean requirePkce;

    /** Held to the FAPI 2.0 Security Profile; null is false. */
    @Column(name = "fapi2")
    private Boolean fapi2;

    /** RFC 8693: audiences the client may ask a token exchange for, space-separated; null for none. */
    @Column(name = "exchange_audiences", length = 4000)
    private String exchangeAudiences;

    /** RFC 8693: whether the client may exchange without an actor token; null counts as false. */
    @Column(name = "exchange_impersonation")
    private Boolean exchangeImpersonation;

    /** RFC 8707: resources the client may ask tokens for, space-separated; null for none. */
    @Column(name = "resources", length = 4000)
    private String resources;

    /** RFC 8707: whether a registered resource covers those beneath it on a path boundary; null is false. */
    @Column(name = "resource_prefix_match")
    private Boolean resourcePrefixMatch;

    /** RFC 8705 §2.1.2: which name a tls_client_auth client registered (the metadata member), or null. */
    @Column(name = "tls_client_auth_name_kind", length = 40)
    private String tlsClientAuthNameKind;

    @Column(name = "tls_client_auth_name", length = 1000)
    private String tlsClientAuthName;

    /** RFC 8705 §3.4 tls_client_certificate_bound_access_tokens; null is false. */
    @Column(name = "tls_bound_access_tokens")
    private Boolean tlsBoundAccessTokens;

    /** OIDC Registration §2 userinfo_signed_response_alg (V9); null for plain JSON userinfo. */
    @Column(name = "userinfo_signed_alg", length = 10)
    private String userinfoSignedAlg;

    /** The implicit response types it registered (OIDC Core §3.2), comma-separated (one holds a space); null for none. */
    @Column(name = "implicit_response_types", length = 100)
    private String implicitResponseTypes;

    /** OIDC Registration §2 request_uris, space-separated; null for none (a CLOB on H2 until V14). */
    @Column(name = "request_uris", length = TextColumn.LENGTH)
    private String requestUris;

    /** OIDC Registration §2 logo_uri, client_uri, policy_uri, tos_uri (V13); null when not registered. */
    @Column(name = "logo_uri", length = 1000)
    private String logoUri;
    @Column(name = "client_uri", length = 1000)
    private String clientUri;
    @Column(name = "policy_uri", length = 1000)
    private String policyUri;
    @Column(name = "tos_uri", length = 1000)
    private String tosUri;

    public String getLogoUri() { return logoUri; }
    public void setLogoUri(String v) { this.logoUri = v; }
    public String getClientUri() { return clientUri; }
    public void setClientUri(String v) { this.clientUri = v; }
    public String getPolicyUri() { return policyUri; }
    public void setPolicyUri(String v) { this.policyUri = v; }
    public String getTosUri() { return tosUri; }
    public void setTosUri(String v) { this.tosUri = v; }

    /** OIDC Core §8.1 (V16): the sector host of a client of pairwise subject identifiers; null for public ones. */
    @Column(name = "pairwise_sector", length = 255)
    private String pairwiseSector;
    /** OIDC Registration §2 sector_identifier_uri (V16), as registered; null when none. */
    @Column(name = "sector_identifier_uri", length = 1000)
    private String sectorIdentifierUri;

    public String getPairwiseSector() { return pairwiseSector; }
    public void setPairwiseSector(String v) { this.pairwiseSector = v; }
    public String getSectorIdentifierUri() { return sectorIdentifierUri; }
    public void setSectorIdentifierUri(String v) { this.sectorIdentifierUri = v; }

    public String getUserinfoSignedAlg() { return userinfoSignedAlg; }
    public void setUserinfoSignedAlg(String v) { this.userinfoSignedAlg = v; }
    public String getImplicitResponseTypes() { return implicitResponseTypes; }
    public void setImplicitResponseTypes(String v) { this.implicitResponseTypes = v; }
    public String getRequestUris() { return requestUris; }
    public void setRequestUris(String v) { this.requestUris = v; }

    public String getTlsClientAuthNameKind() { return tlsClientAuthNameKind; }
    public void setTlsClientAuthNameKind(String v) { this.tlsClientAuthNameKind = v; }
    public String getTlsClientAuthName() { return tlsClientAuthName; }
    public void setTlsClientAuthName(String v) { this.tlsClientAuthName = v; }
    public Boolean getTlsBoundAccessTokens() { return tlsBoundAccessTokens; }
    public void setTlsBoundAccessTokens(Boolean v) { this.tlsBoundAccessTokens = v; }

    public String getResources() { return resources; }
    public void setResources(String resources) { this.resources = resources; }
    public Boolean getResourcePrefixMatch() { return resourcePrefixMatch; }
    public void setResourcePrefixMatch(Boolean resourcePrefixMatch) { this.resourcePrefixMatch = resourcePrefixMatch; }

    /** Where the registration came from: {@code file} for the operator's clients file. */
    @Column(name = "source", length = 20, nullable = false)
    private String source;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** RFC 7592: SHA-256 of the registration access token of a dynamically registered client, else null. */
    @Column(name = "registration_token_hash", length = 64)
    private String registrationTokenHash;

    public String getRegistrationTokenHash() { return registrationTokenHash; }
    public void setRegistrationTokenHash(String registrationTokenHash) { this.registrationTokenHash = registrationTokenHash; }

    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getClientName() { return clientName; }
    public void setClientName(String clientName) { this.clientName = clientName; }
    public String getSecretHash() { return secretHash; }
    public void setSecretHash(String secretHash) { this.secretHash = secretHash; }
    public String getAuthMethod() { return authMethod; }
    public void setAuthMethod(String authMethod) { this.authMethod = authMethod; }
    public void setConfidential(boolean confidential) { this.confidential = confidential; }
    public String getGrantTypes() { return grantTypes; }
    public void setGrantTypes(String grantTypes) { this.grantTypes = grantTypes; }
    public String getScopes() { return scopes; }
    public void setScopes(String scopes) { this.scopes = scopes; }
    public String getRedirectUris() { return redirectUris; }
    public void setRedirectUris(String redirectUris) { this.redirectUris = redirectUris; }
    public String getAudience() { return audience; }
    public void setAudience(String audience) { this.audience = audience; }
    public Integer getAccessTokenTtlSeconds() { return accessTokenTtlSeconds; }
    public void setAccessTokenTtlSeconds(Integer v) { this.accessTokenTtlSeconds = v; }
    public Integer getRefreshTokenTtlSeconds() { return refreshTokenTtlSeconds; }
    public void setRefreshTokenTtlSeconds(Integer v) { this.refreshTokenTtlSeconds = v; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public boolean isDisabledByOperator() { return disabledByOperator; }
    public void setDisabledByOperator(boolean v) { this.disabledByOperator = v; }
    public boolean isFirstParty() { return firstParty; }
    public void setFirstParty(boolean firstParty) { this.firstParty = firstParty; }
    public String getIdTokenAlgorithm() { return idTokenAlgorithm; }
    public void setIdTokenAlgorithm(String idTokenAlgorithm) { this.idTokenAlgorithm = idTokenAlgorithm; }
    public String getExchangeAudiences() { return exchangeAudiences; }
    public void setExchangeAudiences(String v) { this.exchangeAudiences = v; }
    public Boolean getExchangeImpersonation() { return exchangeImpersonation; }
    public void setExchangeImpersonation(Boolean v) { this.exchangeImpersonation = v; }
    public String getSource() { return source; }
    public void setSource(String source) { this.source = source; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
    public String getJwks() { return jwks; }
    public void setJwks(String jwks) { this.jwks = jwks; }
    public String getJwksUri() { return jwksUri; }
    public void setJwksUri(String jwksUri) { this.jwksUri = jwksUri; }
    public String getTokenEndpointAuthSigningAlg() { return tokenEndpointAuthSigningAlg; }
    public void setTokenEndpointAuthSigningAlg(String v) { this.tokenEndpointAuthSigningAlg = v; }
    public String getRequestObjectSigningAlg() { return requestObjectSigningAlg; }
    public void setRequestObjectSigningAlg(String v) { this.requestObjectSigningAlg = v; }
    public Boolean getDpopBoundAccessTokens() { return dpopBoundAccessTokens; }
    public void setDpopBoundAccessTokens(Boolean v) { this.dpopBoundAccessTokens = v; }
    public Boolean getDpopNonceRequired() { return dpopNonceRequired; }
    public void setDpopNonceRequired(Boolean v) { this.dpopNonceRequired = v; }
    public Boolean getRequirePushedAuthorizationRequests() { return requirePushedAuthorizationRequests; }
    public void setRequirePushedAuthorizationRequests(Boolean v) { this.requirePushedAuthorizationRequests = v; }
    public Boolean getRequirePkce() { return requirePkce; }
    public void setRequirePkce(Boolean v) { this.requirePkce = v; }
    public Boolean getFapi2() { return fapi2; }
    public void setFapi2(Boolean v) { this.fapi2 = v; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(Instant updatedAt) { this.updatedAt = updatedAt; }

    /** RP-Initiated Logout 1.0 §3.1: space-separated, compared exactly. */
    @Column(name = "post_logout_redirect_uris", length = TextColumn.LENGTH)
    private String postLogoutRedirectUris;

    /** Back-Channel Logout 1.0 §2.2. */
    @Column(name = "backchannel_logout_uri", length = 2000)
    private String backchannelLogoutUri;

    @Column(name = "backchannel_logout_session_required")
    private Boolean backchannelLogoutSessionRequired;

    /** Whether ending a session revokes the refresh tokens it produced for this client; null for the default. */
    @Column(name = "logout_revokes_refresh_tokens")
    private Boolean logoutRevokesRefreshTokens;

    public String getPostLogoutRedirectUris() { return postLogoutRedirectUris; }
    public void setPostLogoutRedirectUris(String value) { this.postLogoutRedirectUris = value; }
    public String getBackchannelLogoutUri() { return backchannelLogoutUri; }
    public void setBackchannelLogoutUri(String value) { this.backchannelLogoutUri = value; }
    public Boolean getBackchannelLogoutSessionRequired() { return backchannelLogoutSessionRequired; }
    public void setBackchannelLogoutSessionRequired(Boolean value) { this.backchannelLogoutSessionRequired = value; }
    public Boolean getLogoutRevokesRefreshTokens() { return logoutRevokesRefreshTokens; }
    public void setLogoutRevokesRefreshTokens(Boolean value) { this.logoutRevokesRefreshTokens = value; }
}
