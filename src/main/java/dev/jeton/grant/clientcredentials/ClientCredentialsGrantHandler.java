package dev.jeton.grant.clientcredentials;

import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.config.ResourceSettings;
import dev.jeton.token.ResourcePolicy;
import dev.jeton.token.AccessTokenClaims;
import dev.jeton.token.AccessTokenIssuer;
import dev.jeton.token.GrantHandler;
import dev.jeton.token.GrantResult;
import dev.jeton.vocabulary.GrantType;
import dev.jeton.token.ScopePolicy;
import dev.jeton.vocabulary.TokenIds;
import dev.jeton.token.TokenRequest;
import dev.jeton.token.TokenResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * RFC 6749 §4.4: a confidential client asks for a token on its own behalf. The token's subject
 * is the client itself (RFC 9068 §2.2), no refresh token is issued (§4.4.3).
 */
@ApplicationScoped
public class ClientCredentialsGrantHandler implements GrantHandler {

    enum Refusal { SCOPE_NOT_ALLOWED }

    private final JetonSettings settings;
    private final AccessTokenIssuer tokens;
    private final ScopePolicy scopes;
    private final ResourcePolicy resources;

    @Inject
    public ClientCredentialsGrantHandler(JetonSettings settings, AccessTokenIssuer tokens,
                                         ResourceSettings resourceSettings) {
        this.settings = settings;
        this.tokens = tokens;
        this.scopes = new ScopePolicy(settings);
        this.resources = new ResourcePolicy(resourceSettings);
    }

    /** Without a server-wide resource policy (unit tests that are not about RFC 8707). */
    public ClientCredentialsGrantHandler(JetonSettings settings, AccessTokenIssuer tokens) {
        this(settings, tokens, ResourceSettings.NONE);
    }

    /** For CDI's client proxy only. */
    protected ClientCredentialsGrantHandler() {
        this.settings = null;
        this.tokens = null;
        this.scopes = null;
        this.resources = null;
    }

    @Override
    public GrantType grantType() {
        return GrantType.CLIENT_CREDENTIALS;
    }

    @Override
    public GrantResult handle(TokenRequest request, RegisteredClient client) {
        ScopePolicy.Decision decision = scopes.decide(request.parameter("scope"), client);
        if (decision instanceof ScopePolicy.Decision.Invalid invalid) {
            return GrantResult.Refused.of(invalid.error(), Refusal.SCOPE_NOT_ALLOWED);
        }
        // RFC 8707 §2: no grant to stay within, so the resources the client and the server allow
        ResourcePolicy.Decision targets = resources.decide(request.parameters().all("resource"), client);
        if (targets instanceof ResourcePolicy.Decision.Invalid invalid) {
            return GrantResult.Refused.of(invalid.error(), invalid.reason());
        }
        List<String> granted = ((ResourcePolicy.Decision.Granted) targets).resources();
        String scope = resources.accessTokenScope(granted, ((ScopePolicy.Decision.Granted) decision).scope());
        Duration ttl = resources.accessTokenTtl(granted, client.accessTokenTtlOverride().orElse(settings.accessTokenTtl()));
        Instant now = request.receivedAt();
        List<String> audience = granted.isEmpty()
                ? List.of(client.audience() != null ? client.audience() : settings.accessTokenAudience()) : granted;
        String jti = TokenIds.jwtId();
        String accessToken = tokens.issue(new AccessTokenClaims(settings.issuer().toString(), client.clientId(),
                audience, client.clientId(), scope, now, now.plus(ttl), jti, request.dpopKey().orElse(null))
                .withCertificate(request.certificateBound().orElse(null)));
        TokenResponse response = TokenResponse.of(accessToken, TokenResponse.tokenType(request.dpopKey().isPresent()),
                ttl.toSeconds()).withScope(scope);
        return new GrantResult.Granted(response, client.clientId(), jti, List.of());
    }
}
