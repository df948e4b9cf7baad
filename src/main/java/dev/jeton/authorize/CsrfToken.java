package dev.jeton.authorize;

import dev.jeton.vocabulary.TokenIds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The anti-CSRF token of the sign-in and consent forms: 256 random bits kept in the session and
 * repeated in every form (the synchronizer token pattern). A fresh one is made at sign-in, so a
 * token seen before the session id changed is worthless afterwards.
 */
public final class CsrfToken {

    /** The session attribute that holds the token. */
    public static final String SESSION_ATTRIBUTE = "dev.jeton.authorize.csrf";

    private CsrfToken() {
    }

    public static String fresh() {
        return TokenIds.random(256);
    }

    /** Constant-time comparison; false when either side is missing. */
    public static boolean matches(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }
}
