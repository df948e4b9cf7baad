package dev.jeton.client;

import java.net.URI;
import java.util.List;

/**
 * What a client registered for logout (issue #18).
 *
 * @param postLogoutRedirectUris       RP-Initiated Logout 1.0 §3.1: where the end-session endpoint may send the
 *                                     browser back, compared exactly (like redirect_uris)
 * @param backchannelLogoutUri         Back-Channel Logout 1.0 §2.2: where logout tokens are POSTed; null for none
 * @param backchannelLogoutSessionRequired Back-Channel Logout 1.0 §2.2: the client needs {@code sid} in logout tokens
 *                                     (Jeton puts it in every logout token of a session anyway)
 * @param logoutRevokesRefreshTokens   whether ending a session revokes the refresh tokens it produced for this
 *                                     client; null for the default ({@link RegisteredClient#logoutRevokesRefreshTokens})
 */
public record ClientLogout(List<String> postLogoutRedirectUris, String backchannelLogoutUri,
                           boolean backchannelLogoutSessionRequired, Boolean logoutRevokesRefreshTokens) {

    public static final ClientLogout NONE = new ClientLogout(List.of(), null, false, null);

    public ClientLogout {
        postLogoutRedirectUris = postLogoutRedirectUris == null ? List.of() : List.copyOf(postLogoutRedirectUris);
    }

    /**
     * Back-Channel Logout 1.0 §2.2: an absolute http(s) URI, which may have a query but no fragment. Whether
     * http is delivered to is the relay's decision (https only, but loopback in development).
     */
    public static boolean validBackchannelUri(String value) {
        return absoluteWebUri(value);
    }

    /** RP-Initiated Logout 1.0 §3.1: an absolute URI without a fragment (compared exactly at logout). */
    public static boolean validPostLogoutRedirectUri(String value) {
        return absoluteWebUri(value);
    }

    private static boolean absoluteWebUri(String value) {
        if (value == null || value.isEmpty() || value.length() > 2000) {
            return false;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            return uri.isAbsolute() && uri.getRawFragment() == null && uri.getHost() != null
                    && ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
