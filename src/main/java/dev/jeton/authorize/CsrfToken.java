package dev.jeton.authorize;

import dev.jeton.vocabulary.TokenHashes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The anti-CSRF token of the sign-in and consent forms, repeated in every form: derived from the
 * browser's own cookie (a 256-bit random value, HttpOnly) by SHA-256 under a purpose label, so every
 * node computes it without storing it (issue #19), a page's reader cannot get the cookie back from
 * it, and a cross-site form cannot know it. The cookie is renewed at sign-in, so a token seen before
 * is worthless afterwards.
 */
public final class CsrfToken {

    private static final String PURPOSE = "jeton csrf v1\n";

    private CsrfToken() {
    }

    /** The token of the browser whose cookie value is {@code browserCookie}. */
    public static String forBrowser(String browserCookie) {
        return TokenHashes.sha256(PURPOSE + browserCookie);
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
