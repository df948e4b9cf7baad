package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.token.TokenEndpoint;
import dev.jeton.token.TokenOutcome;
import dev.jeton.token.TokenRequest;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

/**
 * One token request in one JTA transaction: the grant state the handler writes (the stores join
 * this transaction) and the audit events of the outcome (written to the outbox by the
 * {@code AuditRecorder}, which observes them while the transaction is in progress) commit
 * together or not at all. So there is never a spent code or a rotated refresh token without its
 * audit event, nor an event for a grant that did not happen (transactional outbox).
 * <p>
 * The core catches its own faults and answers them as {@code server_error}; when such a fault
 * has already doomed the transaction, this rolls it back by throwing {@link RolledBack}, and the
 * resource records the denial on its own.
 */
@ApplicationScoped
public class TokenTransaction {

    @Inject
    TokenEndpoint endpoint;
    @Inject
    Event<AuditEvent> audit;
    @Resource
    TransactionSynchronizationRegistry transactions;

    /**
     * Processes the request and stores its events; throws when nothing may commit (a fault of
     * ours, or a commit the database refused): the caller then answers {@code server_error}.
     */
    @Transactional
    public TokenOutcome process(TokenRequest request) {
        TokenOutcome outcome = endpoint.process(request);
        if (transactions.getRollbackOnly()) {
            throw new RolledBack();
        }
        outcome.events().forEach(audit::fire);
        return outcome;
    }

    /** A fault the core answered has doomed the transaction; thrown so that it rolls back. */
    public static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("the token request's transaction was marked for rollback", null, false, false);
        }
    }
}
