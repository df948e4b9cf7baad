package dev.jeton.logout;

import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientLogout;
import dev.jeton.client.RegisteredClient;
import dev.jeton.grant.MemoryGrantStores;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.session.EndReason;
import dev.jeton.session.MemorySessionStore;
import dev.jeton.session.UserSession;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What ending a session does: once, revoking or detaching its families per client, queueing logout tokens. */
class SessionEndingTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private final MemorySessionStore sessions = new MemorySessionStore();
    private final MemoryGrantStores families = new MemoryGrantStores();
    private final RecordingOutbox outbox = new RecordingOutbox();
    private final List<BackchannelOutbox.Pending> queued = outbox.queued;

    private static RegisteredClient client(String id, boolean firstParty, ClientLogout logout) {
        return new RegisteredClient(id, id, null, ClientAuthMethod.NONE, Set.of("authorization_code", "refresh_token"),
                Set.of("openid", "offline_access"), List.of("https://" + id + ".example/cb"), null, null, null, true,
                firstParty, null).withLogout(logout);
    }

    private final Map<String, RegisteredClient> clients = Map.of(
            // third party, back-channel: its refresh tokens go by default
            "third", client("third", false, new ClientLogout(List.of(), "https://third.example/bc", true, null)),
            // first party that keeps offline access, no back-channel
            "own", client("own", true, new ClientLogout(List.of(), null, false, false)));
    private final SessionEnding ending = new SessionEnding(sessions, families, id -> Optional.ofNullable(
            clients.get(id)), outbox);

    private void session(String sid) {
        sessions.create(new UserSession(sid, "sub-1", NOW, "pwd", "acr", NOW, NOW, NOW.plusSeconds(600),
                NOW.plusSeconds(3600), null, null, null), "cookie-" + sid);
    }

    private void family(String id, String clientId, String scope, String sid) {
        families.createFamily(TokenFamily.opened(id, clientId, "sub-1", scope, NOW, NOW.plusSeconds(3600))
                .withSession(sid));
        families.recordAccessToken("at-" + id, id, NOW.plusSeconds(600));
        sessions.joinClient(sid, clientId, NOW);
    }

    @Test
    void endingASessionRevokesPerPolicyQueuesLogoutTokensAndIsAudited() {
        session("sid-1");
        family("f-third", "third", "openid offline_access", "sid-1");
        family("f-own", "own", "openid offline_access", "sid-1");
        family("f-own-online", "own", "openid", "sid-1");

        SessionEnding.Ended ended = ending.end("sid-1", new SessionEnding.Actor(EndReason.LOGOUT, "sub-1", "third",
                "192.0.2.1"), NOW).orElseThrow();

        assertEquals(2, ended.familiesRevoked());
        assertEquals(1, ended.familiesKept());
        assertTrue(families.revokedFamilies.containsAll(Set.of("f-third", "f-own-online")));
        assertFalse(families.revokedFamilies.contains("f-own"), "offline access kept for the first-party client");
        assertNull(families.findFamily("f-own").orElseThrow().sid(), "the kept family no longer names the session");
        for (String f : List.of("f-third", "f-own", "f-own-online")) {
            assertTrue(families.isAccessTokenRevoked("at-" + f), "every access token of the session is over: " + f);
        }
        assertEquals(List.of("third"), ended.notified());
        BackchannelOutbox.Pending token = queued.get(0);
        assertEquals("https://third.example/bc", token.uri());
        assertEquals("sid-1", token.sid());
        assertEquals("sub-1", token.subject());
        assertEquals(AuditEventName.SESSION_ENDED, ended.events().get(0).name());
        assertEquals("LOGOUT", ended.events().get(0).reason());
        assertEquals("sid-1", ended.events().get(0).sessionId());
    }

    @Test
    void aSessionEndsOnceAndEndAllEndsEveryOpenOne() {
        session("sid-1");
        session("sid-2");
        family("f1", "third", "openid", "sid-1");
        family("f2", "third", "openid", "sid-2");
        SessionEnding.Actor admin = new SessionEnding.Actor(EndReason.ADMIN, "it-admin", "it-admin", null);
        assertTrue(ending.end("sid-1", admin, NOW).isPresent());
        assertTrue(ending.end("sid-1", admin, NOW).isEmpty(), "already ended: nothing more is done");
        assertEquals(1, queued.size());
        assertEquals(1, ending.endAll("sub-1", admin, NOW).size(), "only sid-2 was still open");
        assertEquals(2, queued.size());
        assertEquals("ADMIN", sessions.find("sid-2").orElseThrow().endedReason());
        assertEquals("it-admin", sessions.find("sid-2").orElseThrow().endedBy());
        assertTrue(ending.end("no-such-sid", admin, NOW).isEmpty());
    }

    @Test
    void anExpiredSessionEndsLikeALogoutOnceAndALiveOneDoesNot() {
        session("sid-1");   // idle expiry NOW+600 s
        family("f-third", "third", "openid offline_access", "sid-1");
        family("f-own", "own", "openid offline_access", "sid-1");
        assertTrue(ending.expire("sid-1", NOW.plusSeconds(599)).isEmpty(), "still active");
        assertTrue(queued.isEmpty());

        SessionEnding.Ended ended = ending.expire("sid-1", NOW.plusSeconds(600)).orElseThrow();
        assertEquals(1, ended.familiesRevoked(), "the third party's refresh tokens go, as at a logout");
        assertEquals(1, ended.familiesKept(), "the first party's offline access stays, as at a logout");
        assertEquals(List.of("third"), ended.notified());
        assertEquals("sid-1", queued.get(0).sid());
        assertEquals(AuditEventName.SESSION_ENDED, ended.events().get(0).name());
        assertEquals("EXPIRED", ended.events().get(0).reason());
        assertNull(ended.events().get(0).clientId());
        assertEquals("EXPIRED", sessions.find("sid-1").orElseThrow().endedReason());
        assertTrue(ending.expire("sid-1", NOW.plusSeconds(601)).isEmpty(), "ended once");
        assertEquals(1, queued.size());
    }
}
