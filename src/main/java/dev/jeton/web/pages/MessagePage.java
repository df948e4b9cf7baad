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

    /** RFC 8628 §3.3: the user approved; the device goes on by itself. */
    public static MessagePage deviceApproved(String clientName) {
        return new MessagePage("All set", clientName + " is now connected to your account.",
                "Go back to your device; it will continue by itself. You can close this window.");
    }

    public static MessagePage deviceDenied(String clientName) {
        return new MessagePage("Request denied", clientName + " did not get access to your account.",
                "You can close this window.");
    }

    public static MessagePage deviceCodeGone() {
        return new MessagePage("This code can no longer be used",
                "The code was already used, or it expired.", "Start again on your device to get a new code.");
    }

    public static MessagePage tooManyCodes() {
        return new MessagePage("Too many wrong codes", "Too many codes that did not match were entered.",
                "Wait a few minutes, then try again with the code shown on your device.");
    }

    public String render() {
        return Layout.page(heading, "<h1>" + Html.escape(heading) + "</h1>\n<p>" + Html.escape(message)
                + "</p>\n<p class=\"muted\">" + Html.escape(advice) + "</p>\n");
    }
}
