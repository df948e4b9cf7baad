package dev.jeton.client;

import dev.jeton.config.SigningAlgorithm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A client as the core sees it: what it may do and how it proves who it is.
 *
 * @param secretHash     the stored hash of the client secret ({@link ClientSecrets}), null for clients without one
 * @param audience       the {@code aud} of its access tokens when the request names none; null for the server default
 * @param accessTokenTtl a per-client override of the access token lifetime, or null
 * @param refreshTokenTtl a per-client override of the refresh token idle lifetime, or null
 * @param firstParty      a client of the operator's own: the user is not asked for consent
 * @param idTokenSigningAlgorithm the client's {@code id_token_signed_response_alg}, or null for the server default
 * @param security        keys, DPoP and PAR requirements ({@link SecurityProfile#NONE} when none were registered)
 * @param tokenExchange   what it may ask for in a token exchange (RFC 8693); never null
 * @param resources       the resources (RFC 8707) it may ask tokens for; never null
 * @param logout          its logout registration (issue #18); never null
 * @param oidc            its OpenID Connect Dynamic OP registration (signed userinfo, implicit response types,
 *                        request_uris); never null
 */
public record RegisteredClient(String clientId, String clientName, String secretHash, ClientAuthMethod authMethod,
                               Set<String> grantTypes, Set<String> scopes, List<String> redirectUris,
                               String audience, Duration accessTokenTtl, Duration refreshTokenTtl,
                               boolean enabled, boolean firstParty, SigningAlgorithm idTokenSigningAlgorithm,
                               SecurityProfile security, TokenExchangePolicy tokenExchange,
                               ResourceAccess resources, ClientLogout logout, OidcClientOptions oidc) {

    static final Duration FAPI2_MAX_CODE_TTL = Duration.ofSeconds(60);
    static final Duration FAPI2_MAX_REQUEST_URI_TTL = Duration.ofSeconds(599);

    public RegisteredClient {
        resources = resources == null ? ResourceAccess.NONE : resources;
        logout = logout == null ? ClientLogout.NONE : logout;
        oidc = OidcClientOptions.orNone(oidc);
        tokenExchange = tokenExchange == null ? TokenExchangePolicy.NONE : tokenExchange;
        Objects.requireNonNull(clientId, "clientId");
        security = SecurityProfile.orNone(security);
        Objects.requireNonNull(authMethod, "authMethod");
        grantTypes = Set.copyOf(grantTypes);
        scopes = Set.copyOf(scopes);
        redirectUris = List.copyOf(redirectUris);
    }

    /** A client without OpenID Connect Dynamic OP options. */
    public RegisteredClient(String clientId, String clientName, String secretHash, ClientAuthMethod authMethod,
                            Set<String> grantTypes, Set<String> scopes, List<String> redirectUris, String audience,
                            Duration accessTokenTtl, Duration refreshTokenTtl, boolean enabled, boolean firstParty,
                            SigningAlgorithm idTokenSigningAlgorithm, SecurityProfile security,
                            TokenExchangePolicy tokenExchange, ResourceAccess resources, ClientLogout logout) {
        this(clientId, clientName, secretHash, authMethod, grantTypes, scopes, redirectUris, audience, accessTokenTtl,
                refreshTokenTtl, enabled, firstParty, idTokenSigningAlgorithm, security, tokenExchange, resources,
                logout, OidcClientOptions.NONE);
    }

    /** This client, enabled or disabled (an operator's switch, issue #19). */
    public RegisteredClient withEnabled(boolean value) {
        return new RegisteredClient(clientId, clientName, secretHash, authMethod, grantTypes, scopes, redirectUris,
                audience, accessTokenTtl, refreshTokenTtl, value, firstParty, idTokenSigningAlgorithm, security,
                tokenExchange, resources, logout, oidc);
    }

    /** This client, with the OpenID Connect Dynamic OP options {@code value}. */
    public RegisteredClient withOidc(OidcClientOptions value) {
        return new RegisteredClient(clientId, clientName, secretHash, authMethod, grantTypes, scopes, redirectUris,
                audience, accessTokenTtl, refreshTokenTtl, enabled, firstParty, idTokenSigningAlgorithm, security,
                tokenExchange, resources, logout, value);
    }

    /** A client without a logout registration. */
    public RegisteredClient(String clientId, String clientName, String secretHash, ClientAuthMethod authMethod,
                            Set<String> grantTypes, Set<String> scopes, List<String> redirectUris, String audience,
                            Duration accessTokenTtl, Duration refreshTokenTtl, boolean enabled, boolean firstParty,
                            SigningAlgorithm idTokenSigningAlgorithm, SecurityProfile security,
                            TokenExchangePolicy tokenExchange, ResourceAccess resources) {
        this(clientId, clientName, secretHash, authMethod, grantTypes, scopes, redirectUris, audience, accessTokenTtl,
                refreshTokenTtl, enabled, firstParty, idTokenSigningAlgorithm, security, tokenExchange, resources,
                ClientLogout.NONE);
    }

    /** This client, with the logout registration {@code value} (issue #18). */
    public RegisteredClient withLogout(ClientLogout value) {
        return new RegisteredClient(clientId, clientName, secretHash, authMethod, grantTypes, scopes, redirectUris,
                audience, accessTokenTtl, refreshTokenTtl, enabled, firstParty, idTokenSigningAlgorithm, security,
                tokenExchange, resources, value, oidc);
    }

    /**
     * Whether ending a session revokes the refresh tokens it produced for this client: as registered, else for a
     * third-party client yes (signing out means signing out), for the operator's own clients no (they may keep
     * offline access).
     */
    public boolean logoutRevokesRefreshTokens() {
        return logout.logoutRevokesRefreshTokens() != null ? logout.logoutRevokesRefreshTokens() : !firstParty;
    }

    /** A client registered for no resource (RFC 8707). */
    public RegisteredClient(String clientId, String clientName, String secretHash, ClientAuthMethod authMethod,
                            Set<String> grantTypes, Set<String> scopes, List<String> redirectUris, String audience,
                            Duration accessTokenTtl, Duration refreshTokenTtl, boolean enabled, boolean firstParty,
                            SigningAlgorithm idTokenSigningAlgorithm, SecurityProfile security,
                            TokenExchangePolicy tokenExchange) {
        this(clientId, clientName, secretHash, authMethod, grantTypes, scopes, redirectUris, audience, accessTokenTtl,
                refreshTokenTtl, enabled, firstParty, idTokenSigningAlgorithm, security, tokenExchange,
                ResourceAccess.NONE);
    }

    /** This client, registered for {@code value} (RFC 8707). */
    public RegisteredClient withResources(ResourceAccess value) {
        return new RegisteredClient(clientId, clientName, secretHash, authMethod, grantTypes, scopes, redirectUris,
                audience, accessTokenTtl, refreshTokenTtl, enabled, firstParty, idTokenSigningAlgorithm, security,
                tokenExchange, value, logout, oidc);
    }

    /** This client with {@code value} as its security profile. */
    public RegisteredClient withSecurity(SecurityProfile value) {
        return new RegisteredClient(clientId, clientName, secretHash, authMethod, grantTypes, scopes, redirectUris,
                audience, accessTokenTtl, refreshTokenTtl, enabled, firstParty, idTokenSigningAlgorithm, value,
                tokenExchange, resources, logout, oidc);
    }

    /** A client without keys, DPoP or PAR requirements, nor a token exchange policy. */
    public RegisteredClient(String clientId, String clientName, String secretHash, ClientAuthMethod authMethod,
                            Set<String> grantTypes, Set<String> scopes, List<String> redirectUris, String audience,
                            Duration accessTokenTtl, Duration refreshTokenTtl, boolean enabled, boolean firstParty,
                            SigningAlgorithm idTokenSigningAlgorithm) {
        this(clientId, clientName, secretHash, authMethod, grantTypes, scopes, redirectUris, audience, accessTokenTtl,
                refreshTokenTtl, enabled, firstParty, idTokenSigningAlgorithm, SecurityProfile.NONE,
                TokenExchangePolicy.NONE);
    }

    /** A client without a token exchange policy. */
    public RegisteredClient(String clientId, String clientName, String secretHash, ClientAuthMethod authMethod,
                            Set<String> grantTypes, Set<String> scopes, List<String> redirectUris, String audience,
                            Duration accessTokenTtl, Duration refreshTokenTtl, boolean enabled, boolean firstParty,
                            SigningAlgorithm idTokenSigningAlgorithm, SecurityProfile security) {
        this(clientId, clientName, secretHash, authMethod, grantTypes, scopes, redirectUris, audience, accessTokenTtl,
                refreshTokenTtl, enabled, firstParty, idTokenSigningAlgorithm, security, TokenExchangePolicy.NONE);
    }

    /** A client without keys, DPoP or PAR requirements. */
    public RegisteredClient(String clientId, String clientName, String secretHash, ClientAuthMethod authMethod,
                            Set<String> grantTypes, Set<String> scopes, List<String> redirectUris, String audience,
                            Duration accessTokenTtl, Duration refreshTokenTtl, boolean enabled, boolean firstParty,
                            SigningAlgorithm idTokenSigningAlgorithm, TokenExchangePolicy tokenExchange) {
        this(clientId, clientName, secretHash, authMethod, grantTypes, scopes, redirectUris, audience, accessTokenTtl,
                refreshTokenTtl, enabled, firstParty, idTokenSigningAlgorithm, SecurityProfile.NONE, tokenExchange);
    }

    /** A client registered before first-party clients and per-client ID token algorithms existed. */
    public RegisteredClient(String clientId, String clientName, String secretHash, ClientAuthMethod authMethod,
                            Set<String> grantTypes, Set<String> scopes, List<String> redirectUris, String audience,
                            Duration accessTokenTtl, Duration refreshTokenTtl, boolean enabled) {
        this(clientId, clientName, secretHash, authMethod, grantTypes, scopes, redirectUris, audience, accessTokenTtl,
                refreshTokenTtl, enabled, false, null);
    }

    /** RFC 6749 §2.1: a client that can keep a secret authenticates; a public one does not. */
    public boolean confidential() {
        return authMethod != ClientAuthMethod.NONE;
    }

    /**
     * RFC 9700 §2.1.1: public clients "MUST use PKCE"; for confidential clients it is recommended,
     * so Jeton requires it unless the operator relaxed it for the client ({@code require_pkce:
     * false}), and never relaxes it for a client under the FAPI 2.0 profile (FAPI 2.0 Security
     * Profile §5.3.2.2: PKCE with S256). Even relaxed, only an OpenID request may go without it: the
     * ID token's nonce is then the client's protection against code injection (RFC 9700 §2.1.1).
     */
    public boolean pkceRequired() {
        return !confidential() || security.requirePkce() || security.fapi2();
    }

    /**
     * RFC 9126 §6 {@code require_pushed_authorization_requests}; always for a client under the FAPI
     * 2.0 Security Profile (§5.3.2.2: "shall only support confidential clients ... shall require
     * pushed authorization requests").
     */
    public boolean parRequired() {
        return security.requirePushedAuthorizationRequests() || security.fapi2();
    }

    /**
     * Whether every access token of this client must be sender-constrained: RFC 9449 §5.2
     * {@code dpop_bound_access_tokens}, RFC 8705 §3 {@code tls_client_certificate_bound_access_tokens}, and
     * always under FAPI 2.0 (Security Profile §5.3.2.1: "shall only issue sender-constrained access
     * tokens", by DPoP or mutual TLS).
     */
    public boolean senderConstrained() {
        return security.dpopBoundAccessTokens() || certificateBoundAccessTokens() || security.fapi2();
    }

    /** RFC 8705 §3.4 {@code tls_client_certificate_bound_access_tokens}. */
    public boolean certificateBoundAccessTokens() {
        return security.certificate().boundAccessTokens();
    }

    /**
     * FAPI 2.0 Security Profile §5.3.2.2 (12): "shall issue pushed authorization requests request_uri with
     * expires_in values of less than 600 seconds", whatever {@code jeton.par.request-uri-ttl-seconds} says.
     */
    public Duration requestUriTtl(Duration configured) {
        return security.fapi2() && configured.compareTo(FAPI2_MAX_REQUEST_URI_TTL) > 0
                ? FAPI2_MAX_REQUEST_URI_TTL : configured;
    }

    /** FAPI 2.0 Security Profile §5.3.2.1: "shall issue authorization codes with a maximum lifetime of 60 seconds". */
    public Duration authorizationCodeTtl(Duration configured) {
        return security.fapi2() && configured.compareTo(FAPI2_MAX_CODE_TTL) > 0 ? FAPI2_MAX_CODE_TTL : configured;
    }

    /**
     * The algorithm of this client's ID tokens: the one it registered, else the server's; for a FAPI
     * 2.0 client never RS256 (Security Profile §5.4.1: PS256, ES256 or EdDSA), so ES256 then.
     */
    public SigningAlgorithm idTokenAlgorithm(SigningAlgorithm serverDefault) {
        if (idTokenSigningAlgorithm != null) {
            return idTokenSigningAlgorithm;
        }
        return security.fapi2() && serverDefault == SigningAlgorithm.RS256 ? SigningAlgorithm.ES256 : serverDefault;
    }

    public boolean allowsGrant(String grantTypeWireValue) {
        return grantTypes.contains(grantTypeWireValue);
    }

    public Optional<Duration> accessTokenTtlOverride() {
        return Optional.ofNullable(accessTokenTtl);
    }
}
