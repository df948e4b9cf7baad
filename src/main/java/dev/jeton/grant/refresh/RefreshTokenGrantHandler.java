package dev.jeton.grant.refresh;

import dev.jeton.grant.family.RefreshTokenRecord;
import dev.jeton.grant.family.TokenFamilyStore;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.RegisteredClient;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.grant.issuance.TokenIssuance;
import dev.jeton.grant.issuance.UserTokens;
import dev.jeton.vocabulary.Scope;
import dev.jeton.token.GrantHandler;
import dev.jeton.token.GrantResult;
import dev.jeton.token.ResourcePolicy;
import dev.jeton.vocabulary.GrantType;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;
import dev.jeton.token.TokenRequest;
import dev.jeton.token.TokenResponse;
import jakarta.enterprise.context.ApplicationScoped;
import dev.jeton.client.Fapi2Settings;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * RFC 6749 §6 with rotation and reuse detection (RFC 9700 §4.14.2): every use of a refresh
 * token spends it and returns its successor. A spent token presented again revokes the whole
 * family and is audited as {@code refresh_reuse_detected}. By default that is all (grace 0).
 * With an opt-in grace window, a repeat within it, while the successor is still unused, gets
 * the SAME response again — successor, access token and ID token — opened from its seal with
 * the presented token; never a second live successor, never a second access token.
 * <p>
 * Everything the client can correct (the client, the scope) is checked before the token is
 * spent. Narrowing the scope narrows the new access token; the successor keeps the family's
 * scope (RFC 6749 §6: "identical to that of the refresh token included by the client").
 */
@ApplicationScoped
public class RefreshTokenGrantHandler implements GrantHandler {

    enum Refusal { MISSING_REFRESH_TOKEN, UNKNOWN_TOKEN, CLIENT_MISMATCH, FAMILY_REVOKED, EXPIRED, MALFORMED_SCOPE,
        SCOPE_WIDENED, REFRESH_REUSED, DPOP_KEY_MISMATCH, CERTIFICATE_MISMATCH }

    private static final String GRANT = GrantType.REFRESH_TOKEN.wireValue();
    private static final String INVALID = "The refresh token is invalid, expired or revoked.";

    @Inject
    TokenFamilyStore families;
    @Inject
    UserTokens tokens;
    @Inject
    TokenIssuance issuance;
    /** Rotation or not, for clients under the FAPI 2.0 Security Profile ({@link Fapi2Settings#rotatesRefreshTokensOf}). */
    @Inject
    Fapi2Settings fapi2 = Fapi2Settings.OFF;

    @Override
    public GrantType grantType() {
        return GrantType.REFRESH_TOKEN;
    }

    @Override
    public GrantResult handle(TokenRequest request, RegisteredClient client) {
        Instant now = request.receivedAt();
        Optional<String> presented = request.parameter("refresh_token");
        if (presented.isEmpty()) {
            return GrantResult.Refused.of(OAuthError.invalidRequest("refresh_token is required."),
                    Refusal.MISSING_REFRESH_TOKEN);
        }
        String hash = TokenHashes.sha256(presented.get());
        Optional<RefreshTokenRecord> found = families.findRefreshToken(hash);
        if (found.isEmpty()) {
            return invalidGrant(Refusal.UNKNOWN_TOKEN);
        }
        RefreshTokenRecord token = found.get();
        if (!token.clientId().equals(client.clientId())) {
            // RFC 6749 §6: bound to the client it was issued to; another client cannot spend it
            return invalidGrant(Refusal.CLIENT_MISMATCH);
        }
        TokenFamily family = families.findFamily(token.familyId()).orElse(null);
        if (family == null || family.revoked()) {
            return invalidGrant(Refusal.FAMILY_REVOKED);
        }
        if (family.dpopKeyThumbprint() != null
                && !family.dpopKeyThumbprint().equals(request.dpopKey().orElse(null))) {
            // RFC 9449 §5: a bound refresh token needs a proof by its key; a correctable mistake, so the
            // token is not spent
            return GrantResult.Refused.of(OAuthError.of(OAuthErrorCode.INVALID_DPOP_PROOF,
                    "The refresh token is bound to another DPoP key."), Refusal.DPOP_KEY_MISMATCH);
        }
        if (family.certificateThumbprint() != null && !request.clientCertificate()
                .map(c -> c.hasThumbprint(family.certificateThumbprint())).orElse(false)) {
            // RFC 8705 §4: a public client's refresh token bound to its certificate needs that certificate; not
            // spent, like a DPoP key mismatch
            return GrantResult.Refused.of(OAuthError.of(OAuthErrorCode.INVALID_GRANT,
                    "The refresh token is bound to another client certificate."), Refusal.CERTIFICATE_MISMATCH);
        }
        Scope tokenScope = Scope.ofIssued(token.scope());
        Optional<Scope> asked = request.parameter("scope").isEmpty() ? Optional.of(tokenScope)
                : Scope.parse(request.parameter("scope").get());
        if (asked.isEmpty()) {
            // RFC 6749 §3.3 grammar, strictly: one space between tokens, nothing else
            return GrantResult.Refused.of(OAuthError.of(OAuthErrorCode.INVALID_SCOPE,
                    "scope is not a space-separated list of scope tokens."), Refusal.MALFORMED_SCOPE);
        }
        if (!tokenScope.containsAll(asked.get())) {
            // RFC 6749 §6: the requested scope MUST NOT include any scope not originally granted
            return GrantResult.Refused.of(OAuthError.of(OAuthErrorCode.INVALID_SCOPE,
                    "The requested scope exceeds the scope of the refresh token."), Refusal.SCOPE_WIDENED);
        }
        String scope = asked.get().toString();
        // RFC 8707 §2.2: any of the grant's resources, never another; checked before the token is spent
        ResourcePolicy.Decision targets = tokens.resources().decideWithin(request.parameters().all("resource"),
                client, family.resources());
        if (targets instanceof ResourcePolicy.Decision.Invalid invalid) {
            return GrantResult.Refused.of(invalid.error(), invalid.reason());
        }
        List<String> audience = ((ResourcePolicy.Decision.Granted) targets).resources();
        if (token.consumed()) {
            return spentAgain(token, family, presented.get(), request, client);
        }
        if (!now.isBefore(token.expiresAt()) || !now.isBefore(family.absoluteExpiry())) {
            return invalidGrant(Refusal.EXPIRED);
        }

        String dpopKey = request.dpopKey().orElse(null);
        if (!fapi2.rotatesRefreshTokensOf(client)) {
            return withoutRotation(family, client, scope, request, audience);
        }
        String successor = TokenIds.random(256);
        String successorHash = TokenHashes.sha256(successor);
        // Signed before the rotation is decided, so that the seal goes into the same conditional update as
        // the rotation itself: no one ever sees a spent token without its sealed answer. A loser of a race
        // throws these unissued tokens away; it never hands out one of its own.
        SealedRotation answer = mint(family, client, scope, successor, now, dpopKey,
                request.certificateBound().orElse(null), audience);
        byte[] seal = tokens.reuseGrace().isZero() ? null : SuccessorSeal.seal(answer.encode(), presented.get());
        if (!families.consumeRefreshToken(hash, successorHash, seal, now)) {
            // a concurrent request spent it first: treat this one as a second presentation
            RefreshTokenRecord spent = families.findRefreshToken(hash).orElse(token);
            return spentAgain(spent, family, presented.get(), request, client);
        }
        issuance.recordRotation(family, token, client, successorHash, answer.jwtId(), answer.accessExpiresAt(), now);
        AuditEvent rotated = AuditEvent.success(AuditEventName.REFRESH_ROTATED, now, client.clientId(), GRANT,
                family.subject(), null, request.clientAddress());
        return new GrantResult.Granted(answer.response(now), family.subject(), answer.jwtId(), List.of(rotated));
    }

    /**
     * A spent token came back. Inside the grace window, with the successor unused, the seal opening
     * with the presented token and the same DPoP key (or none) as before, the client gets the answer
     * of that rotation again, byte for byte: nothing new is minted, so one rotation is one access
     * token however often it is repeated. Anything else is reuse: the family is revoked.
     */
    private GrantResult spentAgain(RefreshTokenRecord token, TokenFamily family, String presented,
                                   TokenRequest request, RegisteredClient client) {
        Instant now = request.receivedAt();
        Optional<SealedRotation> same = sameAnswer(token, presented, request.dpopKey().orElse(null), now);
        if (same.isPresent()) {
            return new GrantResult.Granted(same.get().response(now), family.subject(), same.get().jwtId(), List.of());
        }
        families.revokeFamily(family.id(), Refusal.REFRESH_REUSED.name(), now);
        AuditEvent event = AuditEvent.failure(AuditEventName.REFRESH_REUSE_DETECTED, now, client.clientId(), GRANT,
                OAuthErrorCode.INVALID_GRANT.wireValue(), Refusal.REFRESH_REUSED.name(), request.clientAddress());
        return new GrantResult.Refused(OAuthError.of(OAuthErrorCode.INVALID_GRANT, INVALID),
                Refusal.REFRESH_REUSED.name(), List.of(event));
    }

    private Optional<SealedRotation> sameAnswer(RefreshTokenRecord token, String presented, String dpopKey,
                                                Instant now) {
        if (token.consumedAt() == null || token.sealedResponse() == null || token.successorHash() == null
                || !now.isBefore(token.consumedAt().plus(tokens.reuseGrace()))) {
            return Optional.empty();
        }
        // the successor is written with the rotation, in its transaction; used once, the grace is over
        boolean successorUnused = families.findRefreshToken(token.successorHash()).map(t -> !t.consumed())
                .orElse(true);
        if (!successorUnused) {
            return Optional.empty();
        }
        return SuccessorSeal.open(token.sealedResponse(), presented).flatMap(SealedRotation::decode)
                .filter(answer -> Objects.equals(answer.dpopKey(), dpopKey));
    }

    /** The access token, the ID token and the successor of one rotation, signed but not yet recorded. */
    private SealedRotation mint(TokenFamily family, RegisteredClient client, String scope, String refreshToken,
                                Instant now, String dpopKey, String certificate, List<String> audience) {
        UserTokens.AccessToken access = tokens.accessToken(client, family.subject(), scope, now, dpopKey, certificate,
                audience, family.sid());
        // OIDC Core §12.2: a new ID token may come with the refresh; same sub and auth_time (and sid), no nonce
        String idToken = tokens.idToken(client, family.subject(), scope, family.authTime(), null, access.value(),
                UserTokens.withSid(Map.of(), family.sid()), now);
        return new SealedRotation(access.value(), TokenResponse.tokenType(dpopKey != null), access.expiresAt(),
                access.scope(),
                refreshToken, idToken, access.jwtId(), dpopKey);
    }

    /**
     * A refresh that leaves the refresh token as it is (FAPI 2.0 Security Profile §5.3.2.1): new access and
     * ID tokens, no refresh_token in the response (RFC 6749 §5.1: optional; the client keeps the one it
     * has, live until its expiry), the access token recorded in the family so that revoking it reaches them.
     */
    private GrantResult withoutRotation(TokenFamily family, RegisteredClient client, String scope,
                                        TokenRequest request, List<String> audience) {
        Instant now = request.receivedAt();
        String dpopKey = request.dpopKey().orElse(null);
        UserTokens.AccessToken access = tokens.accessToken(client, family.subject(), scope, now, dpopKey,
                request.certificateBound().orElse(null), audience, family.sid());
        String idToken = tokens.idToken(client, family.subject(), scope, family.authTime(), null, access.value(),
                UserTokens.withSid(Map.of(), family.sid()), now);
        families.recordAccessToken(access.jwtId(), family.id(), access.expiresAt());
        TokenResponse response = TokenResponse.of(access.value(), TokenResponse.tokenType(dpopKey != null),
                access.ttl().toSeconds()).withScope(access.scope()).withIdToken(idToken);
        return new GrantResult.Granted(response, family.subject(), access.jwtId(), List.of());
    }

    private static GrantResult invalidGrant(Refusal reason) {
        return GrantResult.Refused.of(OAuthError.of(OAuthErrorCode.INVALID_GRANT, INVALID), reason);
    }
}
