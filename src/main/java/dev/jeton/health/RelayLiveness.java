package dev.jeton.health;

import dev.jeton.audit.outbox.AuditRelay;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.util.Map;
import java.util.Optional;

/**
 * Liveness, cheap (no database, no broker: an outage of either is for readiness, and restarting
 * Jeton would not cure it): the audit relay's thread runs. It only ends with the application or on
 * an Error (out of memory); then no event would ever leave the outbox again until a restart, which
 * is what a DOWN liveness asks for.
 */
@Liveness
@ApplicationScoped
public class RelayLiveness implements HealthCheck {

    static final String NAME = "jeton-audit-relay";

    @Inject
    AuditRelay relay;

    @Override
    public HealthCheckResponse call() {
        boolean running = relay.running();
        return new HealthCheckResponse(NAME, running ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(Map.of("relay_thread", running ? "running" : "stopped")));
    }
}
