package dev.jeton.web.pages;

/**
 * A page that only explains something: why a request cannot go on (and, RFC 6749 §4.1.2.1,
 * is not sent back to an application that could not be verified), or that a sign-in expired.
 *
 * @param heading the page's title and heading
 * @param message what happened, in plain words; escaped
 * @param advice  what to do now; escaped
 */
public record MessagePage(String heading, String message, String advice) {

    public static MessagePage expired() {
        return new MessagePage("This sign-in has expired",
                "The sign-in request was already completed, or it waited too long.",
                "Go back to the application and start again.");
    }

    public static MessagePage invalidRequest(String message) {
        return new MessagePage("This sign-in request cannot continue", message,
                "Go back to the application and try again. If this keeps happening, tell the application's "
                        + "developers.");
    }

    public static MessagePage serverError() {
        return new MessagePage("Something went wrong", "The server could not handle the request.",
                "Please try again in a moment.");
    }

    public String render() {
        return Layout.page(heading, "<h1>" + Html.escape(heading) + "</h1>\n<p>" + Html.escape(message)
                + "</p>\n<p class=\"muted\">" + Html.escape(advice) + "</p>\n");
    }
}
