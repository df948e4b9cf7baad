package dev.jeton.lifecycle;

import dev.jeton.session.SessionPurge;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Logger;

/**
 * Runs {@link GrantStatePurge} and {@link SessionPurge} every {@code jeton.purge.interval-seconds} on the
 * server's managed scheduler (as the audit relay does), first one interval after start. A failed run is logged and
 * the next one tries again; every statement is an idempotent delete, so nodes may overlap.
 */
@ApplicationScoped
public class PurgeSchedule {

    private static final Logger LOG = Logger.getLogger(PurgeSchedule.class.getName());

    @Inject
    GrantStatePurge purge;
    @Inject
    SessionPurge sessions;
    @Inject
    LifecycleSettings settings;
    @Inject
    Clock clock;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile ScheduledFuture<?> schedule;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        schedule = Periodic.start(scheduler, settings.purgeInterval(), LOG, "purge of expired grant state and "
                + "ended sessions", () -> {
                    Instant now = clock.instant();
                    GrantStatePurge.Report report = purge.run(now);
                    int ended = sessions.run(now);
                    return report.total() + ended == 0 ? null
                            : "Purged expired grant state: " + report + ", ended sessions: " + ended;
                });
    }

    @PreDestroy
    void stop() {
        Periodic.stop(schedule);
    }
}
