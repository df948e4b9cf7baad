package dev.jeton.health;

import dev.jeton.audit.outbox.AuditBacklog;
import dev.jeton.audit.outbox.AuditOutbox;
import dev.jeton.config.HealthSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Readiness: audit events leave the outbox. The relay sends every event within seconds while the
 * broker takes them; an event still waiting after {@code jeton.health.audit-backlog-max-age-seconds}
 * means the broker is unreachable (or the relay is stuck). Tokens are still issued then and no
 * event is lost (README: Audit events), but the audit trail is late: operators want to know, and
 * may prefer a node whose events flow. Zero for the setting reports the backlog without ever
 * going DOWN.
 */
@Readiness
@ApplicationScoped
public class AuditBacklogReadiness implements HealthCheck {

    static final String NAME = "jeton-audit-outbox";

    @Inject
    AuditOutbox outbox;
    @Inject
    HealthSettings settings;
    @Inject
    Clock clock;

    @Override
    public HealthCheckResponse call() {
        Instant now = clock.instant();
        try {
            return check(outbox.backlog(now.minus(settings.auditBacklogMaxAge())), now, settings);
        } catch (RuntimeException e) {
            // the database check reports the cause; here only that the backlog is unknown
            return new HealthCheckResponse(NAME, HealthCheckResponse.Status.DOWN,
                    Optional.of(Map.of("error", "the outbox cannot be read (" + e.getClass().getSimpleName() + ")")));
        }
    }

    static HealthCheckResponse check(AuditBacklog backlog, Instant now, HealthSettings settings) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pending", backlog.pending());
        data.put("older_than_max_age", backlog.stale());
        data.put("oldest_age_seconds", backlog.oldestAge(now).toSeconds());
        data.put("max_age_seconds", settings.auditBacklogMaxAge().toSeconds());
        boolean up = !settings.backlogCanFail() || backlog.stale() == 0;
        return new HealthCheckResponse(NAME, up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(data));
    }
}
