package dev.jeton.web.pages;

import dev.jeton.client.ClientLinks;

import java.util.List;

/**
 * The consent page: which application asks, for what (each scope with a description a person
 * understands), as whom, and where the browser will go next. Allow and Deny post to
 * {@code /consent} with the CSRF token and the pending request's id.
 *
 * @param username      who is signed in, or null when the user store does not know the subject
 * @param returnHost    the host of the redirect URI (shown so the user sees where they will land), or null
 * @param message       an error to show above the form, or null
 * @param resources     the resources (RFC 8707) the application will reach with what it is given; empty for none
 * @param claimedName   for a client identified by a metadata document (whose {@code clientName} is then the
 *                      document's host, the one thing about it that is verified): the name its document gives
 *                      itself, shown as a claim; null otherwise
 * @param links         the application's logo and links (OIDC Registration §2); never null, none for a client
 *                      identified by a metadata document
 */
public record ConsentPage(String clientName, List<Scope> scopes, String username, String returnHost, String csrf,
                          String authz, String message, List<String> resources, String claimedName,
                          ClientLinks links) {

    /** An application without a logo or links. */
    public ConsentPage(String clientName, List<Scope> scopes, String username, String returnHost, String csrf,
                       String authz, String message, List<String> resources, String claimedName) {
        this(clientName, scopes, username, returnHost, csrf, authz, message, resources, claimedName, ClientLinks.NONE);
    }

    /** A registered client: its name is the operator's or its registration's. */
    public ConsentPage(String clientName, List<Scope> scopes, String username, String returnHost, String csrf,
                       String authz, String message, List<String> resources) {
        this(clientName, scopes, username, returnHost, csrf, authz, message, resources, null);
    }

    /** A request for no particular resource. */
    public ConsentPage(String clientName, List<Scope> scopes, String username, String returnHost, String csrf,
                       String authz, String message) {
        this(clientName, scopes, username, returnHost, csrf, authz, message, List.of());
    }

    public ConsentPage {
        resources = resources == null ? List.of() : List.copyOf(resources);
        links = ClientLinks.orNone(links);
    }

    public static final String FORM_EXPIRED = "The form had expired. Please decide again.";

    /** A requested scope and what it allows. */
    public record Scope(String name, String description) {
    }

    /** RFC 8707: the user sees which services the access is for (the consent pages of both flows). */
    static void appendResources(StringBuilder body, List<String> resources) {
        if (!resources.isEmpty()) {
            body.append("<p>It will use this access at:</p>\n<ul class=\"resources\">\n");
            for (String resource : resources) {
                body.append("<li><code>").append(Html.escape(resource)).append("</code></li>\n");
            }
            body.append("</ul>\n");
        }
    }

    /**
     * draft-ietf-oauth-client-id-metadata-document §6: the name in a metadata document is whatever its
     * author wrote; the user is shown the host (above) and the name only as that host's claim.
     */
    static void appendClaimedName(StringBuilder body, String claimedName) {
        if (claimedName != null) {
            body.append("<p class=\"claimed\">It claims to be <strong>&ldquo;").append(Html.escape(claimedName))
                    .append("&rdquo;</strong>: a name the application gives itself, not checked by this server. "
                            + "Only allow it if you trust the site above.</p>\n");
        }
    }

    public String render() {
        StringBuilder body = new StringBuilder();
        body.append(ClientLinksHtml.logo(links, clientName));
        body.append("<h1><strong>").append(Html.escape(clientName))
                .append("</strong> wants to access your account</h1>\n");
        appendClaimedName(body, claimedName);
        if (username != null) {
            body.append("<p class=\"muted\">Signed in as <strong>").append(Html.escape(username))
                    .append("</strong>. <a href=\"login?authz=").append(Html.escape(authz))
                    .append("\">Not you?</a></p>\n");
        }
        if (message != null) {
            body.append("<p class=\"error\" role=\"alert\">").append(Html.escape(message)).append("</p>\n");
        }
        if (scopes.isEmpty()) {
            body.append("<p>It asks for no particular permission.</p>\n");
        } else {
            body.append("<p>If you allow it, it may:</p>\n<ul class=\"scopes\">\n");
            for (Scope scope : scopes) {
                body.append("<li>").append(Html.escape(scope.description())).append("<br><code>")
                        .append(Html.escape(scope.name())).append("</code></li>\n");
            }
            body.append("</ul>\n");
        }
        appendResources(body, resources);
        if (returnHost != null) {
            body.append("<p class=\"muted\">Either way you will be taken back to <strong>")
                    .append(Html.escape(returnHost)).append("</strong>.</p>\n");
        }
        body.append("<form method=\"post\" action=\"consent\">\n");
        body.append(Layout.hidden("csrf", csrf)).append(Layout.hidden("authz", authz));
        body.append("<button type=\"submit\" name=\"decision\" value=\"approve\">Allow</button>\n");
        body.append("<button type=\"submit\" name=\"decision\" value=\"deny\" class=\"secondary\">Deny</button>\n");
        body.append("</form>\n");
        body.append(ClientLinksHtml.links(links));
        return Layout.page("Allow " + clientName + " to access your account?", body.toString());
    }
}
