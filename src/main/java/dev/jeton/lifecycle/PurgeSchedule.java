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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
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
        long interval = settings.purgeInterval().toMillis();
        schedule = scheduler.scheduleWithFixedDelay(this::runOnce, interval, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        ScheduledFuture<?> s = schedule;
        if (s != null) {
            s.cancel(false);
        }
    }

    void runOnce() {
        try {
            GrantStatePurge.Report report = purge.run(clock.instant());
            if (report.total() > 0) {
                LOG.info("Purged expired grant state: " + report);
            }
            int ended = sessions.run(clock.instant());
            if (ended > 0) {
                LOG.info("Purged " + ended + " ended session(s)");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The purge of expired grant state failed; it runs again in "
                    + settings.purgeInterval().toSeconds() + " s", e);
        }
    }
}
