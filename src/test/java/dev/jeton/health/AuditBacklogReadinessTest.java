package dev.jeton.health;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.audit.outbox.AuditBacklog;
import dev.jeton.audit.outbox.JpaAuditOutbox;
import dev.jeton.audit.outbox.JpaOutboxes;
import dev.jeton.config.HealthSettings;
import dev.jeton.persistence.JpaTestDatabase;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit backlog readiness check on the real outbox table (Hibernate over H2). */
class AuditBacklogReadinessTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final JpaTestDatabase database = new JpaTestDatabase();
    private final EntityManager em = database.newEntityManager();
    private final JpaAuditOutbox outbox = JpaOutboxes.over(em);
    private final AuditBacklogReadiness check = new AuditBacklogReadiness();

    AuditBacklogReadinessTest() {
        check.outbox = outbox;
        check.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        check.settings = new HealthSettings(Duration.ofSeconds(300), Duration.ofSeconds(2));
    }

    @AfterEach
    void close() {
        database.close();
    }

    private void recordAt(Instant time) {
        JpaTestDatabase.inTransaction(em, () -> outbox.append(AuditEvent.success(AuditEventName.TOKEN_ISSUED, time,
                "c", "client_credentials", "c", "jti", "127.0.0.1")));
    }

    @Test
    void anEmptyOutboxIsUp() {
        HealthCheckResponse response = check.call();
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertEquals("jeton-audit-outbox", response.getName());
        Map<String, Object> data = response.getData().orElseThrow();
        assertEquals(0L, data.get("pending"));
        assertEquals(0L, data.get("oldest_age_seconds"));
        assertEquals(300L, data.get("max_age_seconds"));
    }

    @Test
    void eventsYoungerThanTheMaximumAgeAreUp() {
        recordAt(NOW.minusSeconds(5));
        recordAt(NOW.minusSeconds(299));
        HealthCheckResponse response = check.call();
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        Map<String, Object> data = response.getData().orElseThrow();
        assertEquals(2L, data.get("pending"));
        assertEquals(0L, data.get("older_than_max_age"));
        assertEquals(299L, data.get("oldest_age_seconds"));
    }

    @Test
    void anEventOlderThanTheMaximumAgeMakesReadinessDown() {
        recordAt(NOW.minusSeconds(2));
        recordAt(NOW.minusSeconds(301));
        recordAt(NOW.minusSeconds(3600));
        HealthCheckResponse response = check.call();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        Map<String, Object> data = response.getData().orElseThrow();
        assertEquals(3L, data.get("pending"));
        assertEquals(2L, data.get("older_than_max_age"));
        assertEquals(3600L, data.get("oldest_age_seconds"));
    }

    @Test
    void theBacklogQueryCountsAndFindsTheOldest() {
        recordAt(NOW.minusSeconds(10));
        recordAt(NOW.minusSeconds(20));
        AuditBacklog backlog = outbox.backlog(NOW.minusSeconds(15));
        assertEquals(2, backlog.pending());
        assertEquals(1, backlog.stale());
        assertEquals(NOW.minusSeconds(20), backlog.oldest().orElseThrow());
    }

    @Test
    void withoutAMaximumAgeTheBacklogIsReportedButNeverDown() {
        HealthSettings never = new HealthSettings(Duration.ZERO, Duration.ofSeconds(2));
        HealthCheckResponse response = AuditBacklogReadiness.check(new AuditBacklog(7, 7,
                Optional.of(NOW.minusSeconds(86_400))), NOW, never);
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertEquals(86_400L, response.getData().orElseThrow().get("oldest_age_seconds"));
        assertTrue(response.getData().orElseThrow().containsKey("pending"));
    }

    @Test
    void anUnreadableOutboxIsDown() {
        em.close();
        HealthCheckResponse response = check.call();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertTrue(String.valueOf(response.getData().orElseThrow().get("error")).startsWith("the outbox cannot be read"));
    }
}
