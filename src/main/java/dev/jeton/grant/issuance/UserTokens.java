package dev.jeton.grant.issuance;

import dev.jeton.client.PairwiseSubjects;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.config.ResourceSettings;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.token.ResourcePolicy;
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

    /**
     * An access token with the facts the grant records about it.
     *
     * @param scope its scope, which a resource's {@code scopes} setting may have narrowed (RFC 8707 §2.2)
     */
    public record AccessToken(String value, String jwtId, Duration ttl, Instant expiresAt, String scope) {
    }

    private final JetonSettings settings;
    private final AccessTokenIssuer accessTokens;
    private final IdTokenIssuer idTokens;
    private final ResourcePolicy resources;
    private final PairwiseSubjects subjects;

    @Inject
    public UserTokens(JetonSettings settings, AccessTokenIssuer accessTokens, IdTokenIssuer idTokens,
                      ResourceSettings resourceSettings, PairwiseSubjects subjects) {
        this.settings = settings;
        this.accessTokens = accessTokens;
        this.idTokens = idTokens;
        this.resources = new ResourcePolicy(resourceSettings);
        this.subjects = subjects;
    }

    /** With a random pairwise key of its own (unit tests). */
    public UserTokens(JetonSettings settings, AccessTokenIssuer accessTokens, IdTokenIssuer idTokens,
                      ResourceSettings resourceSettings) {
        this(settings, accessTokens, idTokens, resourceSettings, randomPairwise());
    }

    private static PairwiseSubjects randomPairwise() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return new PairwiseSubjects(() -> key);
    }

    /** Without a server-wide resource policy (unit tests that are not about RFC 8707). */
    public UserTokens(JetonSettings settings, AccessTokenIssuer accessTokens, IdTokenIssuer idTokens) {
        this(settings, accessTokens, idTokens, ResourceSettings.NONE);
    }

    /** For CDI's client proxy only. */
    protected UserTokens() {
        this.settings = null;
        this.accessTokens = null;
        this.idTokens = null;
        this.resources = null;
        this.subjects = null;
    }

    /** OIDC Core §8: the {@code sub} this client is told for the local subject (pairwise or public). */
    public String subjectFor(RegisteredClient client, String localSubject) {
        return subjects.subjectFor(client, localSubject);
    }

    /** The one resource policy (RFC 8707) of the user grants. */
    public ResourcePolicy resources() {
        return resources;
    }

    public AccessToken accessToken(RegisteredClient client, String subject, String scope, Instant now) {
        return accessToken(client, subject, scope, now, null);
    }

    /** @param dpopKeyThumbprint the DPoP key to bind the token to (RFC 9449 §6), or null for a bearer token */
    public AccessToken accessToken(RegisteredClient client, String subject, String scope, Instant now,
                                   String dpopKeyThumbprint) {
        return accessToken(client, subject, scope, now, dpopKeyThumbprint, List.of());
    }

    /**
     * @param targets the resources {@link ResourcePolicy} granted this request (RFC 8707 §2): the token's
     *                {@code aud}, its lifetime capped and its scope narrowed by their settings; empty for the
     *                client's (or the server's) default audience
     */
    public AccessToken accessToken(RegisteredClient client, String subject, String scope, Instant now,
                                   String dpopKeyThumbprint, List<String> targets) {
        return accessToken(client, subject, scope, now, dpopKeyThumbprint, null, targets, null);
    }

    /**
     * @param certificateThumbprint the client certificate to bind the token to (RFC 8705 §3), or null
     * @param sid the session the grant came from (issue #18), carried as {@code sid} so that a resource server can
     *            tell; whether the session still runs is checked at introspection and userinfo through the family
     */
    public AccessToken accessToken(RegisteredClient client, String subject, String scope, Instant now,
                                   String dpopKeyThumbprint, String certificateThumbprint, List<String> targets,
                                   String sid) {
        return accessToken(client, subject, scope, now, dpopKeyThumbprint, certificateThumbprint, targets, sid, null);
    }

    /** @param ttlCap the longest lifetime this token may have whatever else says (a front-channel token), or null */
    public AccessToken accessToken(RegisteredClient client, String subject, String scope, Instant now,
                                   String dpopKeyThumbprint, String certificateThumbprint, List<String> targets,
                                   String sid, Duration ttlCap) {
        Duration configured = resources.accessTokenTtl(targets,
                client.accessTokenTtlOverride().orElse(settings.accessTokenTtl()));
        Duration ttl = ttlCap != null && ttlCap.compareTo(configured) < 0 ? ttlCap : configured;
        String tokenScope = resources.accessTokenScope(targets, scope);
        List<String> audience = targets.isEmpty()
                ? List.of(client.audience() != null ? client.audience() : settings.accessTokenAudience())
                : targets;
        String jti = TokenIds.jwtId();
        // OIDC Core §8.1, RFC 9068 §6: a pairwise client's access tokens carry its pairwise sub too, or the token
        // would hand it the identifier that correlates the user across sectors; our endpoints read the local
        // subject from the token's family
        String value = accessTokens.issue(new AccessTokenClaims(settings.issuer().toString(),
                subjects.subjectFor(client, subject), audience,
                client.clientId(), tokenScope, now, now.plus(ttl), jti, dpopKeyThumbprint,
                sid == null ? Map.of() : Map.of("sid", sid)).withCertificate(certificateThumbprint));
        return new AccessToken(value, jti, ttl, now.plus(ttl), tokenScope);
    }

    /**
     * {@code claims} and the session's {@code sid} (OpenID Connect Back-Channel Logout 1.0 §2.4 and Front-Channel
     * Logout §3: the ID tokens of a session carry its sid, so a client can match a logout token to them).
     */
    public static Map<String, Object> withSid(Map<String, Object> claims, String sid) {
        if (sid == null) {
            return claims;
        }
        Map<String, Object> all = new java.util.LinkedHashMap<>(claims);
        all.put("sid", sid);
        return all;
    }

    /** An ID token when the scope has {@code openid}; null otherwise. */
    public String idToken(RegisteredClient client, String subject, String scope, Instant authTime, String nonce,
                          String accessToken, Map<String, Object> extraClaims, Instant now) {
        if (!Scope.ofIssued(scope).contains("openid")) {
            return null;
        }
        SigningAlgorithm algorithm = client.idTokenAlgorithm(settings.idTokenSigningAlgorithm());
        return idTokens.issue(new IdTokenClaims(settings.issuer().toString(), subjects.subjectFor(client, subject),
                client.clientId(), now,
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
