package dev.jeton.authorize;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What one browser has waiting for its user (pending authorization requests, device activations
 * waiting for a sign-in), in the database every node shares, so that any node can take the next
 * step (issue #19: no session affinity). An entry is named by the SHA-256 of its random id and
 * belongs to the SHA-256 of the browser's cookie: neither value is stored, and an id is worth
 * nothing from another browser.
 */
public interface BrowserStateStore {

    enum Kind { AUTHORIZATION, ACTIVATION }

    void add(Kind kind, String idHash, String browserHash, String payload, Instant createdAt, Instant expiresAt);

    /** The browser's live entries of {@code kind}, oldest first (for its capacity). */
    List<String> ids(Kind kind, String browserHash, Instant now);

    /** The payload of a live entry of this browser. */
    Optional<String> find(Kind kind, String idHash, String browserHash, Instant now);

    /** Replaces a live entry's payload; false when it is gone. */
    boolean update(Kind kind, String idHash, String browserHash, String payload);

    /** Removes the entry: one conditional delete, so of two callers on any nodes exactly one gets true. */
    boolean remove(Kind kind, String idHash, String browserHash);

    /** Gives every entry of one browser to another (its cookie was renewed at sign-in). */
    void moveBrowser(String fromHash, String toHash);

    /** Removes every entry of a browser (it signed out). */
    void forgetBrowser(String browserHash);

    /** Deletes expired entries; returns how many. */
    int purgeExpired(Instant now);
}
