package dev.jeton.grant.authorizationcode;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PkceTest {

    // RFC 7636 Appendix B
    private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    @Test
    void s256MatchesTheRfc7636AppendixBVector() {
        assertEquals(CHALLENGE, Pkce.challengeOf(VERIFIER));
        assertTrue(Pkce.verifies(VERIFIER, CHALLENGE));
    }

    @Test
    void aDifferentVerifierDoesNotVerify() {
        assertFalse(Pkce.verifies(VERIFIER.substring(1) + "x", CHALLENGE));
        assertFalse(Pkce.verifies(VERIFIER, null));
    }

    @Test
    void verifierSyntaxIs43To128UnreservedCharacters() {
        // RFC 7636 §4.1
        assertTrue(Pkce.isWellFormed("a".repeat(43)));
        assertTrue(Pkce.isWellFormed("A-._~z9".repeat(18) + "xx"));
        assertFalse(Pkce.isWellFormed("a".repeat(42)));
        assertFalse(Pkce.isWellFormed("a".repeat(129)));
        assertFalse(Pkce.isWellFormed("a".repeat(42) + "+"));
        assertFalse(Pkce.isWellFormed("a".repeat(42) + "="));
        assertFalse(Pkce.isWellFormed(null));
        // the plain method would let the challenge itself verify; S256 never does
        assertFalse(Pkce.verifies(CHALLENGE, CHALLENGE));
    }
}
