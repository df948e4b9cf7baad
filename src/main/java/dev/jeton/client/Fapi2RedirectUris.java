package dev.jeton.client;

import java.net.URI;
import java.net.URISyntaxException;

/** Which redirect URIs a client under the FAPI 2.0 Security Profile may use. */
public final class Fapi2RedirectUris {

    private Fapi2RedirectUris() {
    }

    /**
     * FAPI 2.0 Security Profile §5.3.2.2 (8): authorization responses never travel unencrypted - no redirect URI
     * with the {@code http} scheme, except a native client's loopback interface redirection (RFC 8252 §7.3: the
     * IP literals 127.0.0.1 and [::1]; "localhost" is NOT RECOMMENDED there, §8.3). Other schemes (https, a
     * private-use scheme of a native app, RFC 8252 §7.1) are not http.
     */
    public static boolean allowed(String redirectUri) {
        try {
            URI uri = new URI(redirectUri);
            if (!"http".equalsIgnoreCase(uri.getScheme())) {
                return true;
            }
            String host = uri.getHost();
            return host != null && (host.equals("[::1]") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}"));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
