package dev.jeton.throttle;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Where the throttle's counts and known sources live, each under the SHA-256 of its key (never the
 * username, client id or address itself). The database store ({@code jeton.throttle.store=database},
 * the default) gives one limit for every node on the database: each operation is one statement on
 * one row named by its hash, so it also shards (docs/scaling.md). The memory store is per node.
 */
public interface ThrottleStore {

    /** The open windows among {@code keyHashes} (a key without a row has no failures). */
    Map<String, FailureWindow> windows(Collection<String> keyHashes);

    /**
     * Counts one failure: adds it to the key's window, or starts a new window of {@code length} at
     * {@code now} when there is none or it has ended. Returns the window after the count; two
     * nodes counting at once both count (one atomic statement on the row).
     */
    FailureWindow countFailure(String keyHash, Instant now, java.time.Duration length);

    /** Forgets the key's failures. */
    void clearFailures(String keyHash);

    /** When a source was last remembered, if it is still within its lifetime at {@code now}. */
    Optional<Instant> lastSuccess(String sourceHash, Instant now);

    /** Remembers a source at {@code now} until {@code expiresAt}. */
    void rememberSuccess(String sourceHash, Instant now, Instant expiresAt);

    /** Deletes ended windows and expired sources; returns how many rows went. */
    int purge(Instant now);
}
