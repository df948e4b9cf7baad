package dev.jeton.dpop;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * RFC 9449 §4.3 (9): htu is compared with the request's URI without query and fragment, after
 * syntax- and scheme-based normalization (RFC 3986 §6.2.2, §6.2.3): scheme and host in lower case,
 * the default port dropped, an empty path as "/", dot segments removed.
 */
final class HtuMatch {

    private HtuMatch() {
    }

    static boolean matchesAny(String htu, List<URI> targets) {
        Optional<String> presented = normalize(htu);
        return presented.isPresent() && targets.stream().map(URI::toString).map(HtuMatch::normalize)
                .anyMatch(presented::equals);
    }

    static Optional<String> normalize(String value) {
        try {
            URI uri = new URI(value).normalize();
            if (uri.getScheme() == null || uri.getRawAuthority() == null) {
                return Optional.empty();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            if ((scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80)) {
                port = -1;
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return Optional.of(scheme + "://" + host + (port < 0 ? "" : ":" + port) + path);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
