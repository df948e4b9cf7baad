package dev.jeton.web.pages;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The device flow's pages (RFC 8628 §3.3) escape what came from outside and carry the CSRF token. */
class DevicePagesTest {

    static final String EVIL = "\"><script>alert('x')</script>&";

    @Test
    void theCodePageKeepsTheTypedCodeEscapedAndPostsWithTheToken() {
        String html = new ActivatePage("csrf-token", EVIL, ActivatePage.WRONG_CODE).render();
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("<form method=\"post\" action=\"activate\">"));
        assertTrue(html.contains("name=\"csrf\" value=\"csrf-token\""));
        assertTrue(html.contains("<label for=\"user_code\">") && html.contains("id=\"user_code\""));
        assertTrue(html.contains("value=\"&quot;&gt;&lt;script&gt;"));
        assertTrue(html.contains("role=\"alert\">That code is not valid."));
    }

    @Test
    void theConsentPageNamesTheApplicationTheCodeAndTheScopes() {
        String html = new DeviceConsentPage(EVIL, List.of(new ConsentPage.Scope("api.read", "Read your orders")),
                "alice", "BCDF-GHJK", "csrf-token", "activate/decision", null).render();
        assertFalse(html.contains("<script>"));
        assertTrue(html.contains("<strong id=\"user-code\">BCDF-GHJK</strong>"));
        assertTrue(html.contains("Read your orders") && html.contains("<code>api.read</code>"));
        assertTrue(html.contains("Signed in as <strong>alice</strong>"));
        assertTrue(html.contains("action=\"activate/decision\""));
        assertTrue(html.contains("name=\"user_code\" value=\"BCDF-GHJK\""));
        assertTrue(html.contains("value=\"approve\"") && html.contains("value=\"deny\""));
    }

    @Test
    void theResultPagesArePlain() {
        assertTrue(MessagePage.deviceApproved("TV").render().contains("<title>All set</title>"));
        assertTrue(MessagePage.deviceDenied("TV").render().contains("<title>Request denied</title>"));
        assertFalse(MessagePage.deviceApproved(EVIL).render().contains("<script>"));
    }
}
