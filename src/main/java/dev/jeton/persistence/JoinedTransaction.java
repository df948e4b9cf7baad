package dev.jeton.persistence;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.function.Supplier;

/**
 * Store work that joins the caller's JTA transaction without passing a {@code @Transactional}
 * interceptor, and runs in a transaction of its own ({@link OwnTransaction}) only where the caller
 * has none. Same semantics as {@code @Transactional(REQUIRED)} on the store's method; the token
 * request calls such methods several times in its one transaction, and each interceptor pass costs
 * a Weld invocation context and the transaction manager's bookkeeping for nothing (issue #13).
 */
@ApplicationScoped
public class JoinedTransaction {

    /** For unit tests of the stores, which hold the (resource-local) transaction themselves. */
    public static final JoinedTransaction CALLER = new JoinedTransaction() {
        @Override
        public <T> T run(Supplier<T> work) {
            return work.get();
        }
    };

    @Resource
    TransactionSynchronizationRegistry registry;
    @Inject
    OwnTransaction own;

    public <T> T run(Supplier<T> work) {
        if (registry.getTransactionStatus() == Status.STATUS_NO_TRANSACTION) {
            return own.run(work);
        }
        try {
            return work.get();
        } catch (RuntimeException e) {
            // what the REQUIRED interceptor does when a joined call throws (Jakarta Transactions 2.0 §3.7)
            registry.setRollbackOnly();
            throw e;
        }
    }

    public void run(Runnable work) {
        run(() -> {
            work.run();
            return null;
        });
    }
}
