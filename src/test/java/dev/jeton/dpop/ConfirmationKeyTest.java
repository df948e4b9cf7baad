package dev.jeton.dpop;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7800 cnf as Jeton reads it: only a lone jkt can be proven, and only by its own key. */
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
    void aCnfThatCannotBeCheckedHereIsNeverSatisfied() {
        for (Object cnf : new Object[]{Map.of("x5t#S256", "abc"), Map.of("jkt", "abc", "x5t#S256", "def"),
                Map.of("jkt", ""), Map.of("jkt", 42), "abc", Map.of()}) {
            ConfirmationKey key = of(cnf);
            assertTrue(key.constrained(), cnf.toString());
            assertFalse(key.satisfiedBy("abc"), cnf.toString());
            assertFalse(key.satisfiedBy(null), cnf.toString());
        }
    }
}
