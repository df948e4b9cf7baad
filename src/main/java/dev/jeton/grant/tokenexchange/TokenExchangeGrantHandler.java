package dev.jeton.grant.tokenexchange;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.dpop.ConfirmationKey;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.grant.issuance.TokenIssuance;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.grant.family.TokenFamilyStore;
import dev.jeton.lifecycle.LiveAccessTokens;
import dev.jeton.jose.SigningKeySource;
import dev.jeton.vocabulary.ResourceIndicators;
import dev.jeton.vocabulary.Scope;
import dev.jeton.token.AccessTokenClaims;
import dev.jeton.token.AccessTokenIssuer;
import dev.jeton.token.GrantHandler;
import dev.jeton.token.GrantResult;
import dev.jeton.vocabulary.GrantType;
import dev.jeton.token.ScopePolicy;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;
import dev.jeton.token.TokenRequest;
import dev.jeton.token.TokenResponse;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Token exchange (RFC 8693) for confidential clients registered for it.
 * <ul>
 * <li>Delegation (§1.1): with an {@code actor_token}, the new token names the actor in
 * {@code act} (§4.1), nested over the subject token's own {@code act}; when the subject token
 * has {@code may_act} (§4.4) the actor must be the one it names.</li>
 * <li>Impersonation: without an actor, only for clients registered with
 * {@code token_exchange_impersonation}; the client itself is then the one acting, so a
 * {@code may_act} must name it; an {@code act} the subject token carries is kept.</li>
 * <li>Whose tokens: the subject and actor tokens must be meant for the requesting client
 * ({@link Entitlement}; {@code jeton.token-exchange.require-subject-audience}, on by default).</li>
 * <li>Sender-constrained tokens (issue 11): a subject or actor token with {@code cnf} is only
 * exchanged on a request whose DPoP proof, verified by the token endpoint like every proof, is
 * signed with that key ({@link ConfirmationKey}); the new token is bound to the proof's key, as
 * every token issued to a request with a proof is (RFC 9449 §5). So a party without the key
 * cannot turn the token into an unconstrained one.</li>
 * <li>Scope only narrows: within the subject token's scope (a subject without scope, an ID token
 * or an external JWT without {@code scope}, is bounded by nothing more), and never beyond what
 * the client is registered for and the server allows ({@link ScopePolicy}).</li>
 * <li>Audience ({@code audience} and {@code resource}, §2.1): every target must be allowed by the
 * client's {@code token_exchange_audiences} and by {@code jeton.token-exchange.audiences} when set;
 * it need not be in the subject token's {@code aud}: a resource server trades the token it
 * received for one to a downstream service (§1). Without targets, an access token keeps its
 * audience; other subjects get the client's default audience.</li>
 * <li>The new token never outlives the subject (or actor) token.</li>
 * <li>Errors: a subject or actor token that is invalid or unacceptable by this policy is
 * {@code invalid_request} (§2.2.2 MUST).</li>
 * </ul>
 */
@ApplicationScoped
public class TokenExchangeGrantHandler implements GrantHandler {

    private static final String GRANT = GrantType.TOKEN_EXCHANGE.wireValue();

    enum Refusal { MISSING_SUBJECT_TOKEN, UNSUPPORTED_TOKEN_TYPE, ACTOR_TYPE_MISMATCH, BAD_SUBJECT_TOKEN,
        BAD_ACTOR_TOKEN, SUBJECT_NOT_FOR_CLIENT, ACTOR_NOT_FOR_CLIENT, SUBJECT_KEY_NOT_PROVEN, ACTOR_KEY_NOT_PROVEN,
        MAY_ACT_MISMATCH, IMPERSONATION_NOT_ALLOWED, UNSUPPORTED_REQUESTED_TYPE, REFRESH_NOT_ALLOWED,
        TARGET_NOT_ALLOWED, MALFORMED_RESOURCE, SCOPE_NOT_ALLOWED, SCOPE_WIDENED }

    @Inject
    JetonSettings settings;
    @Inject
    TokenExchangeSettings exchange;
    @Inject
    TrustedIssuers trustedIssuers;
    @Inject
    LiveAccessTokens liveAccessTokens;
    @Inject
    SigningKeySource keys;
    @Inject
    AccessTokenIssuer accessTokens;
    @Inject
    TokenFamilyStore families;
    @Inject
    TokenIssuance issuance;

    private PresentedTokens presented;
    private ScopePolicy scopePolicy;

    @PostConstruct
    public void init() {
        presented = new PresentedTokens(liveAccessTokens, trustedIssuers, keys,
                settings.issuer().toString());
        scopePolicy = new ScopePolicy(settings);
    }

    @Override
    public GrantType grantType() {
        return GrantType.TOKEN_EXCHANGE;
    }

    @Override
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
            return refuse(request, client, invalidToken("subject_token", "invalid, expired or revoked"),
                    Refusal.BAD_SUBJECT_TOKEN, subject.rejection().name());
        }
        PresentedTokens.Verified actor = null;
        if (actorToken.isPresent()) {
            PresentedTokens.Result result = presented.verify(actorToken.get(), actorType.get(), client.clientId(), now);
            if (result.verified() == null) {
                return refuse(request, client, invalidToken("actor_token", "invalid, expired or revoked"),
                        Refusal.BAD_ACTOR_TOKEN, result.rejection().name());
            }
            actor = result.verified();
        }
        Optional<GrantResult> unacceptable = unacceptable(request, client, subject.verified(), actor);
        if (unacceptable.isPresent()) {
            return unacceptable.get();
        }
        JWTClaimsSet subjectClaims = subject.verified().claims();
        JWTClaimsSet actorClaims = actor == null ? null : actor.claims();

        // scope: only narrows, and never beyond the client's registration (ScopePolicy, as for every grant)
        Optional<Scope> subjectScope = Optional.empty();
        if (subject.verified().kind() != PresentedTokens.Kind.ID_TOKEN
                && subjectClaims.getClaim("scope") instanceof String claimed) {
            // RFC 8693 §4.2 refers to the RFC 6749 §3.3 grammar: a scope we cannot read bounds nothing we
            // could trust, so the token is refused rather than read leniently
            subjectScope = claimed.isEmpty() ? Optional.of(Scope.EMPTY) : Scope.parse(claimed);
            if (subjectScope.isEmpty()) {
                return refuse(request, client, invalidToken("subject_token", "invalid, expired or revoked"),
                        Refusal.BAD_SUBJECT_TOKEN, "MALFORMED_SCOPE");
            }
        }
        // an ID token, or an external JWT without scope, is bounded by nothing more
        boolean unscoped = subjectScope.isEmpty();
        Optional<String> requestedScope = request.parameter("scope");
        Scope granted = Scope.EMPTY;
        if (requestedScope.isPresent()) {
            ScopePolicy.Decision decision = scopePolicy.decide(requestedScope, client);
            if (decision instanceof ScopePolicy.Decision.Invalid invalid) {
                return refuse(request, client, invalid.error(), Refusal.SCOPE_NOT_ALLOWED);
            }
            granted = ((ScopePolicy.Decision.Granted) decision).value();
            for (String s : granted) {
                if (!unscoped && !subjectScope.get().contains(s)) {
                    return refuse(request, client, OAuthError.of(OAuthErrorCode.INVALID_SCOPE, "The scope '" + s
                            + "' is more than the subject token has."), Refusal.SCOPE_WIDENED);
                }
            }
        } else if (!unscoped) {
            // the subject token's scope, in its order, less what this client may not have (issue 11: offline_access)
            granted = subjectScope.get().filter(s -> scopePolicy.allows(client, s));
        }

        // audience and resource: targets the client is allowed, wherever the subject token was for
        List<String> targets = new ArrayList<>(request.parameters().all("audience"));
        // RFC 8707 §2: an absolute URI without a fragment, read as at every other endpoint (ResourceIndicators);
        // which targets an exchange may name stays this grant's own policy (token_exchange_audiences)
        Optional<List<String>> resources = ResourceIndicators.parse(request.parameters().all("resource"));
        if (resources.isEmpty()) {
            return refuse(request, client, OAuthError.of(OAuthErrorCode.INVALID_TARGET, "resource must be an "
                    + "absolute URI without a fragment."), Refusal.MALFORMED_RESOURCE);
        }
        targets.addAll(resources.get());
        List<String> audience;
        if (targets.isEmpty()) {
            List<String> subjectAudience = subjectClaims.getAudience() == null ? List.of()
                    : subjectClaims.getAudience();
            audience = subject.verified().kind() == PresentedTokens.Kind.ACCESS_TOKEN ? subjectAudience
                    : List.of(client.audience() != null ? client.audience() : settings.accessTokenAudience());
        } else {
            for (String target : targets) {
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
        String scope = granted.toString();
        Instant notAfter = subjectClaims.getExpirationTime().toInstant();
        if (actorClaims != null && actorClaims.getExpirationTime() != null
                && actorClaims.getExpirationTime().toInstant().isBefore(notAfter)) {
            notAfter = actorClaims.getExpirationTime().toInstant();
        }
        if (!notAfter.isAfter(now)) {
            // within an external issuer's clock skew, but nothing left to give
            return refuse(request, client, invalidToken("subject_token", "invalid, expired or revoked"),
                    Refusal.BAD_SUBJECT_TOKEN, "EXPIRED");
        }
        Optional<TokenFamily> family = subject.verified().kind() == PresentedTokens.Kind.ACCESS_TOKEN
                ? families.familyOfAccessToken(subjectClaims.getJWTID()) : Optional.empty();
        // OIDC Core §8.1: an access token of ours names its user as its own client was told (maybe pairwise); the
        // family keeps the local subject, and this client is told its own sub for that user
        String user = family.map(TokenFamily::subject).orElse(subjectId);
        String sub = family.isPresent() ? issuance.subjectFor(client, user) : subjectId;
        if (refresh) {
            return issueRefresh(request, client, user, scope, now);
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
        String value = accessTokens.issue(new AccessTokenClaims(settings.issuer().toString(), sub, audience,
                client.clientId(), scope, now, expiresAt, jti, request.dpopKey().orElse(null), extra)
                .withCertificate(request.certificateBound().orElse(null)));
        // revoking the subject token's family reaches what was exchanged from it
        family.ifPresent(f -> families.recordAccessToken(jti, f.id(), expiresAt));
        long expiresIn = Math.max(0, Duration.between(now, expiresAt).toSeconds());
        // RFC 9449 §5: with a DPoP proof on the request the exchanged token is bound to its key too
        TokenResponse response = TokenResponse.of(value, TokenResponse.tokenType(request.dpopKey().isPresent()),
                expiresIn).withScope(scope).withIssuedTokenType(TokenTypes.ACCESS_TOKEN);
        AuditEvent event = AuditEvent.success(AuditEventName.TOKEN_EXCHANGED, now, client.clientId(), GRANT,
                user, jti, request.clientAddress());
        return new GrantResult.Granted(response, user, jti, List.of(event));
    }

    /** §2.2.1: the refresh token travels in access_token, with token_type N_A. */
    private GrantResult issueRefresh(TokenRequest request, RegisteredClient client, String subject, String scope,
                                     Instant now) {
        // RFC 9449 §5: with a proof on the request the refresh token is bound to its key
        TokenIssuance.ExchangedRefresh issued = issuance.openExchangedFamily(client, subject, scope,
                request.dpopKey().orElse(null), now);
        TokenResponse response = TokenResponse.of(issued.refreshToken(), "N_A", issued.idleTtl().toSeconds())
                .withScope(scope).withIssuedTokenType(TokenTypes.REFRESH_TOKEN);
        AuditEvent event = AuditEvent.success(AuditEventName.TOKEN_EXCHANGED, now, client.clientId(), GRANT, subject,
                null, request.clientAddress());
        return new GrantResult.Granted(response, subject, null, List.of(event));
    }

    /**
     * Whether the verified subject and actor tokens are unacceptable for this client (§2.2.2:
     * invalid_request): not meant for it ({@link Entitlement}), sender-constrained to a key the
     * request's DPoP proof does not prove ({@link ConfirmationKey}), or not allowing this actor
     * ({@code may_act}, §4.4; without an actor token the client itself acts).
     */
    private Optional<GrantResult> unacceptable(TokenRequest request, RegisteredClient client,
                                               PresentedTokens.Verified subject, PresentedTokens.Verified actor) {
        String ourIssuer = settings.issuer().toString();
        if (exchange.requireSubjectAudience()) {
            if (!Entitlement.entitled(client, subject, ourIssuer)) {
                return Optional.of(refuse(request, client, invalidToken("subject_token", "not meant for this "
                        + "client"), Refusal.SUBJECT_NOT_FOR_CLIENT));
            }
            if (actor != null && !Entitlement.entitled(client, actor, ourIssuer)) {
                return Optional.of(refuse(request, client, invalidToken("actor_token", "not meant for this "
                        + "client"), Refusal.ACTOR_NOT_FOR_CLIENT));
            }
        }
        // the key the token endpoint's one DPoP check verified for this request, or none; and the client
        // certificate the request came with (RFC 8705 §3), or none
        String provenKey = request.dpopKey().orElse(null);
        String certificate = request.clientCertificate().map(c -> c.thumbprint()).orElse(null);
        if (!ConfirmationKey.of(subject.claims()).satisfiedBy(provenKey, certificate)) {
            return Optional.of(refuse(request, client, invalidToken("subject_token", "bound to a key this request "
                    + "does not prove (DPoP proof or client certificate)"), Refusal.SUBJECT_KEY_NOT_PROVEN));
        }
        if (actor != null && !ConfirmationKey.of(actor.claims()).satisfiedBy(provenKey, certificate)) {
            return Optional.of(refuse(request, client, invalidToken("actor_token", "bound to a key this request "
                    + "does not prove (DPoP proof or client certificate)"), Refusal.ACTOR_KEY_NOT_PROVEN));
        }
        boolean mayAct = actor != null ? ActClaims.mayAct(subject.claims(), actor.claims())
                : subject.claims().getClaim("may_act") == null
                || ActClaims.mayActNames(subject.claims(), client.clientId(), ourIssuer);
        if (!mayAct) {
            return Optional.of(refuse(request, client, actor != null
                    ? invalidToken("actor_token", "not allowed to act for the subject (may_act)")
                    : invalidToken("subject_token", "for another actor (may_act)"), Refusal.MAY_ACT_MISMATCH));
        }
        return Optional.empty();
    }

    /** RFC 8693 §2.2.2: "invalid for any reason, or ... unacceptable based on policy" is invalid_request. */
    private static OAuthError invalidToken(String parameter, String why) {
        return OAuthError.invalidRequest("The " + parameter + " is " + why + ".");
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
