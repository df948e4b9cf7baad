package dev.jeton.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Observes every audit event the web layer fires: stores it in the outbox, then asks the relay
 * to send it. The request does not wait for the broker, and a broker outage loses nothing.
 */
@ApplicationScoped
public class AuditRecorder {

    private static final Logger LOG = Logger.getLogger(AuditRecorder.class.getName());

    @Inject
    AuditOutbox outbox;
    @Inject
    AuditRelay relay;

    void record(@Observes AuditEvent event) {
        try {
            outbox.append(event);
        } catch (RuntimeException e) {
            // the database is gone too: the log is the last place the event can be kept (it holds no secret)
            LOG.log(Level.SEVERE, "audit event could not be stored (" + e.getClass().getSimpleName() + "): "
                    + AuditEventJson.write(event));
            return;
        }
        relay.kick();
    }
}
