package dev.jeton.audit.outbox;

import dev.jeton.config.JetonSettings;
import dev.jeton.metrics.JetonMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drains the audit outbox to the queue: right after events are recorded (off the request thread)
 * and on a schedule ({@code jeton.audit.relay-interval-seconds}), which is what delivers the
 * events kept while the broker was away, including those from before a restart.
 * One drain runs at a time in this process (one relay thread); the row lock keeps nodes apart.
 *
 * <p>{@link #kick} only signals that thread. It used to submit a task to the managed executor
 * from the request thread, and Payara (6.2025.10) runs such a task under a clone of the request's
 * component invocation that shares its registry: when the task ended, Payara closed the
 * request's non-transactional EntityManagers, and the request's next query failed with
 * "Session/EntityManager is closed" (a 500 on the sign-in page after a wrong password, seen in
 * AuthorizeFlowIT). The relay thread is made once, at start, by the managed thread factory.
 */
@ApplicationScoped
public class AuditRelay {

    private static final Logger LOG = Logger.getLogger(AuditRelay.class.getName());

    @Inject
    AuditRelayBatch batch;
    @Inject
    JetonSettings settings;
    @Inject
    AuditOutbox outbox;
    @Inject
    JetonMetrics metrics;
    @Inject
    Clock clock;
    @Resource
    ManagedThreadFactory threads;

    private final Semaphore requested = new Semaphore(0);
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile Thread worker;
    /** Both only touched by the relay thread. */
    private Instant lastSample = Instant.MIN;
    private boolean sampleFailing;

    public void start() {
        Thread thread = threads.newThread(this::relayUntilStopped);
        thread.setName("jeton-audit-relay");
        thread.setDaemon(true);
        worker = thread;
        thread.start();
    }

    @PreDestroy
    void stop() {
        stopped = true;
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Asks for a drain; returns at once, and never hands the caller's context to another thread. */
    public void kick() {
        requested.release();
    }

    private void relayUntilStopped() {
        long interval = settings.auditRelayInterval().toMillis();
        while (!stopped) {
            try {
                // a kick or the interval, whichever comes first; kicks meanwhile are covered by this drain
                requested.tryAcquire(interval, TimeUnit.MILLISECONDS);
                requested.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!stopped) {
                drain();
                sampleBacklog();
            }
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

    /** Whether the relay thread runs: it ends only when the application stops, or on an Error. */
    public boolean running() {
        Thread thread = worker;
        return thread != null && thread.isAlive() && !stopped;
    }

    /**
     * The backlog gauges, measured here (a managed thread of the application, where its
     * EntityManager works) rather than by the metrics scrape; at most once a second, since every
     * token request kicks the relay.
     */
    private void sampleBacklog() {
        Instant now = clock.instant();
        if (now.isBefore(lastSample.plusSeconds(1))) {
            return;
        }
        lastSample = now;
        try {
            AuditBacklog backlog = outbox.backlog(now);
            metrics.auditBacklog(backlog.pending(), backlog.oldestAge(now));
            sampleFailing = false;
        } catch (RuntimeException e) {
            // the database is away (the readiness check says so too); the gauges keep their last value
            if (!sampleFailing) {
                sampleFailing = true;
                LOG.warning("The audit backlog cannot be measured: " + rootCause(e));
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
