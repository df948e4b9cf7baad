package dev.jeton.logout;

import dev.jeton.config.LogoutSettings;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers the queued logout tokens (Back-Channel Logout 1.0 §2.5) off the request thread: right after a session
 * ended ({@link #kick}) and on a schedule ({@code jeton.logout.backchannel-relay-interval-seconds}), which is what
 * retries failed deliveries and delivers what was queued before a restart. One relay thread per node (made by the
 * managed thread factory, like the audit relay's, for the same reason: a task submitted from a request thread
 * shares the request's context on Payara); nodes are kept apart by the lease each delivery is claimed with.
 */
@ApplicationScoped
public class BackchannelRelay {

    private static final Logger LOG = Logger.getLogger(BackchannelRelay.class.getName());
    private static final int BATCH = 20;

    @Inject
    BackchannelOutbox outbox;
    @Inject
    BackchannelAttempt attempt;
    @Inject
    LogoutSettings settings;
    @Inject
    Clock clock;
    @Resource
    ManagedThreadFactory threads;

    private final Semaphore requested = new Semaphore(0);
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile Thread worker;

    public void start() {
        Thread thread = threads.newThread(this::relayUntilStopped);
        thread.setName("jeton-backchannel-logout-relay");
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

    /** Asks for a delivery round; returns at once. */
    public void kick() {
        requested.release();
    }

    private void relayUntilStopped() {
        long interval = settings.relayInterval().toMillis();
        while (!stopped) {
            try {
                requested.tryAcquire(interval, TimeUnit.MILLISECONDS);
                requested.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!stopped) {
                drain();
            }
        }
    }

    private void drain() {
        try {
            List<BackchannelOutbox.Pending> due;
            do {
                Instant now = clock.instant();
                due = outbox.due(now, BATCH);
                for (BackchannelOutbox.Pending pending : due) {
                    if (stopped) {
                        return;
                    }
                    if (outbox.claim(pending.id(), now, now.plus(attempt.lease()))) {
                        attempt.record(pending, attempt.send(pending));
                    }
                }
            } while (due.size() == BATCH);
            if (failing.compareAndSet(true, false)) {
                LOG.info("Back-channel logout deliveries are being recorded again");
            }
        } catch (RuntimeException e) {
            // the database is away: the deliveries wait in the outbox (a claimed one is retried when its lease ends)
            if (failing.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "Back-channel logout deliveries cannot be recorded now: " + rootCause(e));
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
