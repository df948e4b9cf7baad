package dev.jeton.lifecycle;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs an outage of what a background task depends on (the database, the broker) once when it begins and once
 * when it ends, not once per attempt: a relay retries every few seconds, and a log line per retry would bury
 * everything else for as long as the outage lasts.
 */
public final class OutageLog {

    private final AtomicBoolean failing = new AtomicBoolean();
    private final Logger log;
    private final String outage;
    private final String recovery;

    /**
     * @param outage   the warning at the start of an outage; the root cause of the failure is appended
     * @param recovery the line logged when it works again
     */
    public OutageLog(Logger log, String outage, String recovery) {
        this.log = log;
        this.outage = outage;
        this.recovery = recovery;
    }

    /** An attempt failed: the first failure after a success is logged as a warning, with its root cause. */
    public void failed(RuntimeException e) {
        if (failing.compareAndSet(false, true)) {
            log.log(Level.WARNING, outage + ": " + RootCause.summary(e));
        }
    }

    /** An attempt went through: the first success after a failure is logged. */
    public void succeeded() {
        if (failing.compareAndSet(true, false)) {
            log.info(recovery);
        }
    }
}
