package dev.jeton.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.function.Supplier;

/** A transaction for store work whose caller has none (see {@link JoinedTransaction}). */
@ApplicationScoped
public class OwnTransaction {

    @Transactional
    public <T> T run(Supplier<T> work) {
        return work.get();
    }
}
