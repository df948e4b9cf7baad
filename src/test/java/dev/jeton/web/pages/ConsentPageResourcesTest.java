package dev.jeton.web.pages;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 8707: the consent pages name the resources the application will reach, escaped. */
class ConsentPageResourcesTest {

    @Test
    void theConsentPageListsEachResource() {
        String html = new ConsentPage("Agent", List.of(), "alice", "client.example.org", "csrf", "authz", null,
                List.of("https://mcp.example.com/", "https://tools.example.com/?q=<b>")).render();
        assertTrue(html.contains("<code>https://mcp.example.com/</code>"), html);
        assertTrue(html.contains("https://tools.example.com/?q=&lt;b&gt;"), html);
        assertFalse(html.contains("<b>"), "escaped");
    }

    @Test
    void theDeviceConsentPageListsThemTooAndNeitherSaysAnythingWithout() {
        String device = new DeviceConsentPage("TV", List.of(), "alice", "BCDF-GHJK", "csrf", "decision", null,
                List.of("https://mcp.example.com/")).render();
        assertTrue(device.contains("<code>https://mcp.example.com/</code>"), device);
        assertFalse(new ConsentPage("Agent", List.of(), null, null, "c", "a", null).render().contains("resources"));
    }

    /** draft-ietf-oauth-client-id-metadata-document §6: the host leads, the document's name is a claim. */
    @Test
    void aMetadataDocumentClientIsShownByItsHostWithItsNameAsAClaim() {
        String html = new ConsentPage("agent.example:8443", List.of(), "alice", "agent.example", "csrf", "authz",
                null, List.of(), "Your <Bank>").render();
        assertTrue(html.contains("<h1><strong>agent.example:8443</strong>"), html);
        assertTrue(html.contains("claims to be <strong>&ldquo;Your &lt;Bank&gt;&rdquo;</strong>"), html);
        assertFalse(new ConsentPage("Agent", List.of(), null, null, "c", "a", null).render().contains("claims"));
        String device = new DeviceConsentPage("agent.example", List.of(), "alice", "BCDF-GHJK", "csrf", "decision",
                null, List.of(), "Agent").render();
        assertTrue(device.contains("<h1><strong>agent.example</strong>") && device.contains("claims to be"), device);
    }
}
