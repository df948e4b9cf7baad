package dev.jeton.audit.outbox;

import dev.jeton.audit.outbox.AuditOutbox;
import dev.jeton.metrics.JetonMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.transaction.Transactional;

import javax.naming.NamingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One relay step in one database transaction: the oldest pending events are locked, sent to the
 * queue (the broker stores them before the send returns; the send is not part of this transaction,
 * see {@link JmsAuditSender}) and then leave the outbox. If the broker refuses, the transaction
 * rolls back and the events stay, in order, for the next attempt. A crash after the send and
 * before the commit sends the events again; consumers deduplicate by {@code event_id}.
 */
@ApplicationScoped
public class AuditRelayBatch {

    @Inject
    AuditOutbox outbox;
    @Inject
    JmsAuditSender sender;
    /** Injected on the server; tests of the relay's logic leave these defaults. */
    @Inject
    JetonMetrics metrics = JetonMetrics.NONE;
    @Inject
    Clock clock = Clock.systemUTC();

    /** Sends up to {@code max} events; returns how many. */
    @Transactional
    public int sendOldest(int max) {
        List<PendingAuditEvent> events = outbox.oldest(max);
        if (events.isEmpty()) {
            return 0;
        }
        try {
            sender.send(events);
        } catch (JMSException | NamingException e) {
            throw new AuditDeliveryException(e);
        }
        Instant delivered = clock.instant();
        for (PendingAuditEvent event : events) {
            metrics.auditDelivered(Duration.between(event.recordedAt(), delivered));
        }
        outbox.remove(events);
        return events.size();
    }

    /** The queue cannot be reached; unchecked so that the transaction rolls back. */
    public static class AuditDeliveryException extends RuntimeException {
        AuditDeliveryException(Throwable cause) {
            super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        }
    }
}
