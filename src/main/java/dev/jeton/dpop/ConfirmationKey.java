package dev.jeton.dpop;

import com.nimbusds.jwt.JWTClaimsSet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The key a token is sender-constrained to: its {@code cnf} claim (RFC 7800 §3.1). Jeton can check
 * possession of one confirmation method, a DPoP key's thumbprint {@code cnf.jkt} (RFC 9449 §6.1).
 * A {@code cnf} in any other shape ({@code x5t#S256} of RFC 8705, {@code jwk}, {@code kid}, or
 * {@code jkt} next to other members) is still a constraint, but one whose key nobody can prove
 * here: it is never met.
 *
 * @param constrained whether the token has a {@code cnf} at all
 * @param jkt         the DPoP key thumbprint when that is the whole of {@code cnf}, else null
 */
public record ConfirmationKey(boolean constrained, String jkt) {

    public static final ConfirmationKey NONE = new ConfirmationKey(false, null);

    public static ConfirmationKey of(JWTClaimsSet claims) {
        Object cnf = claims.getClaim("cnf");
        if (cnf == null) {
            return NONE;
        }
        if (cnf instanceof Map<?, ?> members && members.size() == 1 && members.get("jkt") instanceof String jkt
                && !jkt.isBlank()) {
            return new ConfirmationKey(true, jkt);
        }
        return new ConfirmationKey(true, null);
    }

    /**
     * Whether a request whose verified DPoP proof has this key thumbprint (null: no proof) may use
     * the token: an unconstrained token needs no proof; a constrained one needs the proof of its key.
     */
    public boolean satisfiedBy(String proofThumbprint) {
        if (!constrained) {
            return true;
        }
        return jkt != null && proofThumbprint != null && MessageDigest.isEqual(
                jkt.getBytes(StandardCharsets.US_ASCII), proofThumbprint.getBytes(StandardCharsets.US_ASCII));
    }
}
