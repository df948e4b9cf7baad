package dev.jeton.audit.outbox;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.outbox.AuditOutbox;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Observes every audit event the web layer fires. While the event's transaction is in progress
 * it stores the event in the outbox, in that same transaction: the event commits with the grant
 * state it describes, or neither does. Once the transaction has committed, it asks the relay to
 * send (off the request thread). The request never waits for the broker, and a broker outage or
 * a restart loses nothing.
 */
@ApplicationScoped
public class AuditRecorder {

    private static final Logger LOG = Logger.getLogger(AuditRecorder.class.getName());

    @Inject
    AuditOutbox outbox;
    @Inject
    AuditRelay relay;
    @Resource
    TransactionSynchronizationRegistry transactions;

    void record(@Observes @Priority(Interceptor.Priority.APPLICATION) AuditEvent event) {
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            // part of the caller's transaction: a failure here must roll back the grant state too
            outbox.append(event);
            return;
        }
        try {
            outbox.append(event);
        } catch (RuntimeException e) {
            // the database is gone too: the log is the last place the event can be kept (it holds no secret)
            LOG.log(Level.SEVERE, "audit event could not be stored (" + e.getClass().getSimpleName() + "): "
                    + AuditEventJson.write(event));
        }
    }

    /** Without a transaction this runs at once, after {@link #record} (the priority orders them). */
    void relayAfterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS)
                          @Priority(Interceptor.Priority.APPLICATION + 100) AuditEvent event) {
        relay.kick();
    }
}
