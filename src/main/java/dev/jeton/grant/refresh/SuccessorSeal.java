package dev.jeton.grant.refresh;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * Keeps a rotation's response ({@link SealedRotation}: the successor and the access and ID tokens
 * issued with it) recoverable for the grace window without storing any of it in the clear:
 * AES-256-GCM under a key derived from the PARENT token's value. The database holds only the
 * parent's hash (a different derivation), so only a caller presenting the parent token can open
 * the seal — which is exactly the client that lost the response.
 */
final class SuccessorSeal {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;

    private SuccessorSeal() {
    }

    static byte[] seal(byte[] plain, String parentValue) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(parentValue), new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java platform", e);
        }
    }

    /** What was sealed, or empty when the seal does not open with this parent value. */
    static Optional<byte[]> open(byte[] sealed, String parentValue) {
        if (sealed == null || sealed.length <= IV_BYTES) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(parentValue),
                    new GCMParameterSpec(128, Arrays.copyOf(sealed, IV_BYTES)));
            return Optional.of(cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static SecretKeySpec key(String parentValue) throws GeneralSecurityException {
        byte[] material = MessageDigest.getInstance("SHA-256")
                .digest(("jeton refresh successor key\u0000" + parentValue).getBytes(StandardCharsets.UTF_8));
        return new SecretKeySpec(material, "AES");
    }
}
