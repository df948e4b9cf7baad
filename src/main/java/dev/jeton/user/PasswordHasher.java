package dev.jeton.user;

import dev.jeton.config.JetonSettings;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * User passwords with PBKDF2-HMAC-SHA256 from the JDK (NIST SP 800-132; OWASP's iteration count
 * is the default of {@code jeton.users.pbkdf2-iterations}). Stored as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}: the iteration count travels with each hash,
 * so raising the setting does not lock out users whose hashes were made with fewer.
 */
@Dependent
public class PasswordHasher {

    static final String SCHEME = "pbkdf2-sha256";
    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final int iterations;
    /** Checked against when there is no user, so an unknown name costs as much as a known one. */
    private final String dummyHash;

    @Inject
    public PasswordHasher(JetonSettings settings) {
        this.iterations = settings.passwordIterations();
        this.dummyHash = format(iterations, new byte[SALT_BYTES], new byte[HASH_BYTES]);
    }

    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return format(iterations, salt, derive(password, salt, iterations));
    }

    /** False for a wrong password and for a stored value that is not one of our hashes; never throws for those. */
    public boolean verify(char[] password, String stored) {
        String[] parts = stored == null ? new String[0] : stored.split("\\$", -1);
        if (password == null || parts.length != 4 || !SCHEME.equals(parts[0])) {
            return false;
        }
        try {
            int storedIterations = Integer.parseInt(parts[1]);
            byte[] salt = B64_DECODER.decode(parts[2]);
            byte[] expected = B64_DECODER.decode(parts[3]);
            if (storedIterations <= 0 || salt.length == 0 || expected.length == 0) {
                return false;
            }
            // constant-time comparison: the time taken does not tell how many leading bytes matched
            return MessageDigest.isEqual(expected, derive(password, salt, storedIterations, expected.length * 8));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * A well-formed hash at the configured cost that no password matches in practice (its value
     * is all zero bytes): verifying against it when there is no such user takes as long as for a
     * real one. Callers must still treat a missing user as a failure.
     */
    public String dummyHash() {
        return dummyHash;
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        return derive(password, salt, iterations, HASH_BYTES * 8);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is required of every Java platform", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String format(int iterations, byte[] salt, byte[] hash) {
        return SCHEME + "$" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }
}
