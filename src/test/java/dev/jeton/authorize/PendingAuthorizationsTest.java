package dev.jeton.authorize;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pending requests of a browser session: random ids, a lifetime, a capacity, single use. */
class PendingAuthorizationsTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final AuthorizationRequest REQUEST = new AuthorizationRequest("web", "https://app/cb", "openid", "s",
            "c".repeat(43), "n", Set.of(Prompt.LOGIN), 60L, "{}", "alice");

    private final PendingAuthorizations pending = new PendingAuthorizations();

    @Test
    void eachRequestGetsItsOwnUnguessableId() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            String id = pending.add(REQUEST, NOW).id();
            assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
            ids.add(id);
        }
        assertEquals(10, ids.size());
    }

    @Test
    void requestsExpire() {
        String id = pending.add(REQUEST, NOW).id();
        assertTrue(pending.find(id, NOW.plus(PendingAuthorizations.LIFETIME)).isPresent());
        assertFalse(pending.find(id, NOW.plus(PendingAuthorizations.LIFETIME).plusSeconds(1)).isPresent());
        assertFalse(pending.find(null, NOW).isPresent());
    }

    @Test
    void theOldestGoesWhenFull() {
        String first = pending.add(REQUEST, NOW).id();
        String second = pending.add(REQUEST, NOW).id();
        for (int i = 2; i < PendingAuthorizations.CAPACITY; i++) {
            pending.add(REQUEST, NOW);
        }
        pending.add(REQUEST, NOW);
        assertEquals(PendingAuthorizations.CAPACITY, pending.size());
        assertFalse(pending.find(first, NOW).isPresent());
        assertTrue(pending.find(second, NOW).isPresent());
    }

    @Test
    void aRequestIsFinishedOnce() {
        String id = pending.add(REQUEST, NOW).id();
        assertTrue(pending.remove(id));
        assertFalse(pending.remove(id));
    }

    @Test
    void updatesKeepTheStepsDone() {
        PendingAuthorization p = pending.add(REQUEST, NOW);
        pending.update(p.signedIn(new SignIn("sub-alice", NOW)));
        pending.update(pending.find(p.id(), NOW).orElseThrow().consented());
        PendingAuthorization now = pending.find(p.id(), NOW).orElseThrow();
        assertTrue(new SignIn("sub-alice", NOW).equals(now.signedInHere()) && now.consentedHere());
        pending.remove(p.id());
        pending.update(now);
        assertFalse(pending.find(p.id(), NOW).isPresent(), "an update does not bring a finished request back");
    }

    @Test
    void theSessionContentSurvivesSerialization() throws Exception {
        PendingAuthorization p = pending.add(REQUEST, NOW);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(pending);
            out.writeObject(new SignIn("sub", NOW));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            PendingAuthorizations copy = (PendingAuthorizations) in.readObject();
            assertEquals(p, copy.find(p.id(), NOW).orElseThrow());
            assertEquals(new SignIn("sub", NOW), in.readObject());
        }
    }
}
