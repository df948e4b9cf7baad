package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.error.OAuthErrorCode;
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
        if (transactions.getRollbackOnly() || faulted(outcome)) {
            throw new RolledBack();
        }
        outcome.events().forEach(audit::fire);
        return outcome;
    }

    /**
     * The core answers its own faults as server_error (TokenEndpoint#process); whatever the grant
     * wrote before the fault (a spent code, a rotated token) must not commit, or the client's retry
     * would be taken for reuse. The grant handlers run in this transaction without an interceptor
     * of their own, so this is the one place that decides it.
     */
    private static boolean faulted(TokenOutcome outcome) {
        return outcome instanceof TokenOutcome.Denied denied && denied.error().code() == OAuthErrorCode.SERVER_ERROR;
    }

    /** A fault the core answered has doomed the transaction; thrown so that it rolls back. */
    public static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("the token request's transaction was marked for rollback", null, false, false);
        }
    }
}
