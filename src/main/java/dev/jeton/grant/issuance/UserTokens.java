package dev.jeton.grant.issuance;

import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.vocabulary.Scope;
import dev.jeton.vocabulary.SignInLevel;
import dev.jeton.token.AccessTokenClaims;
import dev.jeton.token.AccessTokenIssuer;
import dev.jeton.token.IdTokenClaims;
import dev.jeton.token.IdTokenIssuer;
import dev.jeton.vocabulary.TokenIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Mints the tokens of the user grants (authorization_code, refresh_token), so that both issue
 * them alike: the access token (RFC 9068), the ID token (OIDC Core §2) and the refresh policy.
 */
@ApplicationScoped
public class UserTokens {

    /** An access token with the facts the grant records about it. */
    public record AccessToken(String value, String jwtId, Duration ttl, Instant expiresAt) {
    }

    private final JetonSettings settings;
    private final AccessTokenIssuer accessTokens;
    private final IdTokenIssuer idTokens;

    @Inject
    public UserTokens(JetonSettings settings, AccessTokenIssuer accessTokens, IdTokenIssuer idTokens) {
        this.settings = settings;
        this.accessTokens = accessTokens;
        this.idTokens = idTokens;
    }

    /** For CDI's client proxy only. */
    protected UserTokens() {
        this.settings = null;
        this.accessTokens = null;
        this.idTokens = null;
    }

    public AccessToken accessToken(RegisteredClient client, String subject, String scope, Instant now) {
        return accessToken(client, subject, scope, now, null);
    }

    /** @param dpopKeyThumbprint the DPoP key to bind the token to (RFC 9449 §6), or null for a bearer token */
    public AccessToken accessToken(RegisteredClient client, String subject, String scope, Instant now,
                                   String dpopKeyThumbprint) {
        Duration ttl = client.accessTokenTtlOverride().orElse(settings.accessTokenTtl());
        String audience = client.audience() != null ? client.audience() : settings.accessTokenAudience();
        String jti = TokenIds.jwtId();
        String value = accessTokens.issue(new AccessTokenClaims(settings.issuer().toString(), subject, List.of(audience),
                client.clientId(), scope, now, now.plus(ttl), jti, dpopKeyThumbprint));
        return new AccessToken(value, jti, ttl, now.plus(ttl));
    }

    /** An ID token when the scope has {@code openid}; null otherwise. */
    public String idToken(RegisteredClient client, String subject, String scope, Instant authTime, String nonce,
                          String accessToken, Map<String, Object> extraClaims, Instant now) {
        if (!Scope.ofIssued(scope).contains("openid")) {
            return null;
        }
        SigningAlgorithm algorithm = client.idTokenAlgorithm(settings.idTokenSigningAlgorithm());
        return idTokens.issue(new IdTokenClaims(settings.issuer().toString(), subject, client.clientId(), now,
                now.plus(settings.idTokenTtl()), authTime, nonce, accessToken, SignInLevel.achieved().amr(),
                SignInLevel.achieved().acr(), extraClaims), algorithm);
    }

    /**
     * Whether a refresh token goes with this grant: the client must be registered for the refresh
     * grant and, for OpenID requests, have been granted offline_access (OIDC Core §11) unless the
     * operator turned that rule off.
     */
    public boolean refreshAllowed(RegisteredClient client, String scope) {
        Scope granted = Scope.ofIssued(scope);
        boolean openidRule = !granted.contains("openid") || !settings.refreshRequiresOfflineAccess()
                || granted.contains("offline_access");
        return client.allowsGrant("refresh_token") && openidRule;
    }

    public Duration refreshIdleTtl(RegisteredClient client) {
        return client.refreshTokenTtl() != null ? client.refreshTokenTtl() : settings.refreshTokenIdleTtl();
    }

    public Duration familyLifetime() {
        return settings.refreshTokenAbsoluteTtl();
    }

    public Duration reuseGrace() {
        return settings.refreshTokenReuseGrace();
    }
}
