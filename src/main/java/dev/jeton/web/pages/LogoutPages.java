package dev.jeton.web.pages;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The pages of signing out (issue #18): the confirmation, the signed-out page, and the user's sessions. */
public final class LogoutPages {

    /** The form field and values of the confirmation page's buttons. */
    public static final String ACTION = "action";
    public static final String SIGN_OUT = "logout";
    public static final String STAY = "stay";

    private LogoutPages() {
    }

    /**
     * RP-Initiated Logout 1.0 §2: "the OP SHOULD ask the End-User whether to log out" when the request may not be
     * the user's. The form posts the request back with the session's CSRF token.
     *
     * @param clientName the application that asked, or null when none was named
     * @param request    the logout request's parameters, carried in hidden fields
     */
    public static String confirm(String clientName, String csrf, Map<String, String> request) {
        StringBuilder body = new StringBuilder("<h1>Sign out?</h1>\n");
        body.append("<p>").append(clientName == null ? "You are asked to sign out."
                : "<strong>" + Html.escape(clientName) + "</strong> asks you to sign out.").append("</p>\n");
        body.append("<p class=\"muted\">Signing out ends your session here and in the applications you signed in "
                + "to with it.</p>\n");
        body.append("<form method=\"post\" action=\"logout\">\n").append(Layout.hidden("csrf", csrf));
        request.forEach((name, value) -> body.append(Layout.hidden(name, value)));
        body.append("<button type=\"submit\" name=\"").append(ACTION).append("\" value=\"").append(SIGN_OUT)
                .append("\">Sign out</button>\n");
        body.append("<button type=\"submit\" name=\"").append(ACTION).append("\" value=\"").append(STAY)
                .append("\" class=\"secondary\">Stay signed in</button>\n</form>\n");
        return Layout.page("Sign out?", body.toString());
    }

    public static MessagePage signedOut() {
        return new MessagePage("You have signed out", "Your session has ended.", "You can close this window.");
    }

    public static MessagePage stillSignedIn() {
        return new MessagePage("You are still signed in", "Nothing was changed.", "You can close this window.");
    }

    public static MessagePage refused(String message) {
        return new MessagePage("This sign-out request cannot be followed", message,
                "Go back to the application. If this keeps happening, tell the application's developers.");
    }

    /** A form whose CSRF token is not this browser's (forged, or from before the browser's cookie changed). */
    public static MessagePage formExpired() {
        return refused("The form had expired. Nothing was changed.");
    }

    public static MessagePage notSignedIn() {
        return new MessagePage("You are not signed in", "There is no session in this browser.",
                "Sign in through an application to see your sessions here.");
    }

    public static MessagePage signedOutEverywhere(int count) {
        return new MessagePage("You have signed out everywhere", count == 1 ? "1 session has ended."
                : count + " sessions have ended.", "The applications you signed in to are being told.");
    }

    /** One row of the sessions page. */
    public record SessionRow(Instant signedInAt, Instant lastSeenAt, List<String> applications, boolean thisBrowser) {
    }

    /** The user's active sessions, and the form that ends them all. */
    public static String sessions(List<SessionRow> rows, String csrf) {
        StringBuilder body = new StringBuilder("<h1>Your sessions</h1>\n<ul>\n");
        for (SessionRow row : rows) {
            body.append("<li>Signed in ").append(Html.escape(row.signedInAt().toString()))
                    .append(", last used ").append(Html.escape(row.lastSeenAt().toString()));
            if (!row.applications().isEmpty()) {
                body.append(", for ").append(Html.escape(String.join(", ", row.applications())));
            }
            if (row.thisBrowser()) {
                body.append(" <strong>(this browser)</strong>");
            }
            body.append("</li>\n");
        }
        body.append("</ul>\n<form method=\"post\" action=\"sessions\">\n").append(Layout.hidden("csrf", csrf))
                .append("<button type=\"submit\">Sign out everywhere</button>\n</form>\n");
        return Layout.page("Your sessions", body.toString());
    }
}
