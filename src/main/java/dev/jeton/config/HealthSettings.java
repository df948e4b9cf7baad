package dev.jeton.config;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The readiness checks' thresholds ({@code jeton.health.*}).
 *
 * @param auditBacklogMaxAge an audit event still in the outbox after this long makes readiness DOWN:
 *                           the relay cannot reach the broker (zero: the backlog is reported, never DOWN)
 * @param databaseTimeout    how long the database's probe query may take before it counts as failed
 */
public record HealthSettings(Duration auditBacklogMaxAge, Duration databaseTimeout) {

    public static final String AUDIT_BACKLOG_MAX_AGE = "jeton.health.audit-backlog-max-age-seconds";
    public static final String DATABASE_TIMEOUT = "jeton.health.database-timeout-seconds";

    public static HealthSettings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        return new HealthSettings(Duration.ofSeconds(r.nonNegativeInt(AUDIT_BACKLOG_MAX_AGE, 300)),
                Duration.ofSeconds(r.positiveInt(DATABASE_TIMEOUT, 2)));
    }

    public boolean backlogCanFail() {
        return !auditBacklogMaxAge.isZero();
    }
}
