package dev.jeton.web.pages;

import java.util.List;

/**
 * The device consent page (RFC 8628 §3.3, §5.4): which application on which code asks for
 * what, as whom. The user compares the code with the one on the device (a remote phishing
 * attacker cannot show it there), then allows or denies.
 *
 * @param userCode the code as shown ({@code XXXX-XXXX})
 * @param action   where the form posts (relative to the page's own address)
 * @param message  an error to show above the form, or null
 * @param resources the resources (RFC 8707) the device asked for; empty for none
 * @param claimedName the name a client ID metadata document claims (then {@code clientName} is its host), or null
 */
public record DeviceConsentPage(String clientName, List<ConsentPage.Scope> scopes, String username, String userCode,
                                String csrf, String action, String message, List<String> resources,
                                String claimedName) {

    /** A registered client. */
    public DeviceConsentPage(String clientName, List<ConsentPage.Scope> scopes, String username, String userCode,
                             String csrf, String action, String message, List<String> resources) {
        this(clientName, scopes, username, userCode, csrf, action, message, resources, null);
    }

    /** A request for no particular resource. */
    public DeviceConsentPage(String clientName, List<ConsentPage.Scope> scopes, String username, String userCode,
                             String csrf, String action, String message) {
        this(clientName, scopes, username, userCode, csrf, action, message, List.of());
    }

    public DeviceConsentPage {
        resources = resources == null ? List.of() : List.copyOf(resources);
    }

    public String render() {
        StringBuilder body = new StringBuilder();
        body.append("<h1><strong>").append(Html.escape(clientName))
                .append("</strong> on your device wants to access your account</h1>\n");
        ConsentPage.appendClaimedName(body, claimedName);
        body.append("<p>Check that your device shows the code <strong id=\"user-code\">")
                .append(Html.escape(userCode)).append("</strong>. If it does not, deny.</p>\n");
        if (username != null) {
            body.append("<p class=\"muted\">Signed in as <strong>").append(Html.escape(username))
                    .append("</strong>.</p>\n");
        }
        if (message != null) {
            body.append("<p class=\"error\" role=\"alert\">").append(Html.escape(message)).append("</p>\n");
        }
        if (scopes.isEmpty()) {
            body.append("<p>It asks for no particular permission.</p>\n");
        } else {
            body.append("<p>If you allow it, it may:</p>\n<ul class=\"scopes\">\n");
            for (ConsentPage.Scope scope : scopes) {
                body.append("<li>").append(Html.escape(scope.description())).append("<br><code>")
                        .append(Html.escape(scope.name())).append("</code></li>\n");
            }
            body.append("</ul>\n");
        }
        ConsentPage.appendResources(body, resources);
        body.append("<form method=\"post\" action=\"").append(Html.escape(action)).append("\">\n");
        body.append(Layout.hidden("csrf", csrf)).append(Layout.hidden("user_code", userCode));
        body.append("<button type=\"submit\" name=\"decision\" value=\"approve\">Allow</button>\n");
        body.append("<button type=\"submit\" name=\"decision\" value=\"deny\" class=\"secondary\">Deny</button>\n");
        body.append("</form>\n");
        return Layout.page("Allow " + clientName + " on your device?", body.toString());
    }
}
