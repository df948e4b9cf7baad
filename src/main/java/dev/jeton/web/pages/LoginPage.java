package dev.jeton.web.pages;

import dev.jeton.client.ClientLinks;

/**
 * The sign-in form. It posts username, password, the CSRF token and the pending request's id
 * to {@code /login}; Cancel posts the token and the id with {@code action=cancel}. A failed attempt
 * shows one message for every cause, so the page never tells whether a username exists.
 *
 * @param clientName the application the user signs in for
 * @param username   pre-filled: the login_hint, or what the user typed last time
 * @param message    an error to show above the form, or null
 * @param cancellable the page offers Cancel, which refuses the application's request (access_denied)
 * @param links      the application's logo and links (OIDC Registration §2); never null
 */
public record LoginPage(String clientName, String username, String csrf, String authz, String message,
                        boolean cancellable, ClientLinks links) {

    public LoginPage {
        links = ClientLinks.orNone(links);
    }

    /** A sign-in for an application without a logo or links. */
    public LoginPage(String clientName, String username, String csrf, String authz, String message,
                     boolean cancellable) {
        this(clientName, username, csrf, authz, message, cancellable, ClientLinks.NONE);
    }

    /** The form field and value of the Cancel button. */
    public static final String ACTION = "action";
    public static final String CANCEL = "cancel";

    /** A sign-in without Cancel (the device flow declines on its own consent page). */
    public LoginPage(String clientName, String username, String csrf, String authz, String message) {
        this(clientName, username, csrf, authz, message, false);
    }

    public static final String WRONG_CREDENTIALS = "Wrong username or password.";
    public static final String FORM_EXPIRED = "The form had expired. Please sign in again.";
    public static final String MISSING_CREDENTIALS = "Enter your username and password.";

    /** After too many failed sign-ins for this username or from this address (the password was not checked). */
    public static String tooManyAttempts(long seconds) {
        long minutes = (seconds + 59) / 60;
        return "Too many failed sign-ins. Please wait " + (seconds < 60 ? seconds + " seconds"
                : minutes + (minutes == 1 ? " minute" : " minutes")) + " before you try again.";
    }

    public String render() {
        StringBuilder body = new StringBuilder();
        body.append(ClientLinksHtml.logo(links, clientName));
        body.append("<h1>Sign in</h1>\n");
        body.append("<p class=\"muted\">to continue to <strong>").append(Html.escape(clientName))
                .append("</strong></p>\n");
        if (message != null) {
            body.append("<p class=\"error\" role=\"alert\">").append(Html.escape(message)).append("</p>\n");
        }
        body.append("<form method=\"post\" action=\"login\">\n");
        body.append(Layout.hidden("csrf", csrf)).append(Layout.hidden("authz", authz));
        body.append("<label for=\"username\">Username</label>\n");
        body.append("<input id=\"username\" name=\"username\" type=\"text\" autocomplete=\"username\" "
                + "autocapitalize=\"none\" autocorrect=\"off\" spellcheck=\"false\" required maxlength=\"256\"");
        if (username != null && !username.isEmpty()) {
            body.append(" value=\"").append(Html.escape(username)).append('"');
        } else {
            body.append(" autofocus");
        }
        body.append(">\n");
        body.append("<label for=\"password\">Password</label>\n");
        body.append("<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" "
                + "required maxlength=\"1024\"");
        if (username != null && !username.isEmpty()) {
            body.append(" autofocus");
        }
        body.append(">\n");
        body.append("<button type=\"submit\">Sign in</button>\n");
        if (cancellable) {
            // formnovalidate: declining needs no username or password; the form still carries the CSRF token
            body.append("<button type=\"submit\" name=\"").append(ACTION).append("\" value=\"").append(CANCEL)
                    .append("\" class=\"secondary\" formnovalidate>Cancel</button>\n");
        }
        body.append("</form>\n");
        body.append(ClientLinksHtml.links(links));
        return Layout.page("Sign in to " + clientName, body.toString());
    }
}
