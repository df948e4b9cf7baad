package dev.jeton.authorize;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consent page's decision without HTTP: what is shown, and what an approval remembers. */
class ConsentDecisionTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final SignIn ALICE = new SignIn("sub-alice", NOW.minusSeconds(60));

    private final AuthorizationFlowTest.Consents store = new AuthorizationFlowTest.Consents();
    private final ConsentDecision consent = new ConsentDecision(store, new ScopeDescriptions(
            name -> Optional.ofNullable(Map.of("jeton.scopes.description.api.read", "Read your data").get(name))));
    private final PendingAuthorization pending = new PendingAuthorization("id", new AuthorizationRequest("web",
            "https://app/cb", "openid api.read", "s", "c".repeat(43), null, Set.of(), null, null, null), NOW, null,
            false);

    @Test
    void theRequestedScopesAreDescribedInTheirOrder() {
        List<ConsentDecision.DescribedScope> shown = consent.describe(pending);
        assertEquals(List.of("openid", "api.read"), shown.stream().map(ConsentDecision.DescribedScope::scope).toList());
        assertEquals("Read your data", shown.get(1).description());
        assertTrue(shown.get(0).description().startsWith("Know who you are"));
    }

    @Test
    void anApprovalIsRememberedForTheUserAndClientAndCountsAsConsentedHere() {
        assertFalse(store.covers("sub-alice", "web", Set.of("openid", "api.read")));
        PendingAuthorization approved = consent.approve(pending, ALICE, NOW);
        assertTrue(approved.consentedHere());
        assertTrue(store.covers("sub-alice", "web", Set.of("openid", "api.read")));
        assertFalse(store.covers("sub-bob", "web", Set.of("openid")), "only for the user who approved");
        assertFalse(store.covers("sub-alice", "other", Set.of("openid")), "only for that client");
    }
}
