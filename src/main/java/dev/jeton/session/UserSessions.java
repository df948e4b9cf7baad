package dev.jeton.session;

import dev.jeton.config.LogoutSettings;
import dev.jeton.vocabulary.SignInLevel;
import dev.jeton.vocabulary.TokenIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Starts sessions (for {@code PasswordSignIn}, the one sign-in path) and answers which session a browser's
 * cookie names, if it is still active. Every node reads the same rows, so a session ended on one node is over
 * on all of them at once.
 */
@ApplicationScoped
public class UserSessions {

    /** Use is written at most this often per session: a page view should not cost a write every time. */
    static final Duration TOUCH_EVERY = Duration.ofSeconds(60);

    private final SessionStore store;
    private final LogoutSettings settings;

    @Inject
    public UserSessions(SessionStore store, LogoutSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** For CDI's client proxy only. */
    protected UserSessions() {
        this.store = null;
        this.settings = null;
    }

    /** A new session and the cookie that names it. */
    public record Started(UserSession session, SessionCookie cookie) {
    }

    /**
     * Starts the session of a sign-in that has just passed the password check, or, when the browser's active
     * session {@code previous} is the same user's (a re-authentication: prompt=login, max_age), renews that one:
     * the sid stays, the sign-in time, the lifetimes and the cookie are new. Another user's sign-in starts a
     * session of its own (the previous one's cookie is replaced, and it expires unused).
     */
    public Started start(String subject, Instant now, java.util.Optional<String> previous) {
        if (previous.isPresent()) {
            Optional<UserSession> active = store.find(previous.get()).filter(s -> s.activeAt(now))
                    .filter(s -> s.subject().equals(subject));
            if (active.isPresent()) {
                SessionCookie cookie = SessionCookie.fresh();
                Instant idle = now.plus(settings.sessionIdleTtl());
                Instant absolute = now.plus(settings.sessionMaxTtl());
                if (store.renew(active.get().sid(), cookie.hash(), now, idle, absolute)) {
                    UserSession s = active.get();
                    return new Started(new UserSession(s.sid(), subject, now, s.amr(), s.acr(), s.createdAt(), now,
                            idle, absolute, null, null, null), cookie);
                }
            }
        }
        return start(subject, now);
    }

    /** Starts a new session of a sign-in that has just passed the password check. */
    public Started start(String subject, Instant now) {
        SignInLevel level = SignInLevel.achieved();
        UserSession session = new UserSession(TokenIds.random(128), subject, now, String.join(" ", level.amr()),
                level.acr(), now, now, now.plus(settings.sessionIdleTtl()), now.plus(settings.sessionMaxTtl()),
                null, null, null);
        SessionCookie cookie = SessionCookie.fresh();
        store.create(session, cookie.hash());
        return new Started(session, cookie);
    }

    /** The active session the cookie names, its use recorded; empty when there is none or it is over. */
    public Optional<UserSession> current(SessionCookie cookie, Instant now) {
        Optional<UserSession> found = store.findByCookieHash(cookie.hash()).filter(s -> s.activeAt(now));
        found.ifPresent(s -> {
            if (!now.isBefore(s.lastSeenAt().plus(TOUCH_EVERY))) {
                Instant idle = now.plus(settings.sessionIdleTtl());
                store.touch(s.sid(), now, idle.isBefore(s.absoluteExpiresAt()) ? idle : s.absoluteExpiresAt());
            }
        });
        return found;
    }

    /** Whether the session {@code sid} is active at {@code now} (unknown sessions are not). */
    public boolean active(String sid, Instant now) {
        return sid != null && store.find(sid).map(s -> s.activeAt(now)).orElse(false);
    }

    /** Remembers that the session signed the user in to {@code clientId} (Back-Channel Logout 1.0 §2.7: who to tell). */
    public void joined(String sid, String clientId, Instant now) {
        if (sid == null) {
            return;
        }
        try {
            store.joinClient(sid, clientId, now);
        } catch (RuntimeException e) {
            // two codes for one client at the same moment: the other request recorded the pair (its own transaction)
            if (!store.clients(sid).contains(clientId)) {
                throw e;
            }
        }
    }
}
