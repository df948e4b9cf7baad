package dev.jeton.lifecycle;

import dev.jeton.authorize.BrowserStateStore;
import dev.jeton.session.SessionPurge;
import dev.jeton.throttle.ThrottleStore;
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
 * Runs {@link GrantStatePurge}, {@link SessionPurge}, and the purges of the throttle's ended windows and
 * expired known sources and of expired pending browser requests, every {@code jeton.purge.interval-seconds}
 * on the server's managed scheduler (as the audit relay does), first one interval after start. A failed run
 * is logged and the next one tries again; every statement is an idempotent delete, so nodes may overlap.
 */
@ApplicationScoped
public class PurgeSchedule {

    private static final Logger LOG = Logger.getLogger(PurgeSchedule.class.getName());

    @Inject
    GrantStatePurge purge;
    @Inject
    SessionPurge sessions;
    @Inject
    ThrottleStore throttle;
    @Inject
    BrowserStateStore browsers;
    @Inject
    LifecycleSettings settings;
    @Inject
    Clock clock;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile ScheduledFuture<?> schedule;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        schedule = Periodic.start(scheduler, settings.purgeInterval(), LOG, "purge of expired grant state, "
                + "ended sessions, throttle windows and pending browser requests", () -> {
                    Instant now = clock.instant();
                    GrantStatePurge.Report report = purge.run(now);
                    int ended = sessions.run(now);
                    int throttleRows = throttle.purge(now);
                    int browserRows = browsers.purgeExpired(now);
                    return report.total() + ended + throttleRows + browserRows == 0 ? null
                            : "Purged expired grant state: " + report + ", ended sessions: " + ended
                            + ", ended throttle windows and known sources: " + throttleRows
                            + ", expired pending browser requests: " + browserRows;
                });
    }

    @PreDestroy
    void stop() {
        Periodic.stop(schedule);
    }
}
