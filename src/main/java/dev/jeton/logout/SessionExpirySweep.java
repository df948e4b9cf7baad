package dev.jeton.logout;

import dev.jeton.audit.AuditEvent;
import dev.jeton.config.LogoutSettings;
import dev.jeton.lifecycle.Periodic;
import dev.jeton.session.SessionStore;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.logging.Logger;

/**
 * Ends the sessions that expired (unused for the idle lifetime, or past the absolute one) the way a logout ends
 * one ({@link SessionEnding#expire}): back-channel logout tokens to the clients that registered a
 * {@code backchannel_logout_uri} (Back-Channel Logout 1.0 §2.7 leaves the OP to decide when a session ends; an
 * expired one has), each client's refresh token policy, and a {@code session_ended} event with reason
 * {@code expired}. A session is over for the browser the moment it expires (it is read as inactive); this sweep,
 * every {@code jeton.sessions.expiry-sweep-interval-seconds} on the managed scheduler, is what tells everyone
 * else. Every node sweeps; each session is claimed by one conditional update, so exactly one node ends it and
 * its clients are told once. Each session ends in a transaction of its own, with its events.
 */
@ApplicationScoped
public class SessionExpirySweep {

    private static final Logger LOG = Logger.getLogger(SessionExpirySweep.class.getName());
    static final int BATCH = 100;

    @Inject
    SessionStore sessions;
    @Inject
    SessionEnding ending;
    @Inject
    BackchannelRelay relay;
    @Inject
    LogoutSettings settings;
    @Inject
    Clock clock;
    @Inject
    Event<AuditEvent> audit;
    /** This bean through its proxy, so that {@link #expire} runs in its own transaction. */
    @Inject
    SessionExpirySweep self;
    @Resource
    ManagedScheduledExecutorService scheduler;

    private volatile ScheduledFuture<?> schedule;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        schedule = Periodic.start(scheduler, settings.expirySweepInterval(), LOG, "sweep of expired sessions", () -> {
            int ended = sweep(clock.instant());
            return ended == 0 ? null : "Ended " + ended + " expired session(s)";
        });
    }

    @PreDestroy
    void stop() {
        Periodic.stop(schedule);
    }

    /**
     * Ends every session expired at {@code now}, a batch at a time; returns how many this node ended. The relay is
     * woken when a logout token was queued.
     */
    public int sweep(Instant now) {
        int ended = 0;
        boolean queued = false;
        List<String> batch;
        int endedInBatch;
        do {
            batch = sessions.expiredOpen(now, BATCH);
            endedInBatch = 0;
            for (String sid : batch) {
                Optional<SessionEnding.Ended> one = self.expire(sid, now);
                if (one.isPresent()) {
                    endedInBatch++;
                    queued |= !one.get().notified().isEmpty();
                }
            }
            ended += endedInBatch;
            // a batch that ended nothing was taken by another node's sweep: that one goes on with the rest
        } while (batch.size() == BATCH && endedInBatch > 0);
        if (queued) {
            relay.kick();
        }
        return ended;
    }

    /** One expired session ended with its audit event, committed together; empty when another node was first. */
    @Transactional
    public Optional<SessionEnding.Ended> expire(String sid, Instant now) {
        Optional<SessionEnding.Ended> ended = ending.expire(sid, now);
        ended.ifPresent(e -> e.events().forEach(audit::fire));
        return ended;
    }
}
