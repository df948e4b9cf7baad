package dev.jeton.boot;

import dev.jeton.persistence.JdbcThrottleStore;
import dev.jeton.throttle.MemoryThrottleStore;
import dev.jeton.throttle.ThrottleSettings;
import dev.jeton.throttle.ThrottleStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The throttle's store as {@code jeton.throttle.store} says: the shared database (default; one limit
 * for every node) or this node's memory (one node that wants no throttle statement at all).
 */
@ApplicationScoped
public class ThrottleStoreProducer {

    @Inject
    Instance<JdbcThrottleStore> database;

    @Produces
    @Singleton
    ThrottleStore store(ThrottleSettings settings) {
        return settings.store() == ThrottleSettings.Store.MEMORY
                ? new MemoryThrottleStore(settings.maxTrackedKeys()) : database.get();
    }
}
