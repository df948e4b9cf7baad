package dev.jeton.jose;

import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The shape check every JWS Jeton verifies goes through before the JOSE library sees it: the
 * compact serialization (RFC 7515 §7.1) is exactly three segments of base64url without padding
 * (§2), each in its one canonical spelling.
 * <p>
 * Nimbus decodes leniently (it takes {@code +} and {@code /} for {@code -} and {@code _} and
 * ignores unused trailing bits), so without this one token would have many spellings that all
 * verify; the hostile-input tests found that. Refusing them costs nothing and keeps any check on
 * the token text (a cache, a replay store, a log search) sound.
 */
public final class StrictCompactJws {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private StrictCompactJws() {
    }

    public static boolean isWellFormed(String token) {
        if (token == null || !SHAPE.matcher(token).matches()) {
            return false;
        }
        for (String segment : token.split("\\.")) {
            if (!isCanonical(segment)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCanonical(String segment) {
        try {
            return ENCODER.encodeToString(DECODER.decode(segment)).equals(segment);
        } catch (IllegalArgumentException e) {
            // a length of 4n+1 characters is no base64 at all
            return false;
        }
    }
}
