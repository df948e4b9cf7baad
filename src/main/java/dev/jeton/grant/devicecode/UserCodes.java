package dev.jeton.grant.devicecode;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * User codes (RFC 8628 §6.1): eight characters from twenty consonants, shown as
 * {@code XXXX-XXXX}. No vowels (no words), no digits (no 0/O or 1/I to confuse), and one case:
 * typed input is compared upper-cased with dashes and spaces removed (§6.1). 20^8 is about
 * 2^34.6 codes, which is why wrong guesses are rate-limited and codes live only minutes.
 */
public final class UserCodes {

    public static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
    public static final int LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private UserCodes() {
    }

    /** A fresh code, normalized (no dash). */
    public static String generate() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return new String(code);
    }

    /** {@code BCDFGHJK} as {@code BCDF-GHJK}. */
    public static String display(String normalized) {
        return normalized.substring(0, LENGTH / 2) + "-" + normalized.substring(LENGTH / 2);
    }

    /**
     * What a person typed, as a normalized code: upper case, dashes and white space removed.
     * Empty when the result cannot be a code of ours (wrong length or a letter not in the alphabet).
     */
    public static Optional<String> normalize(String typed) {
        if (typed == null || typed.length() > 32) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(LENGTH);
        for (char c : typed.toUpperCase(Locale.ROOT).toCharArray()) {
            if (c == '-' || Character.isWhitespace(c)) {
                continue;
            }
            if (ALPHABET.indexOf(c) < 0) {
                return Optional.empty();
            }
            out.append(c);
        }
        return out.length() == LENGTH ? Optional.of(out.toString()) : Optional.empty();
    }
}
