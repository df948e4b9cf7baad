package dev.jeton.logout;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.config.LogoutSettings;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the relay records after each attempt: delivered, tried again later, or given up and audited. */
class BackchannelAttemptTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private final RecordingOutbox outbox = new RecordingOutbox();
    private final List<String> removed = outbox.removed;
    private final List<Object[]> retried = outbox.retried;
    private final List<AuditEvent> events = new ArrayList<>();
    private final BackchannelAttempt attempt = new BackchannelAttempt();

    BackchannelAttemptTest() {
        attempt.outbox = outbox;
        // 1 s, doubling, at most 4 s, 3 attempts
        attempt.logout = LogoutSettings.from(name -> Optional.ofNullable(Map.of(
                LogoutSettings.RETRY_INITIAL, "1", LogoutSettings.RETRY_MAX, "4",
                LogoutSettings.MAX_ATTEMPTS, "3").get(name)));
        attempt.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        attempt.keys = () -> {
            throw new AssertionError("no token is signed in these tests");
        };
        attempt.audit = new CapturedEvents(events);
        attempt.init();
    }

    private static BackchannelOutbox.Pending pending(int attempts) {
        return new BackchannelOutbox.Pending("d-1", "jti-1", "client-1", "https://rp.example/bc", "sub-1", "sid-1",
                attempts, NOW.minusSeconds(10));
    }

    private static BackchannelDelivery.Outcome outcome(BackchannelDelivery.Result result, String detail) {
        return new BackchannelDelivery.Outcome(result, detail);
    }

    @Test
    void aDeliveredTokenLeavesTheOutboxAndIsAudited() {
        attempt.record(pending(0), outcome(BackchannelDelivery.Result.DELIVERED, "http_200"));
        assertEquals(List.of("d-1"), removed);
        assertEquals(AuditEventName.BACKCHANNEL_LOGOUT_DELIVERED, events.get(0).name());
        assertEquals("sid-1", events.get(0).sessionId());
        assertEquals("jti-1", events.get(0).tokenId());
    }

    @Test
    void aFailureIsTriedAgainWithBackOffUntilTheLastAttemptThenAuditedOnce() {
        attempt.record(pending(0), outcome(BackchannelDelivery.Result.RETRY, "connect_failed"));
        attempt.record(pending(1), outcome(BackchannelDelivery.Result.RETRY, "http_503"));
        assertEquals(2, retried.size());
        assertEquals(NOW.plusSeconds(1), retried.get(0)[2]);
        assertEquals(NOW.plusSeconds(2), retried.get(1)[2]);
        assertEquals(2, retried.get(1)[1]);
        assertTrue(events.isEmpty(), "no event while it is still being tried");

        attempt.record(pending(2), outcome(BackchannelDelivery.Result.RETRY, "http_503"));
        assertEquals(List.of("d-1"), removed);
        assertEquals(AuditEventName.BACKCHANNEL_LOGOUT_FAILED, events.get(0).name());
        assertEquals("HTTP_503_AFTER_3", events.get(0).reason());
    }

    @Test
    void aRefusalIsFinalAtOnce() {
        attempt.record(pending(0), outcome(BackchannelDelivery.Result.REFUSED, "not_https"));
        assertTrue(retried.isEmpty());
        assertEquals(List.of("d-1"), removed);
        assertEquals("NOT_HTTPS_AFTER_1", events.get(0).reason());
    }
}
