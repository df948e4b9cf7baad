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
import dev.jeton.grant.family.TokenFamilyStore;
import dev.jeton.jose.AccessTokenVerifier;
import dev.jeton.jose.SigningKeySource;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a subject or actor token (RFC 8693 §2.1) of a supported type: our access tokens
 * (signature, expiry, and not revoked, alone or with their family), our ID tokens (issued to the
 * client that presents them), and JWTs of trusted external issuers. A JWT of type
 * {@code urn:ietf:params:oauth:token-type:jwt} with our own issuer is checked as our access token.
 */
public final class PresentedTokens {

    /** Where a token came from; decides how far scope and audience may go. */
    public enum Kind { ACCESS_TOKEN, ID_TOKEN, EXTERNAL_JWT }

    /** Why a token was not accepted; audit only. */
    public enum Rejection { UNSUPPORTED_TYPE, INVALID, REVOKED, NOT_ISSUED_TO_CLIENT, UNTRUSTED_ISSUER }

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

    private final AccessTokenVerifier accessTokens;
    private final TokenFamilyStore families;
    private final TrustedIssuers trustedIssuers;
    private final SigningKeySource keys;
    private final String issuer;

    public PresentedTokens(AccessTokenVerifier accessTokens, TokenFamilyStore families, TrustedIssuers trustedIssuers,
                           SigningKeySource keys, String issuer) {
        this.accessTokens = accessTokens;
        this.families = families;
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
        Optional<JWTClaimsSet> claims = accessTokens.verify(token, now);
        if (claims.isEmpty()) {
            return Result.no(Rejection.INVALID);
        }
        // a token of a revoked family (refresh reuse, code reuse, revocation) is dead, whatever its exp says
        if (families.isAccessTokenRevoked(claims.get().getJWTID())) {
            return Result.no(Rejection.REVOKED);
        }
        return Result.ok(Kind.ACCESS_TOKEN, claims.get());
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
