package dev.jeton.audit.outbox;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.persistence.JpaTestDatabase;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox's plain-JDBC append (issue #13) on the real table: order, contents, and all-or-nothing. */
class JpaAuditOutboxTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private final JpaTestDatabase database = new JpaTestDatabase();
    private final EntityManager em = database.newEntityManager();
    private final JpaAuditOutbox outbox = JpaOutboxes.over(em);

    @AfterEach
    void close() {
        database.close();
    }

    private static AuditEvent issued(String jti, Instant time) {
        return AuditEvent.success(AuditEventName.TOKEN_ISSUED, time, "svc", "client_credentials", "svc", jti, "127.0.0.1");
    }

    @Test
    void eventsAreReadBackInAppendOrderWithWhatWasWritten() {
        AuditEvent first = issued("a", NOW);
        AuditEvent second = issued("b", NOW.plusSeconds(1));
        JpaTestDatabase.inTransaction(em, () -> outbox.append(first));
        JpaTestDatabase.inTransaction(em, () -> outbox.append(second));

        List<PendingAuditEvent> pending = JpaTestDatabase.inTransaction(em, () -> outbox.oldest(10));

        assertEquals(List.of(first.id(), second.id()), pending.stream().map(PendingAuditEvent::eventId).toList());
        assertTrue(pending.get(0).sequence() < pending.get(1).sequence());
        assertEquals("token_issued", pending.get(0).name());
        assertEquals(AuditEventJson.write(first), pending.get(0).json());
        assertEquals(NOW, pending.get(0).recordedAt());
        assertEquals(2, outbox.pendingCount());
    }

    @Test
    void anEventAppendedInATransactionThatRollsBackIsNotKept() {
        assertThrows(IllegalStateException.class, () -> JpaTestDatabase.inTransaction(em, () -> {
            outbox.append(issued("a", NOW));
            throw new IllegalStateException("the grant failed after its event was appended");
        }));

        assertEquals(0, outbox.pendingCount());
    }

    @Test
    void sentEventsAreRemoved() {
        JpaTestDatabase.inTransaction(em, () -> outbox.append(issued("a", NOW)));
        JpaTestDatabase.inTransaction(em, () -> outbox.remove(outbox.oldest(10)));

        assertEquals(0, outbox.pendingCount());
    }
}
