package dev.jeton.session;

import dev.jeton.config.LogoutSettings;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ended sessions go after the retention, batch after batch; running sessions never. */
class SessionPurgeTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private final MemorySessionStore store = new MemorySessionStore();
    // kept one day after they ended
    private final SessionPurge purge = new SessionPurge(store, LogoutSettings.from(name -> Optional.ofNullable(
            Map.of(LogoutSettings.RETENTION, "86400").get(name))));

    private void session(String sid, Instant endedAt) {
        store.create(new UserSession(sid, "sub", NOW, "pwd", "acr", NOW, NOW, NOW.plusSeconds(60),
                NOW.plusSeconds(60), null, null, null), "cookie-" + sid);
        store.joinClient(sid, "rp", NOW);
        if (endedAt != null) {
            store.end(sid, endedAt, EndReason.EXPIRED, null);
        }
    }

    @Test
    void endedSessionsPastTheRetentionArePurgedInBatches() {
        int old = SessionPurge.BATCH * 2 + 3;
        for (int i = 0; i < old; i++) {
            session("old-" + i, NOW);
        }
        session("recent", NOW.plusSeconds(3600));
        session("open", null);

        assertEquals(0, purge.run(NOW.plusSeconds(86_400)), "not before the retention is over");
        assertEquals(old, purge.run(NOW.plusSeconds(86_401)));
        assertTrue(store.find("old-0").isEmpty());
        assertTrue(store.clients("old-0").isEmpty());
        assertTrue(store.find("recent").isPresent());
        assertTrue(store.find("open").isPresent(), "a session that never ended is the sweep's, not the purge's");
        assertEquals(1, purge.run(NOW.plusSeconds(86_400 + 3601)));
    }
}
