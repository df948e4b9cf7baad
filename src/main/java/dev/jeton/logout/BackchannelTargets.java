package dev.jeton.logout;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Where a logout token may be sent: an https URI (Back-Channel Logout 1.0 §2.2 lets the RP choose; the token
 * identifies the user's session, so it travels encrypted), or, when the operator allows it for development and
 * tests ({@code jeton.logout.backchannel-allow-http-loopback}), an http URI on this machine's loopback.
 */
public final class BackchannelTargets {

    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "::1", "localhost");

    private BackchannelTargets() {
    }

    public static boolean allowed(String uri, boolean allowHttpLoopback) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (java.net.URISyntaxException | NullPointerException e) {
            return false;
        }
        if (!parsed.isAbsolute() || parsed.getHost() == null || parsed.getRawFragment() != null
                || parsed.getRawUserInfo() != null) {
            return false;
        }
        String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return true;
        }
        return allowHttpLoopback && scheme.equals("http")
                && LOOPBACK.contains(parsed.getHost().toLowerCase(Locale.ROOT));
    }
}
