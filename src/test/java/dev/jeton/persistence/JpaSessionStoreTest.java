package dev.jeton.persistence;

import dev.jeton.grant.family.TokenFamily;
import dev.jeton.logout.BackchannelOutbox;
import dev.jeton.session.EndReason;
import dev.jeton.session.UserSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static dev.jeton.persistence.JpaTestDatabase.inTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions, the session check of the shared revocation query, and the back-channel outbox's leases (issue #18). */
class JpaSessionStoreTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private JpaTestDatabase db;
    private JpaSessionStore sessions;
    private JpaTokenFamilyStore families;
    private JpaBackchannelOutbox outbox;

    @BeforeEach
    void open() {
        db = new JpaTestDatabase();
        sessions = new JpaSessionStore();
        sessions.em = db.newEntityManager();
        families = new JpaTokenFamilyStore();
        families.em = db.newEntityManager();
        outbox = new JpaBackchannelOutbox();
        outbox.em = db.newEntityManager();
        inTransaction(sessions.em, () -> sessions.create(new UserSession("sid-1", "sub-1", NOW, "pwd", "acr", NOW,
                NOW, NOW.plusSeconds(600), NOW.plusSeconds(3600), null, null, null), "cookie-hash-1"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aSessionIsFoundByItsCookieHashJoinedByClientsOnceAndEndedOnce() {
        assertEquals("sid-1", sessions.findByCookieHash("cookie-hash-1").orElseThrow().sid());
        assertTrue(sessions.findByCookieHash("other").isEmpty());
        inTransaction(sessions.em, () -> sessions.joinClient("sid-1", "a", NOW));
        inTransaction(sessions.em, () -> sessions.joinClient("sid-1", "b", NOW.plusSeconds(1)));
        inTransaction(sessions.em, () -> sessions.joinClient("sid-1", "a", NOW.plusSeconds(2)));
        assertEquals(List.of("a", "b"), sessions.clients("sid-1"));
        inTransaction(sessions.em, () -> sessions.touch("sid-1", NOW.plusSeconds(60), NOW.plusSeconds(660)));
        sessions.em.clear();
        assertEquals(NOW.plusSeconds(660), sessions.find("sid-1").orElseThrow().idleExpiresAt());
        assertEquals(1, sessions.openSessionsOf("sub-1").size());

        assertTrue(inTransaction(sessions.em, () -> sessions.end("sid-1", NOW, EndReason.ADMIN, "it-admin")));
        assertFalse(inTransaction(sessions.em, () -> sessions.end("sid-1", NOW, EndReason.LOGOUT, "sub-1")));
        sessions.em.clear();
        UserSession ended = sessions.find("sid-1").orElseThrow();
        assertEquals("ADMIN", ended.endedReason());
        assertEquals("it-admin", ended.endedBy());
        assertTrue(sessions.openSessionsOf("sub-1").isEmpty());
    }

    @Test
    void theAccessTokensOfAnEndedSessionAreRevokedUnlessTheirFamilyOutlivedIt() {
        inTransaction(families.em, () -> {
            families.createFamily(TokenFamily.opened("f-1", "a", "sub-1", "openid", NOW, NOW.plusSeconds(3600))
                    .withSession("sid-1"));
            families.createFamily(TokenFamily.opened("f-2", "b", "sub-1", "openid offline_access", NOW,
                    NOW.plusSeconds(3600)).withSession("sid-1"));
            families.recordAccessToken("at-1", "f-1", NOW.plusSeconds(600));
            families.recordAccessToken("at-2", "f-2", NOW.plusSeconds(600));
        });
        assertFalse(families.isAccessTokenRevoked("at-1"));
        assertEquals(2, families.familiesOfSession("sid-1").size());

        inTransaction(families.em, () -> families.detachFromSession("f-2"));
        inTransaction(sessions.em, () -> sessions.end("sid-1", NOW, EndReason.LOGOUT, "sub-1"));
        families.em.clear();
        assertTrue(families.isAccessTokenRevoked("at-1"), "the session ended");
        assertTrue(families.isAccessTokenRevoked("at-2"), "revoked when its family was detached");
        assertNull(families.findFamily("f-2").orElseThrow().sid());
        // a token recorded later in the detached family (a refresh for offline access) is live
        inTransaction(families.em, () -> families.recordAccessToken("at-3", "f-2", NOW.plusSeconds(900)));
        assertFalse(families.isAccessTokenRevoked("at-3"));
        // one recorded later in a family still naming the ended session (a code redeemed after logout) is not
        inTransaction(families.em, () -> families.recordAccessToken("at-4", "f-1", NOW.plusSeconds(900)));
        assertTrue(families.isAccessTokenRevoked("at-4"));
    }

    @Test
    void aDueDeliveryIsClaimedByOneRelayUntilItsLeaseEnds() {
        inTransaction(outbox.em, () -> outbox.queue(new BackchannelOutbox.Pending("d-1", "jti-1", "a",
                "https://a.example/bc", "sub-1", "sid-1", 0, NOW), NOW));
        assertEquals(List.of("d-1"), outbox.due(NOW, 10).stream().map(BackchannelOutbox.Pending::id).toList());
        JpaBackchannelOutbox otherNode = new JpaBackchannelOutbox();
        otherNode.em = db.newEntityManager();

        assertTrue(inTransaction(outbox.em, () -> outbox.claim("d-1", NOW, NOW.plusSeconds(30))));
        assertFalse(inTransaction(otherNode.em, () -> otherNode.claim("d-1", NOW.plusSeconds(1),
                NOW.plusSeconds(31))), "leased: the other node does not get it");
        assertTrue(otherNode.due(NOW.plusSeconds(1), 10).isEmpty());
        assertTrue(inTransaction(otherNode.em, () -> otherNode.claim("d-1", NOW.plusSeconds(31),
                NOW.plusSeconds(61))), "a lease that ran out (its relay died) is taken over");

        inTransaction(outbox.em, () -> outbox.retryLater("d-1", 1, NOW.plusSeconds(40), "HTTP 503"));
        outbox.em.clear();
        assertTrue(outbox.due(NOW.plusSeconds(39), 10).isEmpty(), "not due before its next attempt");
        BackchannelOutbox.Pending again = outbox.due(NOW.plusSeconds(40), 10).get(0);
        assertEquals(1, again.attempts());
        assertEquals("jti-1", again.jwtId(), "the same jti for every attempt");
        inTransaction(outbox.em, () -> outbox.remove("d-1"));
        assertTrue(outbox.due(NOW.plusSeconds(3600), 10).isEmpty());
    }

    @Test
    void anExpiredSessionIsFoundByTheSweepAndEndedByOneNodeOnly() {
        // sid-1: idle expiry NOW+600, absolute NOW+3600; sid-2 is past its absolute lifetime only at NOW+7200
        inTransaction(sessions.em, () -> sessions.create(new UserSession("sid-2", "sub-2", NOW, "pwd", "acr", NOW,
                NOW, NOW.plusSeconds(7200), NOW.plusSeconds(7200), null, null, null), "cookie-hash-2"));
        assertEquals(List.of(), sessions.expiredOpen(NOW.plusSeconds(599), 10));
        assertFalse(inTransaction(sessions.em, () -> sessions.endExpired("sid-1", NOW.plusSeconds(599))),
                "a live session is not ended by the sweep");
        assertEquals(List.of("sid-1"), sessions.expiredOpen(NOW.plusSeconds(600), 10));
        assertEquals(List.of("sid-1", "sid-2"), sessions.expiredOpen(NOW.plusSeconds(7200), 10));
        assertEquals(List.of("sid-1"), sessions.expiredOpen(NOW.plusSeconds(7200), 1));

        JpaSessionStore otherNode = new JpaSessionStore();
        otherNode.em = db.newEntityManager();
        assertTrue(inTransaction(sessions.em, () -> sessions.endExpired("sid-1", NOW.plusSeconds(700))));
        assertFalse(inTransaction(otherNode.em, () -> otherNode.endExpired("sid-1", NOW.plusSeconds(701))),
                "claimed: the other node's sweep does not end it again");
        sessions.em.clear();
        UserSession ended = sessions.find("sid-1").orElseThrow();
        assertEquals("EXPIRED", ended.endedReason());
        assertEquals(NOW.plusSeconds(700), ended.endedAt());
        assertNull(ended.endedBy());
        assertEquals(List.of("sid-2"), sessions.expiredOpen(NOW.plusSeconds(7200), 10));
        // a session that was ended by a logout is no longer the sweep's
        inTransaction(sessions.em, () -> sessions.end("sid-2", NOW.plusSeconds(800), EndReason.LOGOUT, "sub-2"));
        assertFalse(inTransaction(sessions.em, () -> sessions.endExpired("sid-2", NOW.plusSeconds(7200))));
        assertEquals(List.of(), sessions.expiredOpen(NOW.plusSeconds(7200), 10));
    }

    @Test
    void endedSessionsArePurgedWithTheirClientRowsAfterTheRetentionInBatches() {
        inTransaction(sessions.em, () -> {
            sessions.create(new UserSession("sid-2", "sub-1", NOW, "pwd", "acr", NOW, NOW, NOW.plusSeconds(600),
                    NOW.plusSeconds(3600), null, null, null), "cookie-hash-2");
            sessions.create(new UserSession("sid-3", "sub-1", NOW, "pwd", "acr", NOW, NOW, NOW.plusSeconds(600),
                    NOW.plusSeconds(3600), null, null, null), "cookie-hash-3");
        });
        inTransaction(sessions.em, () -> sessions.joinClient("sid-1", "a", NOW));
        inTransaction(sessions.em, () -> sessions.joinClient("sid-2", "a", NOW));
        inTransaction(sessions.em, () -> sessions.end("sid-1", NOW.plusSeconds(10), EndReason.LOGOUT, "sub-1"));
        inTransaction(sessions.em, () -> sessions.end("sid-2", NOW.plusSeconds(20), EndReason.ADMIN, "admin"));

        assertEquals(0, inTransaction(sessions.em, () -> sessions.purgeEnded(NOW.plusSeconds(10), 10)),
                "ended at the cutoff itself: kept");
        assertEquals(1, inTransaction(sessions.em, () -> sessions.purgeEnded(NOW.plusSeconds(100), 1)),
                "one batch of one");
        sessions.em.clear();
        assertTrue(sessions.find("sid-1").isEmpty(), "the session that ended first goes first");
        assertEquals(List.of(), sessions.clients("sid-1"), "with the clients it was used for");
        assertEquals(List.of("a"), sessions.clients("sid-2"));
        assertEquals(1, inTransaction(sessions.em, () -> sessions.purgeEnded(NOW.plusSeconds(100), 10)));
        assertEquals(0, inTransaction(sessions.em, () -> sessions.purgeEnded(NOW.plusSeconds(100), 10)));
        sessions.em.clear();
        assertEquals(List.of(), sessions.clients("sid-2"));
        assertTrue(sessions.find("sid-3").isPresent(), "a session that has not ended is never purged");
    }
}
