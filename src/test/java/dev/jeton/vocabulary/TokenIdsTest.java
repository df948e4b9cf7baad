package dev.jeton.vocabulary;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials Jeton makes (codes, refresh tokens, device codes, request URIs, secrets): at least 128 random
 * bits (RFC 6749 §10.10; FAPI 2.0 Security Profile §5.4.1 (4)).
 */
class TokenIdsTest {

    @Test
    void aValueCarriesTheBitsAskedForAsBase64UrlWithoutPadding() {
        for (int bits : new int[]{128, 256}) {
            String value = TokenIds.random(bits);
            assertTrue(value.matches("[A-Za-z0-9_-]+"), value);
            assertEquals(bits / 8, Base64.getUrlDecoder().decode(value).length);
        }
        assertEquals(16, Base64.getUrlDecoder().decode(TokenIds.jwtId()).length);
    }

    @Test
    void valuesDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertTrue(seen.add(TokenIds.random(128)), "a 128-bit value repeated");
        }
    }
}
