package dev.jeton.health;

import dev.jeton.config.HealthSettings;
import dev.jeton.lifecycle.RootCause;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Readiness: the database answers a trivial query through the application's own persistence
 * unit (its datasource and pool), within {@code jeton.health.database-timeout-seconds}. Every token
 * request writes to the database, so without it Jeton can only answer {@code server_error}.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    static final String NAME = "jeton-database";
    private static final Logger LOG = Logger.getLogger(DatabaseReadiness.class.getName());

    @PersistenceContext(unitName = "jeton")
    EntityManager em;
    @Inject
    HealthSettings settings;
    /** Probes come every few seconds: the log gets one line per outage, not one per probe. */
    private final AtomicBoolean failing = new AtomicBoolean();

    @Override
    public HealthCheckResponse call() {
        Map<String, Object> data = new LinkedHashMap<>();
        long started = System.nanoTime();
        try {
            // standard SQL without FROM: H2 and PostgreSQL both answer it
            Object one = em.createNativeQuery("SELECT 1")
                    .setHint("jakarta.persistence.query.timeout", (int) settings.databaseTimeout().toMillis())
                    .getSingleResult();
            data.put("query_ms", (System.nanoTime() - started) / 1_000_000);
            boolean up = one instanceof Number n && n.intValue() == 1;
            if (!up) {
                data.put("error", "unexpected answer to SELECT 1");
            } else if (failing.compareAndSet(true, false)) {
                LOG.info("The database answers the readiness check again");
            }
            return new HealthCheckResponse(NAME, up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                    Optional.of(data));
        } catch (RuntimeException e) {
            // the class of the root cause only: a driver's message may name hosts or users
            if (failing.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "The database does not answer the readiness check: " + RootCause.of(e));
            }
            data.put("query_ms", (System.nanoTime() - started) / 1_000_000);
            data.put("error", RootCause.of(e).getClass().getName());
            return new HealthCheckResponse(NAME, HealthCheckResponse.Status.DOWN, Optional.of(data));
        }
    }
}
