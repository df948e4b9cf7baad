package dev.jeton.web.pages;

/**
 * The device activation page (RFC 8628 §3.3): one field for the code the device shows. It posts
 * the code and the CSRF token to {@code /activate}.
 *
 * @param userCode pre-filled, or null
 * @param message  an error to show above the form, or null
 */
public record ActivatePage(String csrf, String userCode, String message) {

    public static final String WRONG_CODE = "That code is not valid. Check the code on your device and try again; "
            + "codes expire after a few minutes.";
    public static final String FORM_EXPIRED = "The form had expired. Please enter the code again.";

    public String render() {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Connect a device</h1>\n");
        body.append("<p class=\"muted\">Enter the code shown on your TV, console or other device.</p>\n");
        if (message != null) {
            body.append("<p class=\"error\" role=\"alert\">").append(Html.escape(message)).append("</p>\n");
        }
        body.append("<form method=\"post\" action=\"activate\">\n");
        body.append(Layout.hidden("csrf", csrf));
        body.append("<label for=\"user_code\">Code</label>\n");
        body.append("<input id=\"user_code\" name=\"user_code\" type=\"text\" autocomplete=\"off\" "
                + "autocapitalize=\"characters\" autocorrect=\"off\" spellcheck=\"false\" required maxlength=\"16\" "
                + "placeholder=\"XXXX-XXXX\" autofocus");
        if (userCode != null && !userCode.isEmpty()) {
            body.append(" value=\"").append(Html.escape(userCode)).append('"');
        }
        body.append(">\n<button type=\"submit\">Continue</button>\n</form>\n");
        return Layout.page("Connect a device", body.toString());
    }
}
