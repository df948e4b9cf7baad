package dev.jeton.client.fetch;

import java.util.List;
import java.util.Locale;

/**
 * A list of host names as an operator writes it: {@code login.example.com} matches that host only,
 * {@code *.example.com} matches every host below example.com (not example.com itself). Addresses
 * are written as in a URL ({@code 10.0.0.5}, {@code [fd00::5]}). Compared case-insensitively.
 */
public record HostPatterns(List<String> patterns) {

    public static final HostPatterns NONE = new HostPatterns(List.of());

    public HostPatterns {
        patterns = patterns.stream().map(p -> p.strip().toLowerCase(Locale.ROOT)).filter(p -> !p.isEmpty()).toList();
    }

    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    public boolean matches(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String p : patterns) {
            if (p.startsWith("*.") ? h.endsWith(p.substring(1)) : h.equals(p)) {
                return true;
            }
        }
        return false;
    }
}
