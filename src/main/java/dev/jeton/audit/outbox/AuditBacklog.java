package dev.jeton.audit.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What waits in the outbox: every pending event, those older than a cut-off ("stale": the relay
 * should have sent them by now), and when the oldest was recorded. Read by the readiness check
 * and the backlog metrics.
 *
 * @param pending every event not yet on the queue
 * @param stale   events recorded before the cut-off
 * @param oldest  when the oldest pending event was recorded; empty when the outbox is empty
 */
public record AuditBacklog(long pending, long stale, Optional<Instant> oldest) {

    public static final AuditBacklog EMPTY = new AuditBacklog(0, 0, Optional.empty());

    /** How long the oldest event has waited at {@code now}; zero when nothing waits. */
    public Duration oldestAge(Instant now) {
        return oldest.map(t -> t.isAfter(now) ? Duration.ZERO : Duration.between(t, now)).orElse(Duration.ZERO);
    }
}
