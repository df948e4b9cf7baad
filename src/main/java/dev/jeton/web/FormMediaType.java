package dev.jeton.web;

import java.util.Locale;

/**
 * Whether a Content-Type is {@code application/x-www-form-urlencoded}, optionally with a UTF-8
 * (or US-ASCII) charset and no other parameter (RFC 6749 Appendix B; media type names and
 * charset values are case-insensitive, RFC 9110 §8.3.1). Parsed here rather than through
 * JAX-RS, so the rule is plain and testable without a runtime.
 */
final class FormMediaType {

    private FormMediaType() {
    }

    static boolean matches(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";", -1);
        if (!parts[0].strip().equalsIgnoreCase("application/x-www-form-urlencoded")) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            int eq = parameter.indexOf('=');
            if (eq <= 0) {
                return false;
            }
            String name = parameter.substring(0, eq).strip();
            String value = parameter.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            value = value.toLowerCase(Locale.ROOT);
            if (!name.equalsIgnoreCase("charset") || !(value.equals("utf-8") || value.equals("us-ascii"))) {
                return false;
            }
        }
        return true;
    }
}
