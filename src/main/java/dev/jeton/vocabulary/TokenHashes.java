package dev.jeton.vocabulary;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** How opaque credentials (codes, refresh tokens) are kept at rest: SHA-256, base64url. */
public final class TokenHashes {

    private TokenHashes() {
    }

    public static String sha256(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
