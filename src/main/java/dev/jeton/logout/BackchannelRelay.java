package dev.jeton.logout;

import dev.jeton.config.LogoutSettings;
import dev.jeton.lifecycle.OutageLog;
import dev.jeton.lifecycle.RelayThread;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * Delivers the queued logout tokens (Back-Channel Logout 1.0 §2.5) off the request thread: right after a session
 * ended ({@link #kick}) and on a schedule ({@code jeton.logout.backchannel-relay-interval-seconds}), which is what
 * retries failed deliveries and delivers what was queued before a restart. One {@link RelayThread} per node, like
 * the audit relay's; nodes are kept apart by the lease each delivery is claimed with.
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

    private final RelayThread thread = new RelayThread();
    // the database is away: the deliveries wait in the outbox (a claimed one is retried when its lease ends)
    private final OutageLog outage = new OutageLog(LOG, "Back-channel logout deliveries cannot be recorded now",
            "Back-channel logout deliveries are being recorded again");

    public void start() {
        thread.start(threads, "jeton-backchannel-logout-relay", settings.relayInterval(), this::drain);
    }

    @PreDestroy
    void stop() {
        thread.stop();
    }

    /** Asks for a delivery round; returns at once. */
    public void kick() {
        thread.kick();
    }

    private void drain() {
        try {
            List<BackchannelOutbox.Pending> due;
            do {
                Instant now = clock.instant();
                due = outbox.due(now, BATCH);
                for (BackchannelOutbox.Pending pending : due) {
                    if (thread.stopping()) {
                        return;
                    }
                    if (outbox.claim(pending.id(), now, now.plus(attempt.lease()))) {
                        attempt.record(pending, attempt.send(pending));
                    }
                }
            } while (due.size() == BATCH);
            outage.succeeded();
        } catch (RuntimeException e) {
            outage.failed(e);
        }
    }
}
