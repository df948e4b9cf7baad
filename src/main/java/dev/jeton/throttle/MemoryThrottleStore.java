package dev.jeton.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The throttle's counts in this node's memory ({@code jeton.throttle.store=memory}): no database
 * statement at all, but with N nodes behind a balancer an attacker gets up to N times the limits.
 * For one node, and for unit tests. Memory is bounded by {@code maxTrackedKeys} per map: when full,
 * ended entries are dropped, and if it is still full a new key is not tracked until some end.
 */
public final class MemoryThrottleStore implements ThrottleStore {

    private final int maxTrackedKeys;
    private final Map<String, FailureWindow> windows = new ConcurrentHashMap<>();
    private final Map<String, Source> sources = new ConcurrentHashMap<>();

    public MemoryThrottleStore(int maxTrackedKeys) {
        this.maxTrackedKeys = maxTrackedKeys;
    }

    @Override
    public Map<String, FailureWindow> windows(Collection<String> keyHashes) {
        Map<String, FailureWindow> found = new HashMap<>();
        for (String hash : keyHashes) {
            FailureWindow window = windows.get(hash);
            if (window != null) {
                found.put(hash, window);
            }
        }
        return found;
    }

    @Override
    public FailureWindow countFailure(String keyHash, Instant now, Duration length) {
        FailureWindow fresh = new FailureWindow(now, now.plus(length), 1);
        if (!windows.containsKey(keyHash) && windows.size() >= maxTrackedKeys) {
            windows.values().removeIf(w -> w.endedAt(now));
            if (windows.size() >= maxTrackedKeys) {
                return fresh;
            }
        }
        return windows.merge(keyHash, fresh, (old, first) -> old.endedAt(now) ? first
                : new FailureWindow(old.start(), old.end(), old.failures() + 1));
    }

    @Override
    public void clearFailures(String keyHash) {
        windows.remove(keyHash);
    }

    @Override
    public Optional<Instant> lastSuccess(String sourceHash, Instant now) {
        Source entry = sources.get(sourceHash);
        return entry != null && entry.expiresAt().isAfter(now) ? Optional.of(entry.last()) : Optional.empty();
    }

    @Override
    public void rememberSuccess(String sourceHash, Instant now, Instant expiresAt) {
        if (!sources.containsKey(sourceHash) && sources.size() >= maxTrackedKeys) {
            sources.values().removeIf(e -> !e.expiresAt().isAfter(now));
            if (sources.size() >= maxTrackedKeys) {
                return;
            }
        }
        sources.put(sourceHash, new Source(now, expiresAt));
    }

    @Override
    public int purge(Instant now) {
        int before = windows.size() + sources.size();
        windows.values().removeIf(w -> w.endedAt(now));
        sources.values().removeIf(e -> !e.expiresAt().isAfter(now));
        return before - windows.size() - sources.size();
    }

    private record Source(Instant last, Instant expiresAt) {
    }

    /** How many keys and sources are tracked now (tests of the memory bound). */
    int size() {
        return windows.size() + sources.size();
    }
}
