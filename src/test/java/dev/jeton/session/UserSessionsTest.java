package dev.jeton.session;

import dev.jeton.config.LogoutSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions as data (issue #18): the cookie names the row, the idle and absolute lifetimes end it, so does end(). */
class UserSessionsTest {

    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");

    private final MemorySessionStore store = new MemorySessionStore();
    // idle 10 minutes, absolute 1 hour
    private final UserSessions sessions = new UserSessions(store, LogoutSettings.from(name -> Optional.ofNullable(
            Map.of(LogoutSettings.SESSION_IDLE_TTL, "600", LogoutSettings.SESSION_MAX_TTL, "3600").get(name))));

    @Test
    void theCookieNamesTheSessionAndIsNotItsSid() {
        UserSessions.Started started = sessions.start("sub-1", T0);
        assertEquals(started.session().sid(), sessions.current(started.cookie(), T0).orElseThrow().sid());
        assertNotEquals(started.session().sid(), started.cookie().value());
        assertTrue(sessions.current(new SessionCookie(started.session().sid()), T0).isEmpty(),
                "a client that knows the sid cannot use it as the cookie");
        assertEquals(started.session().sid().length() >= 22, true);
    }

    @Test
    void useKeepsTheSessionAliveUntilTheIdleLifetimeThenItIsOver() {
        UserSessions.Started started = sessions.start("sub-1", T0);
        Instant t = T0;
        for (int i = 0; i < 5; i++) {
            t = t.plus(Duration.ofMinutes(9));
            assertTrue(sessions.current(started.cookie(), t).isPresent(), "used every 9 minutes: alive at " + t);
        }
        assertTrue(sessions.current(started.cookie(), t.plus(Duration.ofMinutes(10))).isEmpty(),
                "10 minutes unused: over");
    }

    @Test
    void theAbsoluteLifetimeEndsEvenABusySession() {
        UserSessions.Started started = sessions.start("sub-1", T0);
        for (int m = 5; m < 60; m += 5) {
            assertTrue(sessions.current(started.cookie(), T0.plus(Duration.ofMinutes(m))).isPresent());
        }
        assertTrue(sessions.current(started.cookie(), T0.plus(Duration.ofMinutes(60))).isEmpty());
        assertFalse(sessions.active(started.session().sid(), T0.plus(Duration.ofMinutes(60))));
    }

    @Test
    void anEndedSessionIsOverAtOnceAndEndsOnlyOnce() {
        UserSessions.Started started = sessions.start("sub-1", T0);
        assertTrue(store.end(started.session().sid(), T0, EndReason.LOGOUT, "sub-1"));
        assertFalse(store.end(started.session().sid(), T0, EndReason.ADMIN, "admin"), "the first end wins");
        assertTrue(sessions.current(started.cookie(), T0).isEmpty());
        assertFalse(sessions.active(started.session().sid(), T0));
        assertEquals("LOGOUT", store.find(started.session().sid()).orElseThrow().endedReason());
    }

    @Test
    void theSameUserSigningInAgainKeepsTheSidWithANewCookieAndTimeAnotherUserGetsANewSession() {
        UserSessions.Started first = sessions.start("sub-1", T0);
        Instant later = T0.plus(Duration.ofMinutes(5));
        UserSessions.Started again = sessions.start("sub-1", later, Optional.of(first.session().sid()));
        assertEquals(first.session().sid(), again.session().sid(), "prompt=login keeps the session's sid");
        assertEquals(later, again.session().authTime());
        assertTrue(sessions.current(first.cookie(), later).isEmpty(), "the old cookie is spent");
        assertEquals(later, sessions.current(again.cookie(), later).orElseThrow().authTime());

        UserSessions.Started other = sessions.start("sub-2", later, Optional.of(first.session().sid()));
        assertNotEquals(first.session().sid(), other.session().sid());
        store.end(other.session().sid(), later, EndReason.LOGOUT, "sub-2");
        assertNotEquals(other.session().sid(), sessions.start("sub-2", later, Optional.of(other.session().sid()))
                .session().sid(), "an ended session is not renewed");
    }
}
