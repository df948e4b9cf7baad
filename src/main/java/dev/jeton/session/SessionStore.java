package dev.jeton.session;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Sessions in the database, so that every node sees the same ones (no session state in a node's memory). */
public interface SessionStore {

    /** Stores a new session under the hash of its browser cookie. */
    void create(UserSession session, String cookieHash);

    Optional<UserSession> findByCookieHash(String cookieHash);

    Optional<UserSession> find(String sid);

    /** Records use: the idle expiry moves on (never past the absolute one). */
    void touch(String sid, Instant now, Instant idleExpiresAt);

    /** Remembers that the session was used to sign in to {@code clientId} (once per client). */
    void joinClient(String sid, String clientId, Instant now);

    /** The clients the session was used for, in the order they joined. */
    List<String> clients(String sid);

    /** The user's sessions that have not ended (some may have expired), newest first. */
    List<UserSession> openSessionsOf(String subject);

    /**
     * Ends the session by one conditional update ({@code ... where sid = :sid and ended_at is null}); true only for
     * the one caller that ended it, so two logouts at once notify the clients once.
     */
    boolean end(String sid, Instant now, EndReason reason, String endedBy);

    /**
     * The same user signed in again in the same browser (prompt=login, max_age): the session keeps its sid (the
     * clients' ID tokens stay valid hints), gets the new sign-in's time and lifetimes and a new cookie. False when
     * the session ended meanwhile.
     */
    boolean renew(String sid, String cookieHash, Instant authTime, Instant idleExpiresAt, Instant absoluteExpiresAt);

    /**
     * Up to {@code max} sessions that have not ended but are past their idle or absolute lifetime at {@code now}
     * (oldest idle expiry first); nothing is locked: {@link #endExpired} decides who ends each.
     */
    List<String> expiredOpen(Instant now, int max);

    /**
     * Ends an expired session by one conditional update ({@code ... where sid = :sid and ended_at is null and it is
     * past a lifetime}), reason {@link EndReason#EXPIRED}; true only for the one caller, of any node, that ended it.
     * A session that was renewed or ended meanwhile is left alone.
     */
    boolean endExpired(String sid, Instant now);

    /**
     * Deletes up to {@code max} sessions that ended before {@code endedBefore}, with the rows that hang on them
     * (the clients they were used for); returns how many sessions went. Plain deletes, safe on several nodes.
     */
    int purgeEnded(Instant endedBefore, int max);
}
