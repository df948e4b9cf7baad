package dev.jeton.audit;

import dev.jeton.config.JetonSettings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drains the audit outbox to the queue: right after events are recorded (off the request thread)
 * and on a schedule ({@code jeton.audit.relay-interval-seconds}), which is what delivers the
 * events kept while the broker was away, including those from before a restart.
 * One drain runs at a time in this process; the row lock keeps nodes apart.
 */
@ApplicationScoped
public class AuditRelay {

    private static final Logger LOG = Logger.getLogger(AuditRelay.class.getName());

    @Inject
    AuditRelayBatch batch;
    @Inject
    JetonSettings settings;
    @Resource
    ManagedExecutorService executor;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile ScheduledFuture<?> schedule;

    public void start() {
        long interval = settings.auditRelayInterval().toMillis();
        schedule = scheduler.scheduleWithFixedDelay(this::kick, interval, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        ScheduledFuture<?> s = schedule;
        if (s != null) {
            s.cancel(false);
        }
    }

    /** Asks for a drain; returns at once. */
    public void kick() {
        requested.set(true);
        if (running.compareAndSet(false, true)) {
            executor.execute(this::drainWhileRequested);
        }
    }

    private void drainWhileRequested() {
        try {
            while (requested.getAndSet(false)) {
                drain();
            }
        } finally {
            running.set(false);
        }
        // a kick that came between the last check and the reset must not be lost
        if (requested.get() && running.compareAndSet(false, true)) {
            executor.execute(this::drainWhileRequested);
        }
    }

    private void drain() {
        int size = settings.auditRelayBatchSize();
        try {
            int sent;
            do {
                sent = batch.sendOldest(size);
            } while (sent == size);
            if (failing.compareAndSet(true, false)) {
                LOG.info("Audit events are reaching the queue again");
            }
        } catch (RuntimeException e) {
            // once per outage, not once per attempt; the events wait in the outbox
            if (failing.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "Audit events cannot be sent to the queue; they are kept in the outbox and "
                        + "retried every " + settings.auditRelayInterval().toSeconds() + " s: " + rootCause(e));
            }
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
