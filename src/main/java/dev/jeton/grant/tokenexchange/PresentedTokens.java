package dev.jeton.grant.tokenexchange;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.jeton.lifecycle.LiveAccessTokens;
import dev.jeton.jose.SigningKeySource;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a subject or actor token (RFC 8693 §2.1) of a supported type: our access tokens
 * (alive by {@link LiveAccessTokens}, the check every taker of our access tokens makes), our ID tokens (issued to the
 * client that presents them), and JWTs of trusted external issuers. A JWT of type
 * {@code urn:ietf:params:oauth:token-type:jwt} with our own issuer is checked as our access token.
 */
public final class PresentedTokens {

    /** Where a token came from; decides how far scope and audience may go. */
    public enum Kind { ACCESS_TOKEN, ID_TOKEN, EXTERNAL_JWT }

    /** Why a token was not accepted; audit only. */
    public enum Rejection { UNSUPPORTED_TYPE, INVALID, REVOKED, CLIENT_NOT_ENABLED, NOT_ISSUED_TO_CLIENT, UNTRUSTED_ISSUER }

    /** A verified token. */
    public record Verified(Kind kind, JWTClaimsSet claims) {
    }

    /** A verified token or why not. */
    public record Result(Verified verified, Rejection rejection) {
        static Result ok(Kind kind, JWTClaimsSet claims) {
            return new Result(new Verified(kind, claims), null);
        }

        static Result no(Rejection rejection) {
            return new Result(null, rejection);
        }
    }

    private final LiveAccessTokens accessTokens;
    private final TrustedIssuers trustedIssuers;
    private final SigningKeySource keys;
    private final String issuer;

    public PresentedTokens(LiveAccessTokens accessTokens, TrustedIssuers trustedIssuers, SigningKeySource keys,
                           String issuer) {
        this.accessTokens = accessTokens;
        this.trustedIssuers = trustedIssuers;
        this.keys = keys;
        this.issuer = issuer;
    }

    public static boolean supportedType(String type) {
        return TokenTypes.ACCESS_TOKEN.equals(type) || TokenTypes.ID_TOKEN.equals(type) || TokenTypes.JWT.equals(type);
    }

    public Result verify(String token, String type, String clientId, Instant now) {
        if (TokenTypes.ACCESS_TOKEN.equals(type)) {
            return ownAccessToken(token, now);
        }
        if (TokenTypes.ID_TOKEN.equals(type)) {
            return ownIdToken(token, clientId, now);
        }
        if (TokenTypes.JWT.equals(type)) {
            String iss = unverifiedIssuer(token);
            if (issuer.equals(iss)) {
                return ownAccessToken(token, now);
            }
            if (!trustedIssuers.trusts(iss)) {
                return Result.no(Rejection.UNTRUSTED_ISSUER);
            }
            return trustedIssuers.verify(token, now).map(c -> Result.ok(Kind.EXTERNAL_JWT, c))
                    .orElse(Result.no(Rejection.INVALID));
        }
        return Result.no(Rejection.UNSUPPORTED_TYPE);
    }

    private Result ownAccessToken(String token, Instant now) {
        // invalid, expired, revoked (alone or with its family) or of a client no longer enabled: all one to the
        // caller (RFC 8693 §2.2.2 invalid_request); the audit event says which
        LiveAccessTokens.Check check = accessTokens.check(token, now);
        return switch (check.verdict()) {
            case ALIVE -> Result.ok(Kind.ACCESS_TOKEN, check.claims());
            case INVALID -> Result.no(Rejection.INVALID);
            case REVOKED -> Result.no(Rejection.REVOKED);
            case CLIENT_NOT_ENABLED -> Result.no(Rejection.CLIENT_NOT_ENABLED);
        };
    }

    /** OIDC Core §2: an ID token is for its audience; only that client may exchange it. */
    private Result ownIdToken(String token, String clientId, Instant now) {
        Optional<JWTClaimsSet> claims = new dev.jeton.jose.IdTokenVerifier(keys, issuer).verify(token, now);
        if (claims.isEmpty()) {
            return Result.no(Rejection.INVALID);
        }
        if (!claims.get().getAudience().contains(clientId)) {
            return Result.no(Rejection.NOT_ISSUED_TO_CLIENT);
        }
        return Result.ok(Kind.ID_TOKEN, claims.get());
    }

    private static String unverifiedIssuer(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getIssuer();
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }
}
