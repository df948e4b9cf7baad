package dev.jeton.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.transaction.Transactional;

import javax.naming.NamingException;
import java.util.List;

/**
 * One relay step in one JTA transaction: the oldest pending events go on the queue and leave the
 * outbox together. If the broker refuses, the transaction rolls back and the events stay, in
 * order, for the next attempt. A crash between the broker's commit and the database's can send
 * an event twice; consumers deduplicate by {@code event_id}.
 */
@ApplicationScoped
public class AuditRelayBatch {

    @Inject
    AuditOutbox outbox;
    @Inject
    JmsAuditSender sender;

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
