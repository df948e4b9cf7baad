package dev.jeton.web.pages;

import dev.jeton.client.ClientLinks;

/**
 * The client's registered logo and links (OIDC Registration §2 logo_uri, client_uri, policy_uri, tos_uri) on the
 * sign-in and consent pages. Every value is escaped; the links open apart from this page and tell the client
 * nothing about it ({@code noopener noreferrer}). The page's CSP allows the logo's origin only
 * (web.PageResponses#pageWithLogo).
 */
final class ClientLinksHtml {

    private static final String TARGET = "\" rel=\"noopener noreferrer\" target=\"_blank\">";

    private ClientLinksHtml() {
    }

    /** The logo, its alternative text the client's name; empty without one. */
    static String logo(ClientLinks links, String clientName) {
        if (links.logoUri() == null) {
            return "";
        }
        return "<p><img class=\"logo\" src=\"" + Html.escape(links.logoUri()) + "\" alt=\"" + Html.escape(clientName)
                + "\"></p>\n";
    }

    /** The home page, privacy policy and terms of service links; empty without any. */
    static String links(ClientLinks links) {
        StringBuilder html = new StringBuilder();
        append(html, links.clientUri(), "Home page");
        append(html, links.policyUri(), "Privacy policy");
        append(html, links.tosUri(), "Terms of service");
        return html.isEmpty() ? "" : "<p class=\"muted links\">" + html + "</p>\n";
    }

    private static void append(StringBuilder html, String url, String label) {
        if (url != null) {
            if (!html.isEmpty()) {
                html.append(" &middot; ");
            }
            html.append("<a href=\"").append(Html.escape(url)).append(TARGET).append(label).append("</a>");
        }
    }
}
