package dev.jeton.authorize;

import dev.jeton.web.pages.ConsentPage;
import dev.jeton.web.pages.Html;
import dev.jeton.web.pages.LoginPage;
import dev.jeton.web.pages.MessagePage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pages escape everything that came from outside and carry what a browser and a phone need. */
class SignInPagesTest {

    static final String EVIL = "\"><script>alert('x')</script>&";

    @Test
    void htmlEscapingCoversTextAndAttributes() {
        assertEquals("&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;", Html.escape(EVIL));
        assertEquals("", Html.escape(null));
    }

    @Test
    void theLoginPageEscapesAndLabelsItsInputs() {
        String html = new LoginPage(EVIL, EVIL, "csrf-token", "authz-id", LoginPage.WRONG_CREDENTIALS).render();
        assertFalse(html.contains("<script>"));
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
        assertTrue(html.contains("<meta name=\"viewport\""));
        assertTrue(html.contains("<title>Sign in to &quot;&gt;&lt;script&gt;"));
        assertTrue(html.contains("<label for=\"username\">") && html.contains("id=\"username\""));
        assertTrue(html.contains("<label for=\"password\">") && html.contains("id=\"password\""));
        assertTrue(html.contains("autocomplete=\"username\"") && html.contains("autocomplete=\"current-password\""));
        assertTrue(html.contains("name=\"csrf\" value=\"csrf-token\""));
        assertTrue(html.contains("name=\"authz\" value=\"authz-id\""));
        assertTrue(html.contains("role=\"alert\">Wrong username or password."));
        assertFalse(html.contains("<script") || html.contains("src=") || html.contains("href=\"http"),
                "no script and no external asset");
    }

    @Test
    void theLoginPageOfAnAuthorizationOffersCancelWhichNeedsNoCredentials() {
        // issue #14: a way to decline at the sign-in step (the conformance suite's user-rejects-authentication)
        String html = new LoginPage("App", null, "csrf-token", "authz-id", null, true).render();
        int form = html.indexOf("<form method=\"post\" action=\"login\">");
        int cancel = html.indexOf("<button type=\"submit\" name=\"action\" value=\"cancel\" class=\"secondary\" "
                + "formnovalidate>Cancel</button>");
        assertTrue(form >= 0 && cancel > form && cancel < html.indexOf("</form>"), html);
        assertTrue(html.contains("name=\"csrf\" value=\"csrf-token\""), "Cancel posts the same CSRF token");
        assertFalse(new LoginPage("TV", null, "c", "a", null).render().contains("Cancel"), "none for the device flow");
    }

    @Test
    void theConsentPageEscapesClientScopesAndUser() {
        String html = new ConsentPage(EVIL, List.of(new ConsentPage.Scope(EVIL, EVIL)), EVIL, "app.example.com",
                "csrf", EVIL, null).render();
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("name=\"decision\" value=\"approve\""));
        assertTrue(html.contains("name=\"decision\" value=\"deny\""));
        assertTrue(html.contains("app.example.com"));
    }

    @Test
    void messagePagesEscapeToo() {
        String html = new MessagePage(EVIL, EVIL, EVIL).render();
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("<h1>&quot;&gt;"));
    }
}
