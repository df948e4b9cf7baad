package dev.jeton.dpop;

import com.nimbusds.jwt.JWTClaimsSet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Set;

/**
 * What a token is sender-constrained to: its {@code cnf} claim (RFC 7800 §3.1), and the one check
 * of whether a request satisfies it. Jeton can check possession of two confirmation methods: a
 * DPoP key's thumbprint {@code cnf.jkt} (RFC 9449 §6.1), and a client certificate's
 * {@code cnf.x5t#S256} (RFC 8705 §3.1); a token may carry both, and then needs both. A {@code cnf} with
 * any other member ({@code jwk}, {@code kid}, ...) is still a constraint, but one whose key nobody
 * can prove here: it is never met.
 *
 * @param constrained whether the token has a {@code cnf} at all
 * @param jkt         the DPoP key thumbprint, or null
 * @param x5tS256     the client certificate thumbprint, or null
 */
public record ConfirmationKey(boolean constrained, String jkt, String x5tS256) {

    public static final ConfirmationKey NONE = new ConfirmationKey(false, null, null);
    /** A constraint nobody can meet here. */
    private static final ConfirmationKey UNPROVABLE = new ConfirmationKey(true, null, null);

    private static final Set<String> KNOWN = Set.of("jkt", "x5t#S256");

    /** A DPoP constraint only (or none, with a null thumbprint). */
    public ConfirmationKey(boolean constrained, String jkt) {
        this(constrained, jkt, null);
    }

    public static ConfirmationKey of(JWTClaimsSet claims) {
        Object cnf = claims.getClaim("cnf");
        if (cnf == null) {
            return NONE;
        }
        if (!(cnf instanceof Map<?, ?> members) || members.isEmpty() || !KNOWN.containsAll(members.keySet())) {
            return UNPROVABLE;
        }
        Object jkt = members.get("jkt");
        Object x5t = members.get("x5t#S256");
        if ((jkt != null && !(jkt instanceof String j && !j.isBlank()))
                || (x5t != null && !(x5t instanceof String x && !x.isBlank()))) {
            return UNPROVABLE;
        }
        return new ConfirmationKey(true, (String) jkt, (String) x5t);
    }

    /** Whether the token must be presented with a DPoP proof (RFC 9449 §7). */
    public boolean dpopBound() {
        return jkt != null;
    }

    /** Whether the token must come over a TLS connection with its client certificate (RFC 8705 §3). */
    public boolean certificateBound() {
        return x5tS256 != null;
    }

    /** A request without a client certificate. */
    public boolean satisfiedBy(String proofThumbprint) {
        return satisfiedBy(proofThumbprint, null);
    }

    /**
     * Whether a request may use the token: its verified DPoP proof has key thumbprint
     * {@code proofThumbprint} (null: no proof), and it came with the client certificate of thumbprint
     * {@code certificateThumbprint} (null: none). An unconstrained token needs neither; a constrained
     * one needs each confirmation it names, compared in constant time.
     */
    public boolean satisfiedBy(String proofThumbprint, String certificateThumbprint) {
        return unmet(proofThumbprint, certificateThumbprint) == Unmet.NOTHING;
    }

    /** Which confirmation of the token a request does not meet. */
    public enum Unmet { NOTHING, DPOP_KEY, CERTIFICATE, UNPROVABLE }

    /** {@link #satisfiedBy}, saying which confirmation failed (the DPoP key is checked first). */
    public Unmet unmet(String proofThumbprint, String certificateThumbprint) {
        if (!constrained) {
            return Unmet.NOTHING;
        }
        if (jkt == null && x5tS256 == null) {
            return Unmet.UNPROVABLE;
        }
        if (jkt != null && !same(jkt, proofThumbprint)) {
            return Unmet.DPOP_KEY;
        }
        if (x5tS256 != null && !same(x5tS256, certificateThumbprint)) {
            return Unmet.CERTIFICATE;
        }
        return Unmet.NOTHING;
    }

    private static boolean same(String expected, String presented) {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
