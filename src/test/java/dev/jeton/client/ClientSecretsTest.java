package dev.jeton.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientSecretsTest {

    @Test
    void generatedSecretIs256BitsOfBase64Url() {
        // RFC 6749 §10.10: guessing probability MUST be <= 2^-128 (SHOULD <= 2^-160); 256 bits here
        String secret = ClientSecrets.generate();

        assertEquals(43, secret.length());
        assertTrue(secret.matches("[A-Za-z0-9_-]{43}"), secret);
        assertEquals(32, Base64.getUrlDecoder().decode(secret).length);
    }

    @Test
    void twoGeneratedSecretsDiffer() {
        assertNotEquals(ClientSecrets.generate(), ClientSecrets.generate());
    }

    @Test
    void hashIsSha256PrefixAnd43Base64UrlCharacters() {
        String hash = ClientSecrets.hash("some secret");

        assertTrue(hash.matches("sha256:[A-Za-z0-9_-]{43}"), hash);
        assertTrue(ClientSecrets.isHash(hash));
        assertEquals(hash, ClientSecrets.hash("some secret"), "deterministic");
        assertNotEquals(hash, ClientSecrets.hash("some secreT"));
    }

    @Test
    void hashIsTheSha256OfTheUtf8Secret() {
        // SHA-256("abc"), FIPS 180-2 Appendix B.1, in base64url
        assertEquals("sha256:ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", ClientSecrets.hash("abc"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "sha256:",
            "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0",
            "SHA256:ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0",
            "sha512:ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0",
            "sha256:ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa",
            "sha256:ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0AA",
            "sha256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0",
            "sha256:ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAF!0",
            "a clear-text secret"})
    void isHashRefusesAnythingElse(String stored) {
        assertFalse(ClientSecrets.isHash(stored), String.valueOf(stored));
    }

    @Test
    void matchesTheRightSecretOnly() {
        String secret = ClientSecrets.generate();
        String stored = ClientSecrets.hash(secret);

        assertTrue(ClientSecrets.matches(secret, stored));
        assertFalse(ClientSecrets.matches(ClientSecrets.generate(), stored));
        assertFalse(ClientSecrets.matches(secret.toUpperCase(), stored));
    }

    @Test
    void secretsSharingAPrefixDoNotMatch() {
        // the whole value counts, not the first bytes: the check compares 32-byte digests
        String secret = "0123456789abcdef0123456789abcdef0123456789a";
        String stored = ClientSecrets.hash(secret);

        assertFalse(ClientSecrets.matches(secret.substring(0, 42), stored));
        assertFalse(ClientSecrets.matches(secret + "b", stored));
        assertFalse(ClientSecrets.matches(secret.substring(0, 42) + "b", stored));
        assertFalse(ClientSecrets.matches("", stored));
    }

    @Test
    void malformedStoredHashNeverMatches() {
        // a clear-text value where a hash belongs must not turn into a password comparison
        assertFalse(ClientSecrets.matches("plain", "plain"));
        assertFalse(ClientSecrets.matches("plain", null));
        assertFalse(ClientSecrets.matches("plain", "sha256:not-a-hash"));
        assertFalse(ClientSecrets.matches("plain", ClientSecrets.hash("plain").substring(1)));
    }

    @Test
    void theTimingDummySecretDoesNotMatchAMalformedStoredHash() {
        // a malformed hash is compared against an internal dummy for equal timing; its secret must not win
        String dummy = "jeton-dummy-secret-used-for-timing-only";

        assertFalse(ClientSecrets.matches(dummy, null));
        assertFalse(ClientSecrets.matches(dummy, "sha256:broken"));
        assertTrue(ClientSecrets.matches(dummy, ClientSecrets.hash(dummy)), "an ordinary hash of it still works");
    }

    @Test
    void nullPresentedSecretDoesNotMatch() {
        assertFalse(ClientSecrets.matches(null, ClientSecrets.hash(ClientSecrets.generate())));
        assertFalse(ClientSecrets.matches(null, ClientSecrets.hash("null")));
    }

    @Test
    void nullPresentedSecretDoesNotMatchEvenTheHashOfTheEmptySecret() {
        assertFalse(ClientSecrets.matches(null, ClientSecrets.hash("")));
    }
}
