package dev.jeton.metrics;

import dev.jeton.audit.AuditEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Counts the throttle's decisions from the audit events that record them, so the throttle (core)
 * knows nothing of metrics and the count is exactly what the audit trail says: a
 * {@code client_authentication_throttled} event is one lockout starting, a
 * {@code user_sign_in_throttled} event one refused sign-in. The throttle's state is in memory, so
 * the lockout happened whether or not the request's transaction commits: no transaction phase here.
 */
@ApplicationScoped
public class AuditEventMetrics {

    @Inject
    JetonMetrics metrics;

    void count(@Observes AuditEvent event) {
        switch (event.name()) {
            case CLIENT_AUTHENTICATION_THROTTLED -> metrics.clientLockout(MetricLabels.limit(event.reason()));
            case USER_SIGN_IN_THROTTLED -> metrics.signInThrottled(MetricLabels.limit(event.reason()));
            default -> {
                // other events are counted where they happen (token endpoint) or not at all
            }
        }
    }
}
