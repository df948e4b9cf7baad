package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How a resource makes a state change: in one {@link AuditedTransaction}, and when that rolls
 * back, nothing of the request was stored and nothing built in it may go out: the caller gets
 * the endpoint's plain server_error, whose events are recorded on their own (if the database is
 * down too, the audit recorder writes them to the log).
 */
@ApplicationScoped
public class StateChanges {

    private static final Logger LOG = Logger.getLogger(StateChanges.class.getName());

    @Inject
    AuditedTransaction transaction;
    @Inject
    Event<AuditEvent> audit;

    /**
     * @param fault the answer when the transaction rolled back (a server_error and its denial event)
     */
    public <T> T commit(Supplier<T> change, Function<T, List<AuditEvent>> events, Predicate<T> faulted,
                        Supplier<T> fault) {
        try {
            return transaction.commit(change, events, faulted);
        } catch (RuntimeException e) {
            if (!(e instanceof AuditedTransaction.RolledBack)) {
                // the core logged its own faults; this one came from a store, the commit or the outbox
                LOG.log(Level.SEVERE, "state change rolled back: " + rootCause(e));
            }
            T answer = fault.get();
            events.apply(answer).forEach(audit::fire);
            return answer;
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
