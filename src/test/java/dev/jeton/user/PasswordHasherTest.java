package dev.jeton.user;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PBKDF2-HMAC-SHA256 password hashes (RFC 8018 §5.2, NIST SP 800-132). */
class PasswordHasherTest {

    private static final char[] PASSWORD = "correct horse battery".toCharArray();

    private final PasswordHasher hasher = UserTestSettings.hasher();

    @Test
    void rightPasswordVerifies() {
        assertTrue(hasher.verify(PASSWORD, hasher.hash(PASSWORD)));
        char[] unicode = "pässwörd-€-密码".toCharArray();
        assertTrue(hasher.verify(unicode, hasher.hash(unicode)));
    }

    @Test
    void wrongPasswordDoesNotVerify() {
        String stored = hasher.hash(PASSWORD);
        assertFalse(hasher.verify("correct horse batterY".toCharArray(), stored));
        assertFalse(hasher.verify(new char[0], stored));
        assertFalse(hasher.verify(null, stored));
    }

    @Test
    void formatCarriesSchemeIterationsSaltAndHash() {
        String[] parts = hasher.hash(PASSWORD).split("\\$");

        assertEquals(4, parts.length);
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals(String.valueOf(UserTestSettings.ITERATIONS), parts[1]);
        assertEquals(16, Base64.getDecoder().decode(parts[2]).length);
        assertEquals(32, Base64.getDecoder().decode(parts[3]).length);
    }

    @Test
    void samePasswordGetsADifferentSaltEachTime() {
        // a per-hash salt: equal passwords do not show as equal hashes, and no precomputed table helps
        String first = hasher.hash(PASSWORD);
        String second = hasher.hash(PASSWORD);
        assertNotEquals(first.split("\\$")[2], second.split("\\$")[2]);
        assertNotEquals(first, second);
    }

    @Test
    void hashMadeWithFewerIterationsStillVerifies() {
        // raising jeton.users.pbkdf2-iterations must not lock out existing users
        String old = new PasswordHasher(UserTestSettings.withIterations(500)).hash(PASSWORD);

        assertTrue(old.startsWith("pbkdf2-sha256$500$"));
        assertTrue(hasher.verify(PASSWORD, old));
        assertFalse(hasher.verify("wrong password".toCharArray(), old));
    }

    @Test
    void dummyHashIsWellFormedAtTheConfiguredCostAndMatchesNothing() {
        assertTrue(hasher.dummyHash().startsWith("pbkdf2-sha256$" + UserTestSettings.ITERATIONS + "$"));
        assertFalse(hasher.verify(PASSWORD, hasher.dummyHash()));
        assertFalse(hasher.verify(new char[0], hasher.dummyHash()));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"plain text", "pbkdf2-sha256$1000$AAAA", "bcrypt$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
            "pbkdf2-sha256$many$AAAAAAAAAAAAAAAAAAAAAA$AAAA", "pbkdf2-sha256$-5$AAAAAAAAAAAAAAAAAAAAAA$AAAA",
            "pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA$AAAA", "pbkdf2-sha256$1000$not*base64$AAAA",
            "pbkdf2-sha256$1000$$AAAA", "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$",
            "pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA$AAAA$extra"})
    void malformedStoredValueIsAMismatchNotAnError(String stored) {
        assertFalse(hasher.verify(PASSWORD, stored));
    }
}
