package dev.jeton.dpop;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Stateless DPoP nonces (RFC 9449 §8): HMAC-SHA256 of the current time step under a server secret.
 * Every node with the same secret issues and accepts the same nonces, nothing is stored, and a
 * nonce dies after one to two steps (the current and the previous step are accepted, so a nonce
 * issued just before a step boundary is not refused a moment later).
 */
public final class DpopNonces {

    private static final String PURPOSE = "jeton DPoP nonce v1 ";
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final byte[] secret;
    private final long stepSeconds;

    public DpopNonces(byte[] secret, Duration step) {
        this.secret = secret.clone();
        this.stepSeconds = step.toSeconds();
    }

    public String current(Instant now) {
        return forStep(step(now));
    }

    /** Constant-time comparison with the nonces of the current and the previous step. */
    public boolean valid(String nonce, Instant now) {
        if (nonce == null || nonce.length() != 43) {
            return false;
        }
        byte[] presented = nonce.getBytes(StandardCharsets.US_ASCII);
        long step = step(now);
        boolean current = MessageDigest.isEqual(presented, forStep(step).getBytes(StandardCharsets.US_ASCII));
        boolean previous = MessageDigest.isEqual(presented, forStep(step - 1).getBytes(StandardCharsets.US_ASCII));
        return current | previous;
    }

    private long step(Instant now) {
        return Math.floorDiv(now.getEpochSecond(), stepSeconds);
    }

    private String forStep(long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return B64URL.encodeToString(mac.doFinal((PURPOSE + step).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
