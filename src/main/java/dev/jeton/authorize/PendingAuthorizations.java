package dev.jeton.authorize;

import dev.jeton.vocabulary.TokenIds;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * The pending authorization requests of one browser session. It lives in the HTTP session,
 * so it ends with it; on top of that a request expires after {@link #LIFETIME}, and a session
 * holds at most {@link #CAPACITY} (the oldest goes first), so a script cannot fill memory
 * through one session.
 */
public final class PendingAuthorizations implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The session attribute that holds this object. */
    public static final String SESSION_ATTRIBUTE = "dev.jeton.authorize.pending";
    public static final Duration LIFETIME = Duration.ofMinutes(30);
    public static final int CAPACITY = 16;

    private final LinkedHashMap<String, PendingAuthorization> byId = new LinkedHashMap<>();

    /** Keeps {@code request} under a fresh random id (128 bits: not guessable, RFC 6749 §10.10). */
    public synchronized PendingAuthorization add(AuthorizationRequest request, Instant now) {
        dropExpired(now);
        while (byId.size() >= CAPACITY) {
            Iterator<String> oldest = byId.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        PendingAuthorization pending = new PendingAuthorization(TokenIds.random(128), request, now, null, false);
        byId.put(pending.id(), pending);
        return pending;
    }

    public synchronized Optional<PendingAuthorization> find(String id, Instant now) {
        dropExpired(now);
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    /** Replaces a request still pending; does nothing when it is gone. */
    public synchronized void update(PendingAuthorization pending) {
        byId.computeIfPresent(pending.id(), (id, old) -> pending);
    }

    /** Removes the request; true for the one caller that removed it (so it is finished once). */
    public synchronized boolean remove(String id) {
        return id != null && byId.remove(id) != null;
    }

    public synchronized int size() {
        return byId.size();
    }

    private void dropExpired(Instant now) {
        Instant cutoff = now.minus(LIFETIME);
        byId.values().removeIf(p -> p.createdAt().isBefore(cutoff));
    }
}
