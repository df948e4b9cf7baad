package dev.jeton.grant.authorizationcode;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.RegisteredClient;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.grant.issuance.TokenIssuance;
import dev.jeton.grant.family.TokenFamilyStore;
import dev.jeton.token.GrantHandler;
import dev.jeton.token.GrantResult;
import dev.jeton.token.ResourcePolicy;
import dev.jeton.vocabulary.GrantType;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;
import dev.jeton.token.TokenRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.6) when the authorization request had a challenge: a code
 * becomes an access token, an ID token (with openid) and a refresh token (when allowed), all in one
 * token family.
 * <p>
 * Order matters. Everything the client can correct is checked before the code is touched; the
 * response is built before the code is spent, so a fault of ours rolls back and the retry is not
 * taken for reuse; the code is spent by one conditional update, so of two concurrent redemptions
 * exactly one wins. A spent code presented again revokes the family issued from it (RFC 9700
 * §4.14.2) and is audited as {@code code_reuse_detected}.
 */
@ApplicationScoped
public class AuthorizationCodeGrantHandler implements GrantHandler {

    enum Refusal { INVALID_TARGET, MISSING_CODE, MISSING_VERIFIER, MALFORMED_VERIFIER, UNKNOWN_CODE, EXPIRED_CODE, CLIENT_MISMATCH,
        REDIRECT_URI_MISMATCH, PKCE_MISMATCH, PKCE_DOWNGRADE, DPOP_KEY_MISMATCH, CODE_REUSED, SESSION_ENDED }

    private static final String GRANT = GrantType.AUTHORIZATION_CODE.wireValue();

    @Inject
    AuthorizationCodeStore codes;
    @Inject
    TokenFamilyStore families;
    @Inject
    TokenIssuance issuance;
    @Inject
    dev.jeton.session.UserSessions sessions;

    @Override
    public GrantType grantType() {
        return GrantType.AUTHORIZATION_CODE;
    }

    @Override
    public GrantResult handle(TokenRequest request, RegisteredClient client) {
        Instant now = request.receivedAt();
        Optional<String> codeValue = request.parameter("code");
        if (codeValue.isEmpty()) {
            return refuse(OAuthErrorCode.INVALID_REQUEST, "code is required.", Refusal.MISSING_CODE);
        }
        Optional<String> verifier = request.parameter("code_verifier");
        if (verifier.isPresent() && !Pkce.isWellFormed(verifier.get())) {
            return refuse(OAuthErrorCode.INVALID_REQUEST,
                    "code_verifier must be 43 to 128 unreserved characters (RFC 7636 section 4.1).",
                    Refusal.MALFORMED_VERIFIER);
        }
        String codeHash = TokenHashes.sha256(codeValue.get());
        Optional<AuthorizationCodeStore.StoredCode> found = codes.find(codeHash);
        if (found.isEmpty()) {
            return invalidGrant(Refusal.UNKNOWN_CODE);
        }
        AuthorizationCode code = found.get().code();
        if (!code.clientId().equals(client.clientId())) {
            // RFC 6749 §4.1.3: the code must have been issued to this client; it is left untouched
            return invalidGrant(Refusal.CLIENT_MISMATCH);
        }
        if (found.get().consumed()) {
            return reuse(found.get(), request, client, now);
        }
        if (!now.isBefore(code.expiresAt())) {
            return invalidGrant(Refusal.EXPIRED_CODE);
        }
        // RFC 6749 §4.1.3: redirect_uri must be identical to the one of the authorization request
        if (!code.redirectUri().equals(request.parameter("redirect_uri").orElse(null))) {
            return invalidGrant(Refusal.REDIRECT_URI_MISMATCH);
        }
        Optional<GrantResult> pkce = checkPkce(code, verifier);
        if (pkce.isPresent()) {
            return pkce.get();
        }
        // RFC 9449 §10: a code bound to a DPoP key (dpop_jkt) is redeemed only with a proof by that key
        if (code.dpopJkt() != null && !request.dpopKey().map(key -> MessageDigest.isEqual(
                key.getBytes(StandardCharsets.US_ASCII), code.dpopJkt().getBytes(StandardCharsets.US_ASCII)))
                .orElse(false)) {
            return refuse(OAuthErrorCode.INVALID_GRANT, "The authorization code is bound to another DPoP key.",
                    Refusal.DPOP_KEY_MISMATCH);
        }

        // issue #18: the user signed out (or an operator ended the session) after the code was issued; the code
        // is left unspent, but it gives nothing any more
        if (code.sid() != null && !sessions.active(code.sid(), now)) {
            return invalidGrant(Refusal.SESSION_ENDED);
        }
        // RFC 8707 §2.2: the token request may narrow the code's resources, never widen them; a correctable
        // mistake, so the code is not spent
        ResourcePolicy.Decision targets = issuance.resources().decideWithin(request.parameters().all("resource"),
                client, code.resources());
        if (targets instanceof ResourcePolicy.Decision.Invalid invalid) {
            return GrantResult.Refused.of(invalid.error(), invalid.reason());
        }
        // Build the whole response first (RFC 6749 §4.1.2: the code is single-use, but only once we can answer)
        TokenIssuance.Minted minted = issuance.userGrant(client, code.subject(), code.scope())
                .authenticatedAt(code.authTime())
                .nonce(code.nonce())
                .session(code.sid())
                .idTokenClaims(RequestedClaims.names(code.claims(), "id_token"))
                .userinfoClaims(RequestedClaims.names(code.claims(), "userinfo"))
                .dpopKey(request.dpopKey().orElse(null))
                .certificate(request.certificateBound().orElse(null))
                .resources(code.resources(), ((ResourcePolicy.Decision.Granted) targets).resources())
                .mint(now);
        if (!codes.claim(codeHash, minted.familyId(), now)) {
            // a concurrent redemption won the race: this one is a reuse
            return reuse(codes.find(codeHash).orElse(found.get()), request, client, now);
        }
        return minted.record(List.of());
    }

    /**
     * RFC 7636 §4.6 when the authorization request had a challenge. When it had none (a client
     * allowed to go without PKCE), RFC 9700 §2.1.1: "a token request containing a code_verifier
     * parameter is accepted only if a code_challenge parameter was present in the authorization
     * request" - otherwise an attacker who injected a stolen code could pass any verifier.
     */
    private static Optional<GrantResult> checkPkce(AuthorizationCode code, Optional<String> verifier) {
        if (code.codeChallenge() == null) {
            return verifier.isPresent() ? Optional.of(invalidGrant(Refusal.PKCE_DOWNGRADE)) : Optional.empty();
        }
        if (verifier.isEmpty()) {
            // RFC 7636 §4.6: the server verifies the code_verifier against the code's challenge, and a
            // failed verification is invalid_grant; a verifier that is absent cannot verify. (The request
            // itself is well-formed without one: a code issued without a challenge needs none.)
            return Optional.of(refuse(OAuthErrorCode.INVALID_GRANT, "code_verifier is required for this code.",
                    Refusal.MISSING_VERIFIER));
        }
        return Pkce.verifies(verifier.get(), code.codeChallenge()) ? Optional.empty()
                : Optional.of(invalidGrant(Refusal.PKCE_MISMATCH));
    }

    private GrantResult reuse(AuthorizationCodeStore.StoredCode stored, TokenRequest request, RegisteredClient client,
                              Instant now) {
        if (stored.familyId() != null) {
            families.revokeFamily(stored.familyId(), Refusal.CODE_REUSED.name(), now);
        }
        AuditEvent event = AuditEvent.failure(AuditEventName.CODE_REUSE_DETECTED, now, client.clientId(), GRANT,
                OAuthErrorCode.INVALID_GRANT.wireValue(), Refusal.CODE_REUSED.name(), request.clientAddress());
        return new GrantResult.Refused(OAuthError.of(OAuthErrorCode.INVALID_GRANT,
                "The authorization code is invalid, expired or already used."), Refusal.CODE_REUSED.name(),
                List.of(event));
    }

    private static GrantResult invalidGrant(Refusal reason) {
        // one description for every case: a client learns nothing about codes that are not its own
        return refuse(OAuthErrorCode.INVALID_GRANT, "The authorization code is invalid, expired or already used.",
                reason);
    }

    private static GrantResult refuse(OAuthErrorCode code, String description, Refusal reason) {
        return GrantResult.Refused.of(OAuthError.of(code, description), reason);
    }
}
