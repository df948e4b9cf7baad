package dev.jeton.logout;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientLogout;
import dev.jeton.client.RegisteredClient;
import dev.jeton.grant.MemoryGrantStores;
import dev.jeton.session.MemorySessionStore;
import dev.jeton.session.UserSession;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The expiry sweep ends each expired session once, like a logout, a batch at a time, whatever other nodes do. */
class SessionExpirySweepTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private final MemorySessionStore sessions = new MemorySessionStore();
    private final RecordingOutbox outbox = new RecordingOutbox();
    private final List<BackchannelOutbox.Pending> queued = outbox.queued;
    private final List<AuditEvent> events = new ArrayList<>();

    private SessionExpirySweep node() {
        RegisteredClient rp = new RegisteredClient("rp", "rp", null, ClientAuthMethod.NONE,
                Set.of("authorization_code"), Set.of("openid"), List.of("https://rp.example/cb"), null, null, null,
                true, false, null).withLogout(new ClientLogout(List.of(), "https://rp.example/bc", true, null));
        SessionExpirySweep sweep = new SessionExpirySweep();
        sweep.sessions = sessions;
        sweep.ending = new SessionEnding(sessions, new MemoryGrantStores(),
                id -> Optional.of(rp).filter(c -> c.clientId().equals(id)), outbox);
        sweep.relay = new BackchannelRelay();
        sweep.audit = new CapturedEvents(events);
        sweep.self = sweep;
        return sweep;
    }

    /** A session of the rp, idle for {@code idleSeconds} after NOW, absolute {@code absoluteSeconds}. */
    private void session(String sid, long idleSeconds, long absoluteSeconds) {
        sessions.create(new UserSession(sid, "sub-" + sid, NOW, "pwd", "acr", NOW, NOW,
                NOW.plusSeconds(idleSeconds), NOW.plusSeconds(absoluteSeconds), null, null, null), "cookie-" + sid);
        sessions.joinClient(sid, "rp", NOW);
    }

    @Test
    void expiredSessionsEndWithALogoutTokenAndAnEventAndLiveOnesStay() {
        session("idle", 60, 3600);
        session("old", 3600, 3600);
        session("live", 7200, 7200);
        session("out", 60, 3600);
        sessions.end("out", NOW, dev.jeton.session.EndReason.LOGOUT, "sub-out");

        assertEquals(0, node().sweep(NOW.plusSeconds(59)));
        assertEquals(1, node().sweep(NOW.plusSeconds(60)), "idle lifetime over");
        assertEquals(1, node().sweep(NOW.plusSeconds(3600)), "absolute lifetime over");
        assertEquals(0, node().sweep(NOW.plusSeconds(3601)), "each once");

        assertEquals(List.of("idle", "old"), queued.stream().map(BackchannelOutbox.Pending::sid).toList());
        assertEquals(2, events.size());
        assertTrue(events.stream().allMatch(e -> e.name() == AuditEventName.SESSION_ENDED
                && e.reason().equals("EXPIRED")));
        assertNull(sessions.find("live").orElseThrow().endedAt());
        assertEquals("LOGOUT", sessions.find("out").orElseThrow().endedReason(), "an ended session is left as it is");
    }

    @Test
    void manyExpiredSessionsAreEndedBatchAfterBatchAndTwoNodesEndEachOnce() {
        int count = SessionExpirySweep.BATCH * 2 + 7;
        for (int i = 0; i < count; i++) {
            session("s" + i, 60, 3600);
        }
        SessionExpirySweep first = node();
        SessionExpirySweep second = node();
        int ended = first.sweep(NOW.plusSeconds(60)) + second.sweep(NOW.plusSeconds(60));
        assertEquals(count, ended);
        assertEquals(count, queued.size(), "one logout token per session, not per node");
        assertEquals(count, events.size());
        assertEquals(List.of(), sessions.expiredOpen(NOW.plusSeconds(60), 10));
    }
}
