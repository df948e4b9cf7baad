package dev.jeton.session;

import dev.jeton.config.LogoutSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;

/**
 * Deletes the rows of sessions that ended more than {@code jeton.sessions.retention-seconds} ago, with the rows
 * hanging on them; run by the purge schedule with the grant state. An ended session is nobody's any more: its
 * families were revoked or detached when it ended, a code of it is refused because it is not active (gone or
 * ended alike), and an ID token hint naming it leads to the confirmation page. Expired sessions are ended by the
 * expiry sweep first (their clients told), so this only ever deletes ended ones. In batches, each in a
 * transaction of its own, so that a large backlog never holds a long transaction; deletes are idempotent, so
 * several nodes may purge at once.
 */
@ApplicationScoped
public class SessionPurge {

    static final int BATCH = 500;

    private final SessionStore store;
    private final LogoutSettings settings;

    @Inject
    public SessionPurge(SessionStore store, LogoutSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** For CDI's client proxy only. */
    protected SessionPurge() {
        this(null, null);
    }

    /** Returns how many sessions were deleted. */
    public int run(Instant now) {
        Instant endedBefore = now.minus(settings.sessionRetention());
        int total = 0;
        int batch;
        do {
            batch = store.purgeEnded(endedBefore, BATCH);
            total += batch;
        } while (batch == BATCH);
        return total;
    }
}
