package dev.jeton.authorize;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pending requests of a browser: random ids, a lifetime, a capacity, single use, bound to the
 * browser, and stored as plain JSON that any node reads back (issue #19).
 */
class PendingAuthorizationsTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final AuthorizationRequest REQUEST = new AuthorizationRequest("web", "https://app/cb", "openid", "s",
            "c".repeat(43), "n", Set.of(Prompt.LOGIN), 60L, "{}", "alice");
    private static final String BROWSER = "browser-hash";

    private final MemoryBrowserStateStore store = new MemoryBrowserStateStore();
    private final PendingAuthorizations pending = new PendingAuthorizations(store);

    @Test
    void eachRequestGetsItsOwnUnguessableId() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            String id = pending.add(BROWSER, REQUEST, NOW).id();
            assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
            ids.add(id);
        }
        assertEquals(10, ids.size());
    }

    @Test
    void requestsExpire() {
        String id = pending.add(BROWSER, REQUEST, NOW).id();
        assertTrue(pending.find(BROWSER, id, NOW.plus(PendingAuthorizations.LIFETIME).minusSeconds(1)).isPresent());
        assertFalse(pending.find(BROWSER, id, NOW.plus(PendingAuthorizations.LIFETIME)).isPresent());
        assertFalse(pending.find(BROWSER, null, NOW).isPresent());
    }

    @Test
    void theOldestGoesWhenFull() {
        String first = pending.add(BROWSER, REQUEST, NOW).id();
        String second = pending.add(BROWSER, REQUEST, NOW.plusMillis(1)).id();
        for (int i = 2; i < PendingAuthorizations.CAPACITY; i++) {
            pending.add(BROWSER, REQUEST, NOW.plusMillis(i));
        }
        pending.add(BROWSER, REQUEST, NOW.plusSeconds(1));
        assertEquals(PendingAuthorizations.CAPACITY, store.size());
        assertFalse(pending.find(BROWSER, first, NOW.plusSeconds(1)).isPresent());
        assertTrue(pending.find(BROWSER, second, NOW.plusSeconds(1)).isPresent());
    }

    @Test
    void aRequestIsFinishedOnceAndOnlyByItsBrowser() {
        String id = pending.add(BROWSER, REQUEST, NOW).id();
        assertFalse(pending.find("another-browser", id, NOW).isPresent(), "an id is worth nothing elsewhere");
        assertFalse(pending.remove("another-browser", id));
        assertTrue(pending.remove(BROWSER, id));
        assertFalse(pending.remove(BROWSER, id));
    }

    @Test
    void updatesKeepTheStepsDone() {
        PendingAuthorization p = pending.add(BROWSER, REQUEST, NOW);
        pending.update(BROWSER, p.signedIn(new SignIn("sub-alice", NOW, "sid-1")));
        pending.update(BROWSER, pending.find(BROWSER, p.id(), NOW).orElseThrow().consented());
        PendingAuthorization now = pending.find(BROWSER, p.id(), NOW).orElseThrow();
        assertEquals(new SignIn("sub-alice", NOW, "sid-1"), now.signedInHere());
        assertTrue(now.consentedHere());
        pending.remove(BROWSER, p.id());
        pending.update(BROWSER, now);
        assertFalse(pending.find(BROWSER, p.id(), NOW).isPresent(), "an update does not bring a finished request back");
    }

    @Test
    void everyFieldOfARequestComesBackFromTheStore() {
        AuthorizationRequest full = new AuthorizationRequest("web", "https://app/cb?x=1", "openid api.read", "st\u00e9",
                "c".repeat(43), "n-1", Set.of(Prompt.LOGIN, Prompt.CONSENT), 0L, "{\"id_token\":{}}", "alice",
                ResponseMode.FORM_POST, "uri-hash", "jkt", List.of("https://r1.example/", "https://r2.example/"));
        PendingAuthorization p = pending.add(BROWSER, full, NOW);
        assertEquals(p, pending.find(BROWSER, p.id(), NOW).orElseThrow());
        AuthorizationRequest bare = new AuthorizationRequest("web", "https://app/cb", "", null, null, null, Set.of(),
                null, null, null);
        PendingAuthorization q = pending.add(BROWSER, bare, NOW);
        assertEquals(q, pending.find(BROWSER, q.id(), NOW).orElseThrow());
        // the implicit flow's response type (OIDC Core §3.2) too: lost, the request became a code flow
        AuthorizationRequest implicit = new AuthorizationRequest("imp", "https://app/cb", "openid", "s", null, "n",
                Set.of(), null, null, null, ResponseMode.FRAGMENT, null, null, List.of(), "id_token token");
        PendingAuthorization r = pending.add(BROWSER, implicit, NOW);
        assertEquals("id_token token", pending.find(BROWSER, r.id(), NOW).orElseThrow().request().responseType());
        assertEquals(r, pending.find(BROWSER, r.id(), NOW).orElseThrow());
    }

    @Test
    void aRenewedBrowserCookieTakesItsRequestsAlongAndASignOutDropsThem() {
        String id = pending.add(BROWSER, REQUEST, NOW).id();
        String activation = pending.addActivation(BROWSER, "BCDFGHJK", NOW);
        pending.move(BROWSER, "renewed");
        assertFalse(pending.find(BROWSER, id, NOW).isPresent());
        assertTrue(pending.find("renewed", id, NOW).isPresent());
        assertEquals("BCDFGHJK", pending.activation("renewed", activation, NOW).orElseThrow());
        pending.forget("renewed");
        assertEquals(0, store.size());
    }

    @Test
    void activationsAreKeptPerBrowserAtMostEight() {
        String first = pending.addActivation(BROWSER, "CODE0000", NOW);
        for (int i = 1; i <= PendingAuthorizations.ACTIVATION_CAPACITY; i++) {
            pending.addActivation(BROWSER, "CODE000" + i, NOW.plusMillis(i));
        }
        assertFalse(pending.activation(BROWSER, first, NOW).isPresent(), "the oldest made room");
        String last = pending.addActivation(BROWSER, "LASTCODE", NOW.plusSeconds(1));
        assertEquals("LASTCODE", pending.activation(BROWSER, last, NOW.plusSeconds(1)).orElseThrow());
        pending.removeActivation(BROWSER, last);
        assertFalse(pending.activation(BROWSER, last, NOW.plusSeconds(1)).isPresent());
    }
}
