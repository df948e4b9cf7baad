package dev.jeton.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.client.ClientSignatures;
import dev.jeton.client.ClientSigningAlgorithms;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.replay.ReplayKind;
import dev.jeton.replay.ReplayStore;
import dev.jeton.vocabulary.TokenHashes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a DPoP proof (RFC 9449 §4.3) in the order the RFC lists: one proof, a signed JWT with
 * {@code typ: dpop+jwt}, an allowed asymmetric algorithm, a public {@code jwk} in the header and
 * no private parts, a signature by that key, {@code jti}/{@code htm}/{@code htu}/{@code iat}
 * present, {@code htm} and {@code htu} matching the request, {@code iat} within the window, the
 * server nonce when one is required, {@code ath} when an access token goes with the proof, and
 * last a {@code jti} never seen before (in the shared replay store, so that every node refuses it).
 */
@ApplicationScoped
public class DpopVerifier {

    public static final JOSEObjectType DPOP_JWT = new JOSEObjectType("dpop+jwt");
    static final int MAX_PROOF_LENGTH = 8192;

    /**
     * What a proof is checked against.
     *
     * @param proofs        every DPoP header value of the request
     * @param method        the HTTP method of the request
     * @param targets       the URLs the request may be said to be made to (as received, and as published)
     * @param nonceRequired whether the server nonce is required for this request
     * @param accessToken   the access token that goes with the proof (at a resource), or null
     * @param algorithms    the JWS algorithms the proof may use: those of the client when it is known
     *                      ({@link ClientSigningAlgorithms#forProfile}), else every allowed one
     */
    public record Request(List<String> proofs, String method, List<URI> targets, Instant now, boolean nonceRequired,
                          String accessToken, Set<JWSAlgorithm> algorithms) {
        public Request {
            proofs = List.copyOf(proofs);
            targets = List.copyOf(targets);
            Objects.requireNonNull(method);
            Objects.requireNonNull(now);
            algorithms = Set.copyOf(algorithms);
        }

        /** A proof whose client is not known here: any allowed algorithm. */
        public Request(List<String> proofs, String method, List<URI> targets, Instant now, boolean nonceRequired,
                       String accessToken) {
            this(proofs, method, targets, now, nonceRequired, accessToken,
                    Set.copyOf(ClientSigningAlgorithms.ALLOWED));
        }
    }

    /** The outcome of a check. */
    public sealed interface Result {
        /** @param thumbprint the RFC 7638 SHA-256 thumbprint of the proof's key ({@code jkt}) */
        record Verified(String thumbprint) implements Result {
        }

        record Refused(DpopFailure failure, OAuthError error) implements Result {
        }
    }

    private final DpopSettings settings;
    private final DpopNonces nonces;
    private final ReplayStore replay;

    @Inject
    public DpopVerifier(DpopSettings settings, ReplayStore replay) {
        this.settings = settings;
        this.nonces = new DpopNonces(settings.nonceSecret(), settings.nonceLifetime());
        this.replay = replay;
    }

    /** For CDI's client proxy only. */
    protected DpopVerifier() {
        this.settings = null;
        this.nonces = null;
        this.replay = null;
    }

    public DpopSettings settings() {
        return settings;
    }

    /** The nonce to hand out now (RFC 9449 §8.2: a success may carry a fresh one). */
    public String currentNonce(Instant now) {
        return nonces.current(now);
    }

    public Result verify(Request request) {
        if (request.proofs().size() > 1) {
            return refuse(DpopFailure.MULTIPLE_PROOFS, request);
        }
        if (request.proofs().isEmpty()) {
            return refuse(DpopFailure.PROOF_REQUIRED, request);
        }
        String proof = request.proofs().get(0);
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            if (proof.length() > MAX_PROOF_LENGTH) {
                return refuse(DpopFailure.MALFORMED, request);
            }
            jwt = SignedJWT.parse(proof.strip());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            // Nimbus refuses a header jwk with private members; name that case, it is a leaked key
            return refuse(hasPrivateJwk(proof) ? DpopFailure.PRIVATE_KEY_IN_HEADER : DpopFailure.MALFORMED, request);
        }
        JWSHeader header = jwt.getHeader();
        if (!DPOP_JWT.equals(header.getType())) {
            return refuse(DpopFailure.WRONG_TYPE, request);
        }
        if (!ClientSigningAlgorithms.allowed(header.getAlgorithm())
                || !request.algorithms().contains(header.getAlgorithm())) {
            return refuse(DpopFailure.ALGORITHM_NOT_ALLOWED, request);
        }
        JWK jwk = header.getJWK();
        if (jwk == null || !(jwk instanceof AsymmetricJWK)) {
            return refuse(DpopFailure.NO_PUBLIC_KEY, request);
        }
        if (jwk.isPrivate()) {
            return refuse(DpopFailure.PRIVATE_KEY_IN_HEADER, request);
        }
        if (jwk instanceof RSAKey rsa && rsa.size() < ClientSigningAlgorithms.MIN_RSA_BITS) {
            return refuse(DpopFailure.ALGORITHM_NOT_ALLOWED, request);
        }
        // the one verifier choice for client signatures (RSA, EC, and Ed25519 with EdDSA)
        if (!ClientSignatures.verifies(jwt, jwk)) {
            return refuse(DpopFailure.BAD_SIGNATURE, request);
        }
        String jti;
        String htm;
        String htu;
        Date iat = claims.getIssueTime();
        try {
            jti = claims.getStringClaim("jti");
            htm = claims.getStringClaim("htm");
            htu = claims.getStringClaim("htu");
        } catch (ParseException e) {
            return refuse(DpopFailure.MISSING_CLAIMS, request);
        }
        if (jti == null || jti.isEmpty() || jti.length() > 512 || htm == null || htu == null || iat == null) {
            return refuse(DpopFailure.MISSING_CLAIMS, request);
        }
        if (!htm.equals(request.method())) {
            return refuse(DpopFailure.METHOD_MISMATCH, request);
        }
        if (!HtuMatch.matchesAny(htu, request.targets())) {
            return refuse(DpopFailure.URI_MISMATCH, request);
        }
        Instant issued = iat.toInstant();
        Instant now = request.now();
        if (issued.isAfter(now.plus(settings.clockSkew())) || issued.isBefore(now.minus(settings.proofMaxAge()))) {
            return refuse(DpopFailure.IAT_OUT_OF_WINDOW, request);
        }
        if (request.nonceRequired()) {
            Object nonce = claims.getClaim("nonce");
            if (nonce == null) {
                return refuse(DpopFailure.NONCE_MISSING, request);
            }
            if (!(nonce instanceof String s) || !nonces.valid(s, now)) {
                return refuse(DpopFailure.NONCE_INVALID, request);
            }
        }
        if (request.accessToken() != null) {
            Object ath = claims.getClaim("ath");
            // RFC 9449 §4.2: base64url of the SHA-256 of the ASCII access token
            if (!(ath instanceof String s) || !s.equals(TokenHashes.sha256(request.accessToken()))) {
                return refuse(DpopFailure.ACCESS_TOKEN_HASH_MISMATCH, request);
            }
        }
        String thumbprint;
        try {
            thumbprint = jwk.computeThumbprint().toString();
        } catch (JOSEException e) {
            return refuse(DpopFailure.NO_PUBLIC_KEY, request);
        }
        // RFC 9449 §11.1: remembered as long as the proof could be accepted for its iat: it is accepted from
        // iat - skew to iat + max age, so remembering it to iat + max age (+ skew, for good measure) covers
        // every instant it could be replayed, however far ahead its iat was
        Instant rememberUntil = issued.plus(settings.proofMaxAge()).plus(settings.clockSkew());
        if (!replay.firstUse(ReplayKind.DPOP_PROOF, thumbprint, jti, rememberUntil, now)) {
            return refuse(DpopFailure.REPLAYED, request);
        }
        return new Result.Verified(thumbprint);
    }

    private static boolean hasPrivateJwk(String proof) {
        try {
            int dot = proof.indexOf('.');
            Map<String, Object> header = JSONObjectUtils.parse(
                    new Base64URL(dot < 0 ? proof : proof.substring(0, dot)).decodeToString());
            Map<String, Object> jwk = JSONObjectUtils.getJSONObject(header, "jwk");
            return jwk != null && (jwk.containsKey("d") || jwk.containsKey("p") || jwk.containsKey("q"));
        } catch (ParseException | RuntimeException e) {
            return false;
        }
    }

    /** A refusal as the token endpoint answers it; a nonce challenge carries a fresh nonce (RFC 9449 §8). */
    public Result.Refused refuse(DpopFailure failure, Request request) {
        OAuthError error = failure.nonceChallenge()
                ? OAuthError.of(OAuthErrorCode.USE_DPOP_NONCE, failure.description())
                        .withHeader("DPoP-Nonce", nonces.current(request.now()))
                : OAuthError.of(OAuthErrorCode.INVALID_DPOP_PROOF, failure.description());
        return new Result.Refused(failure, error);
    }
}
