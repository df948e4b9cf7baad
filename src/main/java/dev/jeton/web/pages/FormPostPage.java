package dev.jeton.web.pages;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * OAuth 2.0 Form Post Response Mode §2: the authorization response as a form of hidden fields
 * that the browser POSTs to the client's redirect URI by itself. The page's one script submits the
 * form; it is the same text on every page, so the Content-Security-Policy allows exactly it by its
 * hash ({@link #SCRIPT_HASH}) and still forbids every other script (CSP Level 3 §8.3, hash-source). A
 * browser without scripts shows a button instead (§2: "a submit button ... in a noscript element").
 *
 * @param action     the client's redirect URI, exactly as registered (it may carry a query)
 * @param parameters the response parameters (code or error, state, iss)
 */
public record FormPostPage(String action, Map<String, String> parameters) {

    /** The submitting script's text: constant, so its hash is too. */
    static final String SCRIPT = "document.forms[0].submit();";
    /** The CSP source that allows {@link #SCRIPT} and nothing else. */
    public static final String SCRIPT_HASH = "'sha256-" + sha256(SCRIPT) + "'";

    public String render() {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Returning to the application</h1>\n");
        body.append("<form method=\"post\" action=\"").append(Html.escape(action)).append("\">\n");
        parameters.forEach((name, value) -> body.append(Layout.hidden(name, value)));
        body.append("<noscript><p>Your browser does not run scripts: continue by hand.</p>\n")
                .append("<button type=\"submit\">Continue</button></noscript>\n</form>\n");
        return Layout.page("Returning to the application", body.toString(), "<script>" + SCRIPT + "</script>\n");
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
