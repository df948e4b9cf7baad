package dev.jeton.grant.authorizationcode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;

/** Proof Key for Code Exchange with S256, the only method Jeton accepts (RFC 7636 §4.2, §4.6). */
public final class Pkce {

    /** RFC 7636 §4.1: code-verifier = 43*128unreserved; the S256 challenge has the same alphabet. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9\\-._~]{43,128}");

    private Pkce() {
    }

    public static boolean isWellFormed(String verifierOrChallenge) {
        return verifierOrChallenge != null && VERIFIER.matcher(verifierOrChallenge).matches();
    }

    /** BASE64URL-ENCODE(SHA256(ASCII(code_verifier))) (RFC 7636 §4.2). */
    public static String challengeOf(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the verifier matches the challenge, compared in constant time. */
    public static boolean verifies(String verifier, String challenge) {
        if (!isWellFormed(verifier) || challenge == null) {
            return false;
        }
        return MessageDigest.isEqual(challengeOf(verifier).getBytes(StandardCharsets.US_ASCII),
                challenge.getBytes(StandardCharsets.US_ASCII));
    }
}
