package dev.jeton.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.function.Supplier;

/**
 * One transaction around an endpoint that only reads (introspection): its lookups (the caller, the token's
 * revocation and family, the token's client) share one pooled connection and one persistence context, where
 * each used to take its own - two transactions of their own and two connections without one (issue #13). An
 * audit event the request fires (a refusal) is stored in the outbox within it, like everywhere else.
 */
@ApplicationScoped
public class OneReadTransaction {

    @Transactional
    public <T> T run(Supplier<T> work) {
        return work.get();
    }
}
