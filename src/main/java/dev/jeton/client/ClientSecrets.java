package dev.jeton.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Client secrets: generated with 256 bits of entropy, stored as {@code sha256:<base64url>}.
 * <p>
 * A plain SHA-256 is the right cost here: the secrets are server-generated and random, so there
 * is nothing for a slow KDF to protect against, and the token path must stay in microseconds.
 * Slow hashing stays right for user passwords, which people choose.
 */
public final class ClientSecrets {

    static final String PREFIX = "sha256:";
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    /** Compared against when the client is unknown, so that the failure takes the same time. */
    private static final String DUMMY_HASH = hash("jeton-dummy-secret-used-for-timing-only");

    private ClientSecrets() {
    }

    /** A new secret: 32 random bytes, base64url without padding (43 characters). */
    public static String generate() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return B64URL.encodeToString(bytes);
    }

    public static String hash(String secret) {
        return PREFIX + B64URL.encodeToString(sha256(secret));
    }

    /** Whether {@code stored} has the form this class writes. */
    public static boolean isHash(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return false;
        }
        try {
            return Base64.getUrlDecoder().decode(stored.substring(PREFIX.length())).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Constant-time check of a presented secret against a stored hash: both sides are hashed to
     * 32 bytes and compared with {@link MessageDigest#isEqual}, whose time does not depend on
     * where the first difference is.
     */
    public static boolean matches(String presented, String storedHash) {
        String stored = isHash(storedHash) ? storedHash : DUMMY_HASH;
        byte[] expected = Base64.getUrlDecoder().decode(stored.substring(PREFIX.length()));
        byte[] actual = sha256(presented == null ? "" : presented);
        boolean equal = MessageDigest.isEqual(expected, actual);
        return equal && presented != null && stored == storedHash;
    }

    /** Burns the same work as a real check; used when no client matched the presented id. */
    public static void simulateCheck(String presented) {
        matches(presented, DUMMY_HASH);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Prints a new secret and its hash, for an operator's clients file. */
    public static void main(String[] args) {
        String secret = generate();
        System.out.println("client_secret: " + secret);
        System.out.println("client_secret_hash: " + hash(secret));
    }
}
