package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one rule for every endpoint that changes state (token, PAR, registration): the state the
 * core writes (the stores join this JTA transaction) and the audit events of the outcome (written
 * to the outbox by the {@code AuditRecorder}, which observes them while the transaction is in
 * progress) commit together or not at all. So there is never a spent code, a pushed request or a
 * registered client without its audit event, nor an event for a change that did not happen
 * (transactional outbox). Resources call it through {@link StateChanges}, which answers a
 * rollback.
 * <p>
 * The core catches its own faults and answers them as {@code server_error}; when such a fault
 * has already doomed the transaction, or the outcome is one, this rolls it back by throwing
 * {@link RolledBack}: whatever was written before the fault must not commit (a client's retry
 * would meet a spent code or a rotated token and be taken for reuse).
 */
@ApplicationScoped
public class AuditedTransaction {

    @Inject
    Event<AuditEvent> audit;
    @Resource
    TransactionSynchronizationRegistry transactions;

    /**
     * Applies the change and stores its outcome's events; throws when nothing may commit (a
     * fault of ours, or a commit the database refused).
     *
     * @param faulted whether the outcome is a fault the core answered (server_error)
     */
    @Transactional
    public <T> T commit(Supplier<T> change, Function<T, List<AuditEvent>> events, Predicate<T> faulted) {
        T outcome = change.get();
        if (transactions.getRollbackOnly() || faulted.test(outcome)) {
            throw new RolledBack();
        }
        events.apply(outcome).forEach(audit::fire);
        return outcome;
    }

    /** A fault the core answered has doomed the transaction; thrown so that it rolls back. */
    public static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("the request's transaction was marked for rollback", null, false, false);
        }
    }
}
