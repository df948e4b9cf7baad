package dev.jeton.vocabulary;

import java.security.SecureRandom;
import java.util.Base64;

/** Random identifiers and opaque token values. */
public final class TokenIds {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private TokenIds() {
    }

    /** A fresh value with {@code bits} of randomness, base64url without padding. */
    public static String random(int bits) {
        byte[] bytes = new byte[bits / 8];
        RANDOM.nextBytes(bytes);
        return B64URL.encodeToString(bytes);
    }

    /** A JWT id: 128 random bits is unique without coordination (RFC 7519 §4.1.7). */
    public static String jwtId() {
        return random(128);
    }
}
