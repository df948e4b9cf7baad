package dev.jeton.lifecycle;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Housekeeping that runs every so often on the server's managed scheduler (the purge of dead grant state and of
 * ended sessions, the expiry sweep of sessions): first one interval after start, then one interval after each run
 * ends. A run that fails is logged and the next one tries again, so a database that is away for a while stops
 * nothing for good.
 */
public final class Periodic {

    private Periodic() {
    }

    /**
     * @param what what the task does, for the log ("the purge of expired grant state")
     * @param task one run; returns what to log when it did something, or null
     */
    public static ScheduledFuture<?> start(ScheduledExecutorService scheduler, Duration interval, Logger log,
                                           String what, Supplier<String> task) {
        long millis = interval.toMillis();
        return scheduler.scheduleWithFixedDelay(() -> runOnce(interval, log, what, task), millis, millis,
                TimeUnit.MILLISECONDS);
    }

    /** One run, its failure logged (never thrown: a scheduled task that throws is never run again). */
    static void runOnce(Duration interval, Logger log, String what, Supplier<String> task) {
        try {
            String done = task.get();
            if (done != null) {
                log.info(done);
            }
        } catch (RuntimeException e) {
            log.log(Level.WARNING, "The " + what + " failed; it runs again in " + interval.toSeconds() + " s", e);
        }
    }

    /** Stops a schedule (at undeployment), letting a run in progress finish. */
    public static void stop(ScheduledFuture<?> schedule) {
        if (schedule != null) {
            schedule.cancel(false);
        }
    }
}
