package dev.jeton.audit.outbox;

import dev.jeton.config.JetonSettings;
import dev.jeton.lifecycle.OutageLog;
import dev.jeton.lifecycle.RelayThread;
import dev.jeton.lifecycle.RootCause;
import dev.jeton.metrics.JetonMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Drains the audit outbox to the queue: right after events are recorded (off the request thread)
 * and on a schedule ({@code jeton.audit.relay-interval-seconds}), which is what delivers the
 * events kept while the broker was away, including those from before a restart.
 * One drain runs at a time in this process (one {@link RelayThread}); the row lock keeps nodes apart.
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

    private final RelayThread thread = new RelayThread();
    /** Made at start, before the relay thread (which alone uses it). */
    private OutageLog outage;
    /** Both only touched by the relay thread. */
    private Instant lastSample = Instant.MIN;
    private boolean sampleFailing;

    public void start() {
        Duration interval = settings.auditRelayInterval();
        // once per outage, not once per attempt; the events wait in the outbox
        outage = new OutageLog(LOG, "Audit events cannot be sent to the queue; they are kept in the outbox and "
                + "retried every " + interval.toSeconds() + " s", "Audit events are reaching the queue again");
        thread.start(threads, "jeton-audit-relay", interval, settings.auditRelayLinger(), () -> {
            drain();
            sampleBacklog();
        });
    }

    @PreDestroy
    void stop() {
        thread.stop();
    }

    /** Asks for a drain; returns at once, and never hands the caller's context to another thread. */
    public void kick() {
        thread.kick();
    }

    private void drain() {
        int size = settings.auditRelayBatchSize();
        try {
            int sent;
            do {
                sent = batch.sendOldest(size);
            } while (sent == size);
            outage.succeeded();
        } catch (RuntimeException e) {
            outage.failed(e);
        }
    }

    /** Whether the relay thread runs: it ends only when the application stops, or on an Error. */
    public boolean running() {
        return thread.running();
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
                LOG.warning("The audit backlog cannot be measured: " + RootCause.summary(e));
            }
        }
    }
}
