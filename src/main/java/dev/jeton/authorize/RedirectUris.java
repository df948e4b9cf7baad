package dev.jeton.authorize;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Redirect URIs: whether one may be used, and adding response parameters to one. */
public final class RedirectUris {

    /** Schemes that would run code or read files in the browser instead of reaching a client. */
    private static final Set<String> FORBIDDEN_SCHEMES = Set.of("javascript", "data", "vbscript", "file", "blob");

    private RedirectUris() {
    }

    /**
     * RFC 6749 §3.1.2: an absolute URI without a fragment. Registered URIs are checked again here
     * so that a bad registration can never turn the endpoint into a script launcher.
     */
    public static boolean usable(String redirectUri) {
        try {
            URI uri = new URI(redirectUri);
            return uri.isAbsolute() && uri.getRawFragment() == null && redirectUri.indexOf('#') < 0
                    && !FORBIDDEN_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * The redirect URI with {@code parameters} added to its query, form-encoded (RFC 6749
     * §4.1.2, Appendix B). §3.1.2: a query the URI already has "MUST be retained".
     */
    public static String withParameters(String redirectUri, Map<String, String> parameters) {
        StringBuilder out = new StringBuilder(redirectUri);
        String query = URI.create(redirectUri).getRawQuery();
        char last = redirectUri.charAt(redirectUri.length() - 1);
        boolean first = true;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getValue() == null) {
                continue;
            }
            if (first) {
                if (query == null) {
                    out.append('?');
                } else if (last != '?' && last != '&') {
                    out.append('&');
                }
                first = false;
            } else {
                out.append('&');
            }
            out.append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /**
     * The redirect URI with {@code parameters} form-encoded in its fragment (RFC 6749 §4.2.2, OIDC Core §3.2.2.5);
     * registered redirect URIs have no fragment of their own (RFC 6749 §3.1.2).
     */
    public static String withFragment(String redirectUri, Map<String, String> parameters) {
        StringBuilder out = new StringBuilder(redirectUri).append('#');
        boolean first = true;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getValue() == null) {
                continue;
            }
            if (!first) {
                out.append('&');
            }
            first = false;
            out.append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    /**
     * The CSP source expression for where the redirect URI points (scheme, host and port of
     * http(s) URIs; the scheme of a private-use URI, RFC 8252 §7.1), or empty when the URI does
     * not reduce to a plain one. Browsers check a form's redirect target against
     * {@code form-action} (w3c/webappsec-csp#8), so the sign-in and consent pages allow it.
     */
    public static Optional<String> cspSource(String redirectUri) {
        try {
            URI uri = new URI(redirectUri);
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
                return Optional.empty();
            }
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return Optional.of(scheme + ":");
            }
            String host = uri.getHost();
            if (host == null || !host.matches("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]")) {
                return Optional.empty();
            }
            return Optional.of(scheme + "://" + host + (uri.getPort() >= 0 ? ":" + uri.getPort() : ""));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
