package dev.jeton.web.pages;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OAuth 2.0 Form Post Response Mode §2: the page that posts the response to the client. */
class FormPostPageTest {

    private static final Pattern SCRIPTS = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);

    private static String render() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("code", "SplxlOBeZQQYbYS6WxSbIA");
        parameters.put("state", "\"><script>alert(1)</script>&");
        parameters.put("iss", "https://as.example.com");
        return new FormPostPage("https://app.example.com/cb?tenant=a&b", parameters).render();
    }

    @Test
    void theResponseIsAFormOfHiddenFieldsPostedToTheRedirectUri() {
        String html = render();
        assertTrue(html.contains("<form method=\"post\" action=\"https://app.example.com/cb?tenant=a&amp;b\">"), html);
        assertTrue(html.contains("<input type=\"hidden\" name=\"code\" value=\"SplxlOBeZQQYbYS6WxSbIA\">"));
        assertTrue(html.contains("name=\"state\" value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;\""),
                "the state is escaped");
        assertTrue(html.contains("name=\"iss\" value=\"https://as.example.com\""));
    }

    @Test
    void oneScriptSubmitsItAndItsHashIsTheOneThePolicyAllows() throws Exception {
        Matcher scripts = SCRIPTS.matcher(render());
        assertTrue(scripts.find());
        String script = scripts.group(1);
        assertFalse(scripts.find(), "exactly one script");
        // CSP Level 3 hash-source: base64 of the SHA-256 of the script element's text, computed here independently
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(script.getBytes(StandardCharsets.UTF_8)));
        assertEquals("'sha256-" + hash + "'", FormPostPage.SCRIPT_HASH);
        assertTrue(script.contains("submit()"));
    }

    @Test
    void withoutScriptsTheUserGetsAButton() {
        String html = render();
        int noscript = html.indexOf("<noscript>");
        assertTrue(noscript > 0 && html.indexOf("<button type=\"submit\">", noscript) > noscript, html);
        assertTrue(html.indexOf("</noscript>") < html.indexOf("</form>"), "the button is inside the form");
    }
}
