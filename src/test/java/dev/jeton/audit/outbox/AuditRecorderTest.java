package dev.jeton.audit.outbox;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.audit.outbox.AuditOutbox;
import dev.jeton.audit.outbox.AuditRecorder;
import dev.jeton.audit.outbox.AuditRelay;
import dev.jeton.audit.outbox.PendingAuditEvent;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Inside the request's transaction an outbox failure must fail the transaction (no grant state
 * without its event); outside one (a refusal before the core) the event goes to the log instead.
 */
class AuditRecorderTest {

    private static final AuditEvent EVENT = AuditEvent.success(AuditEventName.TOKEN_ISSUED,
            Instant.parse("2026-11-22T12:00:00Z"), "client", "client_credentials", "client", "jti", "127.0.0.1");

    static final class Outbox implements AuditOutbox {
        final List<AuditEvent> stored = new ArrayList<>();
        boolean broken;

        @Override
        public void append(AuditEvent event) {
            if (broken) {
                throw new IllegalStateException("database gone");
            }
            stored.add(event);
        }

        @Override
        public List<PendingAuditEvent> oldest(int max) {
            return List.of();
        }

        @Override
        public void remove(List<PendingAuditEvent> events) {
        }

        @Override
        public long pendingCount() {
            return stored.size();
        }

        @Override
        public AuditBacklog backlog(Instant staleBefore) {
            return AuditBacklog.EMPTY;
        }
    }

    static final class Relay extends AuditRelay {
        int kicks;

        @Override
        public void kick() {
            kicks++;
        }
    }

    private static TransactionSynchronizationRegistry transaction(int status) {
        return new TransactionSynchronizationRegistry() {
            public Object getTransactionKey() { return status == Status.STATUS_NO_TRANSACTION ? null : "tx"; }
            public void putResource(Object key, Object value) { }
            public Object getResource(Object key) { return null; }
            public void registerInterposedSynchronization(Synchronization sync) { }
            public int getTransactionStatus() { return status; }
            public void setRollbackOnly() { }
            public boolean getRollbackOnly() { return false; }
        };
    }

    private static AuditRecorder recorder(Outbox outbox, Relay relay, int status) {
        AuditRecorder recorder = new AuditRecorder();
        recorder.outbox = outbox;
        recorder.relay = relay;
        recorder.transactions = transaction(status);
        return recorder;
    }

    @Test
    void inTheRequestsTransactionTheEventIsStoredAndAFailureFailsTheTransaction() {
        Outbox outbox = new Outbox();
        Relay relay = new Relay();
        AuditRecorder recorder = recorder(outbox, relay, Status.STATUS_ACTIVE);
        recorder.record(EVENT);
        assertEquals(List.of(EVENT), outbox.stored);
        assertEquals(0, relay.kicks, "nothing is sent before the commit");

        outbox.broken = true;
        assertThrows(IllegalStateException.class, () -> recorder.record(EVENT));
    }

    @Test
    void withoutATransactionAFailureIsLoggedNotThrown() {
        Outbox outbox = new Outbox();
        outbox.broken = true;
        AuditRecorder recorder = recorder(outbox, new Relay(), Status.STATUS_NO_TRANSACTION);
        assertDoesNotThrow(() -> recorder.record(EVENT));
    }
}
