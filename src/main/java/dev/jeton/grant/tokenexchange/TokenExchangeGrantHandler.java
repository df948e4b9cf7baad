package dev.jeton.grant.tokenexchange;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.grant.issuance.UserTokens;
import dev.jeton.grant.refresh.RefreshTokenRecord;
import dev.jeton.grant.refresh.TokenFamily;
import dev.jeton.grant.refresh.TokenFamilyStore;
import dev.jeton.jose.AccessTokenVerifier;
import dev.jeton.jose.SigningKeySource;
import dev.jeton.token.AccessTokenClaims;
import dev.jeton.token.AccessTokenIssuer;
import dev.jeton.token.GrantHandler;
import dev.jeton.token.GrantResult;
import dev.jeton.token.GrantType;
import dev.jeton.token.ScopePolicy;
import dev.jeton.token.TokenHashes;
import dev.jeton.token.TokenIds;
import dev.jeton.token.TokenRequest;
import dev.jeton.token.TokenResponse;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Token exchange (RFC 8693) for confidential clients registered for it.
 * <ul>
 * <li>Delegation (§1.1): with an {@code actor_token}, the new token names the actor in
 * {@code act} (§4.1), nested over the subject token's own {@code act}; when the subject token
 * has {@code may_act} (§4.4) the actor must be the one it names.</li>
 * <li>Impersonation: without an actor, only for clients registered with
 * {@code token_exchange_impersonation}; an {@code act} the subject token carries is kept.</li>
 * <li>Scope only narrows: within the subject token's scope; a subject without scope (an ID token,
 * an external JWT without {@code scope}) is bounded by the client's registered scopes.</li>
 * <li>Audience ({@code audience} and {@code resource}, §2.1): every target must be allowed by the
 * client's {@code token_exchange_audiences} and by {@code jeton.token-exchange.audiences} when set;
 * an access token of ours only narrows (targets within its {@code aud}). Without targets, an
 * access token keeps its audience; other subjects get the client's default audience.</li>
 * <li>The new token never outlives the subject (or actor) token.</li>
 * </ul>
 */
@ApplicationScoped
public class TokenExchangeGrantHandler implements GrantHandler {

    private static final String GRANT = GrantType.TOKEN_EXCHANGE.wireValue();

    enum Refusal { MISSING_SUBJECT_TOKEN, UNSUPPORTED_TOKEN_TYPE, ACTOR_TYPE_MISMATCH, BAD_SUBJECT_TOKEN,
        BAD_ACTOR_TOKEN, MAY_ACT_MISMATCH, IMPERSONATION_NOT_ALLOWED, UNSUPPORTED_REQUESTED_TYPE,
        REFRESH_NOT_ALLOWED, TARGET_NOT_ALLOWED, AUDIENCE_WIDENED, MALFORMED_RESOURCE, SCOPE_WIDENED, MALFORMED_SCOPE }

    @Inject
    JetonSettings settings;
    @Inject
    TokenExchangeSettings exchange;
    @Inject
    TrustedIssuers trustedIssuers;
    @Inject
    AccessTokenVerifier accessTokenVerifier;
    @Inject
    SigningKeySource keys;
    @Inject
    AccessTokenIssuer accessTokens;
    @Inject
    TokenFamilyStore families;
    @Inject
    UserTokens userTokens;

    private PresentedTokens presented;

    @PostConstruct
    public void init() {
        presented = new PresentedTokens(accessTokenVerifier, families, trustedIssuers, keys,
                settings.issuer().toString());
    }

    @Override
    public GrantType grantType() {
        return GrantType.TOKEN_EXCHANGE;
    }

    @Override
    @Transactional
    public GrantResult handle(TokenRequest request, RegisteredClient client) {
        Instant now = request.receivedAt();
        Optional<String> subjectToken = request.parameter("subject_token");
        Optional<String> subjectType = request.parameter("subject_token_type");
        if (subjectToken.isEmpty() || subjectType.isEmpty()) {
            return refuse(request, client, OAuthError.invalidRequest("subject_token and subject_token_type are "
                    + "required."), Refusal.MISSING_SUBJECT_TOKEN);
        }
        if (!PresentedTokens.supportedType(subjectType.get())) {
            return refuse(request, client, OAuthError.invalidRequest("subject_token_type must be an access token, "
                    + "an ID token or a JWT (RFC 8693 section 3)."), Refusal.UNSUPPORTED_TOKEN_TYPE);
        }
        Optional<String> actorToken = request.parameter("actor_token");
        Optional<String> actorType = request.parameter("actor_token_type");
        // §2.1: actor_token_type is REQUIRED with actor_token and MUST NOT be sent without it
        if (actorToken.isPresent() != actorType.isPresent()) {
            return refuse(request, client, OAuthError.invalidRequest("actor_token and actor_token_type go "
                    + "together."), Refusal.ACTOR_TYPE_MISMATCH);
        }
        if (actorType.isPresent() && !PresentedTokens.supportedType(actorType.get())) {
            return refuse(request, client, OAuthError.invalidRequest("actor_token_type must be an access token, "
                    + "an ID token or a JWT (RFC 8693 section 3)."), Refusal.UNSUPPORTED_TOKEN_TYPE);
        }
        String requestedType = request.parameter("requested_token_type").orElse(TokenTypes.ACCESS_TOKEN);
        if (!requestedType.equals(TokenTypes.ACCESS_TOKEN) && !requestedType.equals(TokenTypes.REFRESH_TOKEN)) {
            return refuse(request, client, OAuthError.invalidRequest("requested_token_type may be an access token "
                    + "or a refresh token."), Refusal.UNSUPPORTED_REQUESTED_TYPE);
        }
        boolean refresh = requestedType.equals(TokenTypes.REFRESH_TOKEN);
        if (refresh && (!exchange.refreshTokens() || actorToken.isPresent()
                || !client.allowsGrant(GrantType.REFRESH_TOKEN.wireValue()))) {
            // a refresh token could not carry act, so it is never issued for delegation
            return refuse(request, client, OAuthError.invalidRequest("A refresh token cannot be issued for this "
                    + "exchange."), Refusal.REFRESH_NOT_ALLOWED);
        }
        if (actorToken.isEmpty() && !client.tokenExchange().impersonation()) {
            return refuse(request, client, OAuthError.invalidRequest("This client may not impersonate: send an "
                    + "actor_token."), Refusal.IMPERSONATION_NOT_ALLOWED);
        }

        PresentedTokens.Result subject = presented.verify(subjectToken.get(), subjectType.get(), client.clientId(), now);
        if (subject.verified() == null) {
            return refuse(request, client, OAuthError.of(OAuthErrorCode.INVALID_GRANT, "The subject_token is "
                    + "invalid, expired or revoked."), Refusal.BAD_SUBJECT_TOKEN, subject.rejection().name());
        }
        JWTClaimsSet subjectClaims = subject.verified().claims();
        JWTClaimsSet actorClaims = null;
        if (actorToken.isPresent()) {
            PresentedTokens.Result actor = presented.verify(actorToken.get(), actorType.get(), client.clientId(), now);
            if (actor.verified() == null) {
                return refuse(request, client, OAuthError.of(OAuthErrorCode.INVALID_GRANT, "The actor_token is "
                        + "invalid, expired or revoked."), Refusal.BAD_ACTOR_TOKEN, actor.rejection().name());
            }
            actorClaims = actor.verified().claims();
            if (!ActClaims.mayAct(subjectClaims, actorClaims)) {
                return refuse(request, client, OAuthError.of(OAuthErrorCode.INVALID_GRANT, "The actor is not "
                        + "allowed to act for the subject (may_act)."), Refusal.MAY_ACT_MISMATCH);
            }
        }

        // scope: only narrows
        Set<String> subjectScopes = scopes(subjectClaims);
        boolean scopeBounded = subject.verified().kind() == PresentedTokens.Kind.ID_TOKEN || subjectScopes == null;
        Set<String> ceiling = scopeBounded ? client.scopes() : subjectScopes;
        Optional<String> requestedScope = request.parameter("scope");
        Set<String> granted;
        if (requestedScope.isPresent()) {
            if (!requestedScope.get().matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*")) {
                return refuse(request, client, OAuthError.of(OAuthErrorCode.INVALID_SCOPE, "scope is not a "
                        + "space-separated list of scope tokens."), Refusal.MALFORMED_SCOPE);
            }
            granted = new LinkedHashSet<>(Arrays.asList(requestedScope.get().split(" ")));
            for (String s : granted) {
                if (!ceiling.contains(s) || (!settings.allowedScopes().isEmpty() && !settings.allowedScopes().contains(s))) {
                    return refuse(request, client, OAuthError.of(OAuthErrorCode.INVALID_SCOPE, "The scope '" + s
                            + "' is more than the subject token has."), Refusal.SCOPE_WIDENED);
                }
            }
        } else {
            granted = scopeBounded ? Set.of() : subjectScopes;
        }

        // audience and resource: allowed targets only; our access tokens only narrow
        List<String> targets = new ArrayList<>(request.parameters().all("audience"));
        for (String resource : request.parameters().all("resource")) {
            // RFC 8707 §2: an absolute URI without a fragment
            URI uri;
            try {
                uri = new URI(resource);
            } catch (Exception e) {
                uri = null;
            }
            if (uri == null || !uri.isAbsolute() || uri.getFragment() != null) {
                return refuse(request, client, OAuthError.of(OAuthErrorCode.INVALID_TARGET, "resource must be an "
                        + "absolute URI without a fragment."), Refusal.MALFORMED_RESOURCE);
            }
            targets.add(resource);
        }
        List<String> audience;
        List<String> subjectAudience = subjectClaims.getAudience() == null ? List.of() : subjectClaims.getAudience();
        boolean narrowOnly = subject.verified().kind() == PresentedTokens.Kind.ACCESS_TOKEN;
        if (targets.isEmpty()) {
            audience = narrowOnly ? subjectAudience : List.of(client.audience() != null ? client.audience()
                    : settings.accessTokenAudience());
        } else {
            for (String target : targets) {
                if (narrowOnly && !subjectAudience.contains(target)) {
                    return refuse(request, client, OAuthError.of(OAuthErrorCode.INVALID_TARGET, "The audience '"
                            + target + "' is beyond the subject token's."), Refusal.AUDIENCE_WIDENED);
                }
                boolean allowed = client.tokenExchange().audiences().contains(target)
                        && (exchange.audiences().isEmpty() || exchange.audiences().contains(target));
                if (!allowed) {
                    return refuse(request, client, OAuthError.of(OAuthErrorCode.INVALID_TARGET, "The audience '"
                            + target + "' is not allowed for this client."), Refusal.TARGET_NOT_ALLOWED);
                }
            }
            audience = List.copyOf(new LinkedHashSet<>(targets));
        }

        String subjectId = subjectClaims.getSubject();
        String scope = String.join(" ", granted);
        Instant notAfter = subjectClaims.getExpirationTime().toInstant();
        if (actorClaims != null && actorClaims.getExpirationTime() != null
                && actorClaims.getExpirationTime().toInstant().isBefore(notAfter)) {
            notAfter = actorClaims.getExpirationTime().toInstant();
        }
        if (!notAfter.isAfter(now)) {
            // within an external issuer's clock skew, but nothing left to give
            return refuse(request, client, OAuthError.of(OAuthErrorCode.INVALID_GRANT, "The subject_token is "
                    + "invalid, expired or revoked."), Refusal.BAD_SUBJECT_TOKEN, "EXPIRED");
        }
        Optional<TokenFamily> family = subject.verified().kind() == PresentedTokens.Kind.ACCESS_TOKEN
                ? families.familyOfAccessToken(subjectClaims.getJWTID()) : Optional.empty();
        if (refresh) {
            return issueRefresh(request, client, subjectId, scope, now);
        }

        Duration ttl = client.accessTokenTtlOverride().orElse(settings.accessTokenTtl());
        Instant expiresAt = now.plus(ttl).isAfter(notAfter) ? notAfter : now.plus(ttl);
        Map<String, Object> extra = new LinkedHashMap<>();
        Map<String, Object> act = actorClaims != null
                ? ActClaims.act(actorClaims, settings.issuer().toString(), subjectClaims.getClaim("act"))
                : ActClaims.asMap(subjectClaims.getClaim("act"));
        if (act != null) {
            extra.put("act", act);
        }
        String jti = TokenIds.jwtId();
        String value = accessTokens.issue(new AccessTokenClaims(settings.issuer().toString(), subjectId, audience,
                client.clientId(), scope, now, expiresAt, jti, request.dpopKey().orElse(null), extra));
        // revoking the subject token's family reaches what was exchanged from it
        family.ifPresent(f -> families.recordAccessToken(jti, f.id(), expiresAt));
        long expiresIn = Math.max(0, Duration.between(now, expiresAt).toSeconds());
        // RFC 9449 §5: with a DPoP proof on the request the exchanged token is bound to its key too
        TokenResponse response = new TokenResponse(value, TokenResponse.tokenType(request.dpopKey().isPresent()),
                expiresIn, scope, null, null, TokenTypes.ACCESS_TOKEN);
        AuditEvent event = AuditEvent.success(AuditEventName.TOKEN_EXCHANGED, now, client.clientId(), GRANT,
                subjectId, jti, request.clientAddress());
        return new GrantResult.Granted(response, subjectId, jti, List.of(event));
    }

    /** §2.2.1: the refresh token travels in access_token, with token_type N_A. */
    private GrantResult issueRefresh(TokenRequest request, RegisteredClient client, String subject, String scope,
                                     Instant now) {
        String familyId = TokenIds.random(128);
        String refreshToken = TokenIds.random(256);
        families.createFamily(new TokenFamily(familyId, client.clientId(), subject, scope, null, now,
                now.plus(userTokens.familyLifetime()), null, null));
        Duration idle = userTokens.refreshIdleTtl(client);
        families.saveRefreshToken(new RefreshTokenRecord(TokenHashes.sha256(refreshToken), familyId, client.clientId(),
                scope, now, now.plus(idle), null, null, null));
        TokenResponse response = new TokenResponse(refreshToken, "N_A", idle.toSeconds(), scope, null, null,
                TokenTypes.REFRESH_TOKEN);
        AuditEvent event = AuditEvent.success(AuditEventName.TOKEN_EXCHANGED, now, client.clientId(), GRANT, subject,
                null, request.clientAddress());
        return new GrantResult.Granted(response, subject, null, List.of(event));
    }

    /** The subject token's scope, or null when it has none (an ID token, an external JWT without scope). */
    private static Set<String> scopes(JWTClaimsSet claims) {
        Object scope = claims.getClaim("scope");
        if (!(scope instanceof String s)) {
            return null;
        }
        // in the subject token's order, so the new token reads the same
        return s.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(s.trim().split(" +")));
    }

    private static GrantResult refuse(TokenRequest request, RegisteredClient client, OAuthError error,
                                      Refusal reason) {
        return refuse(request, client, error, reason, null);
    }

    private static GrantResult refuse(TokenRequest request, RegisteredClient client, OAuthError error, Refusal reason,
                                      String detail) {
        String why = detail == null ? reason.name() : reason.name() + ":" + detail;
        AuditEvent event = AuditEvent.failure(AuditEventName.TOKEN_EXCHANGE_REFUSED, request.receivedAt(),
                client.clientId(), GRANT, error.code().wireValue(), why, request.clientAddress());
        return new GrantResult.Refused(error, why, List.of(event));
    }
}
