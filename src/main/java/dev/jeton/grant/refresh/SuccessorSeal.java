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
 * Keeps a refresh token's successor recoverable for the grace window without storing it in the
 * clear: AES-256-GCM under a key derived from the PARENT token's value. The database holds only
 * the parent's hash (a different derivation), so only a caller presenting the parent token can
 * open the seal — which is exactly the client that lost the response.
 */
final class SuccessorSeal {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;

    private SuccessorSeal() {
    }

    static byte[] seal(String successor, String parentValue) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(parentValue), new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(successor.getBytes(StandardCharsets.US_ASCII));
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java platform", e);
        }
    }

    /** The successor, or empty when the seal does not open with this parent value. */
    static Optional<String> open(byte[] sealed, String parentValue) {
        if (sealed == null || sealed.length <= IV_BYTES) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(parentValue),
                    new GCMParameterSpec(128, Arrays.copyOf(sealed, IV_BYTES)));
            byte[] plain = cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
            return Optional.of(new String(plain, StandardCharsets.US_ASCII));
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
