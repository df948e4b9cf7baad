package dev.jeton.dpop;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 7800 cnf as Jeton reads it: a jkt (RFC 9449) is proven by a proof of its key, an x5t#S256
 * (RFC 8705) by its certificate, both by both; anything else is never proven.
 */
class ConfirmationKeyTest {

    private static ConfirmationKey of(Object cnf) {
        return ConfirmationKey.of(new JWTClaimsSet.Builder().subject("s").claim("cnf", cnf).build());
    }

    @Test
    void anUnboundTokenNeedsNoProof() {
        ConfirmationKey none = ConfirmationKey.of(new JWTClaimsSet.Builder().subject("s").build());
        assertFalse(none.constrained());
        assertTrue(none.satisfiedBy(null));
        assertTrue(none.satisfiedBy("any"));
    }

    @Test
    void aJktIsSatisfiedOnlyByAProofOfThatKey() {
        ConfirmationKey bound = of(Map.of("jkt", "abc"));
        assertTrue(bound.constrained());
        assertTrue(bound.satisfiedBy("abc"));
        assertFalse(bound.satisfiedBy(null));
        assertFalse(bound.satisfiedBy("abd"));
        assertFalse(bound.satisfiedBy("ab"));
    }

    @Test
    void anX5tIsSatisfiedOnlyByThatCertificate() {
        ConfirmationKey bound = of(Map.of("x5t#S256", "cert"));
        assertTrue(bound.certificateBound());
        assertFalse(bound.dpopBound());
        assertTrue(bound.satisfiedBy(null, "cert"));
        assertFalse(bound.satisfiedBy("cert", null), "a DPoP key is no certificate");
        assertFalse(bound.satisfiedBy(null, "cerT"));
        assertFalse(bound.satisfiedBy(null, null));
        assertEquals(ConfirmationKey.Unmet.CERTIFICATE, bound.unmet(null, "other"));
    }

    @Test
    void bothConfirmationsAreNeededWhenTheTokenHasBoth() {
        ConfirmationKey bound = of(Map.of("jkt", "key", "x5t#S256", "cert"));
        assertTrue(bound.satisfiedBy("key", "cert"));
        assertEquals(ConfirmationKey.Unmet.DPOP_KEY, bound.unmet(null, "cert"));
        assertEquals(ConfirmationKey.Unmet.CERTIFICATE, bound.unmet("key", null));
    }

    @Test
    void aCnfThatCannotBeCheckedHereIsNeverSatisfied() {
        for (Object cnf : new Object[]{Map.of("jwk", Map.of("kty", "EC")), Map.of("jkt", "abc", "kid", "def"),
                Map.of("jkt", ""), Map.of("jkt", 42), Map.of("x5t#S256", " "), "abc", Map.of()}) {
            ConfirmationKey key = of(cnf);
            assertTrue(key.constrained(), cnf.toString());
            assertFalse(key.satisfiedBy("abc"), cnf.toString());
            assertFalse(key.satisfiedBy(null), cnf.toString());
            assertFalse(key.satisfiedBy("abc", "abc"), cnf.toString());
        }
    }
}
