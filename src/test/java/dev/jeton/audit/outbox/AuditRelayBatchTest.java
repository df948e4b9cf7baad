package dev.jeton.audit.outbox;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.audit.outbox.AuditEventJson;
import dev.jeton.audit.outbox.AuditOutbox;
import dev.jeton.audit.outbox.AuditRelayBatch;
import dev.jeton.audit.outbox.JmsAuditSender;
import dev.jeton.audit.outbox.PendingAuditEvent;
import jakarta.jms.JMSException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The relay step: events leave the outbox only once they are on the queue, oldest first. */
class AuditRelayBatchTest {

    /** An outbox in memory, in append order. */
    static final class MemoryOutbox implements AuditOutbox {
        final List<PendingAuditEvent> rows = new ArrayList<>();
        private long sequence;

        @Override
        public void append(AuditEvent event) {
            rows.add(new PendingAuditEvent(++sequence, event.id(), event.name().wireValue(), AuditEventJson.write(event),
                    event.time()));
        }

        @Override
        public List<PendingAuditEvent> oldest(int max) {
            return List.copyOf(rows.subList(0, Math.min(max, rows.size())));
        }

        @Override
        public void remove(List<PendingAuditEvent> events) {
            rows.removeAll(events);
        }

        @Override
        public long pendingCount() {
            return rows.size();
        }

        @Override
        public AuditBacklog backlog(Instant staleBefore) {
            return new AuditBacklog(rows.size(), rows.stream().filter(r -> r.recordedAt().isBefore(staleBefore)).count(),
                    rows.stream().map(PendingAuditEvent::recordedAt).min(Instant::compareTo));
        }
    }

    /** A sender that records what it sends, or fails like an unreachable broker. */
    static final class RecordingSender extends JmsAuditSender {
        final List<String> sent = new ArrayList<>();
        boolean brokerDown;

        @Override
        public void send(List<PendingAuditEvent> events) throws JMSException {
            if (brokerDown) {
                throw new JMSException("Connection refused");
            }
            events.forEach(e -> sent.add(e.eventId()));
        }
    }

    private final MemoryOutbox outbox = new MemoryOutbox();
    private final RecordingSender sender = new RecordingSender();
    private final AuditRelayBatch batch = new AuditRelayBatch();

    AuditRelayBatchTest() {
        batch.outbox = outbox;
        batch.sender = sender;
    }

    private List<String> append(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            AuditEvent event = AuditEvent.success(AuditEventName.TOKEN_ISSUED, Instant.EPOCH.plusSeconds(i), "c",
                    "client_credentials", "c", "jti-" + i, "127.0.0.1");
            outbox.append(event);
            ids.add(event.id());
        }
        return ids;
    }

    @Test
    void sendsTheOldestEventsInOrderAndThenForgetsThem() {
        List<String> ids = append(5);

        assertEquals(3, batch.sendOldest(3));
        assertEquals(2, batch.sendOldest(3));
        assertEquals(0, batch.sendOldest(3));

        assertEquals(ids, sender.sent);
        assertEquals(0, outbox.pendingCount());
    }

    @Test
    void anUnreachableBrokerLeavesEveryEventInTheOutbox() {
        List<String> ids = append(4);
        sender.brokerDown = true;

        assertThrows(AuditRelayBatch.AuditDeliveryException.class, () -> batch.sendOldest(10));
        assertEquals(4, outbox.pendingCount());

        sender.brokerDown = false;
        assertEquals(4, batch.sendOldest(10));
        assertEquals(ids, sender.sent, "delivered once the broker is back, in creation order");
    }
}
