package dev.jeton.logout;

/**
 * The parameters of an RP-Initiated Logout request (RP-Initiated Logout 1.0 §2), as sent; each may be null.
 * {@code ui_locales} is taken and not used (the pages have one language); {@code logout_hint} is not used either.
 */
public record EndSessionRequest(String idTokenHint, String clientId, String postLogoutRedirectUri, String state,
                                String uiLocales) {

    /** The request's parameter names; each may appear once. */
    public static final java.util.Set<String> PARAMETERS = java.util.Set.of("id_token_hint", "client_id",
            "post_logout_redirect_uri", "state", "ui_locales", "logout_hint");

    @Override
    public String toString() {
        // the hint is a token: never printed
        return "EndSessionRequest[clientId=" + clientId + ", postLogoutRedirectUri=" + postLogoutRedirectUri + "]";
    }
}
