package dev.jeton.web.pages;

import dev.jeton.client.ClientLinks;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's logo and links on the sign-in and consent pages (OIDC Registration §2), escaped. */
class ClientLinksPagesTest {

    private static final ClientLinks LINKS = new ClientLinks("https://rp.example.com/logo.png?a=1&b=2",
            "https://rp.example.com/", "https://rp.example.com/privacy", "https://rp.example.com/tos?x='y'");

    private static void assertShown(String html) {
        assertTrue(html.contains("<img class=\"logo\" src=\"https://rp.example.com/logo.png?a=1&amp;b=2\" "
                + "alt=\"Shop &lt;&amp;&gt;\">"), html);
        assertTrue(html.contains("<a href=\"https://rp.example.com/privacy\" rel=\"noopener noreferrer\" "
                + "target=\"_blank\">Privacy policy</a>"), html);
        assertTrue(html.contains("<a href=\"https://rp.example.com/tos?x=&#39;y&#39;\" rel=\"noopener noreferrer\" "
                + "target=\"_blank\">Terms of service</a>"), html);
        assertTrue(html.contains("<a href=\"https://rp.example.com/\" rel=\"noopener noreferrer\" "
                + "target=\"_blank\">Home page</a>"), html);
    }

    @Test
    void theSignInPageShowsThem() {
        assertShown(new LoginPage("Shop <&>", null, "csrf", "authz", null, true, LINKS).render());
    }

    @Test
    void theConsentPageShowsThem() {
        assertShown(new ConsentPage("Shop <&>", List.of(), "alice", "rp.example.com", "csrf", "authz", null,
                List.of(), null, LINKS).render());
    }

    @Test
    void withoutLinksNothingIsShownAndOnlyTheOnesRegistered() {
        String none = new LoginPage("Shop", null, "csrf", "authz", null, true).render();
        assertFalse(none.contains("<img") || none.contains("noopener"), none);
        String policyOnly = new ConsentPage("Shop", List.of(), "alice", null, "c", "a", null, List.of(), null,
                new ClientLinks(null, null, "https://rp.example.com/privacy", null)).render();
        assertTrue(policyOnly.contains(">Privacy policy</a>"), policyOnly);
        assertFalse(policyOnly.contains("<img") || policyOnly.contains("Terms of service")
                || policyOnly.contains("Home page"), policyOnly);
    }
}
