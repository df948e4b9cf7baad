package dev.jeton.throttle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications per {@link ThrottleKey} in a sliding window and says when a key
 * must wait (RFC 6819 §5.1.4.2.3 lock accounts, §5.1.4.2.4 tar pit: limit online guessing). A key with
 * {@code limit} failures inside the window is blocked until the oldest of them leaves it, so an
 * attacker gets at most {@code limit} guesses per window, and attempts refused while blocked are
 * not counted (the lockout ends on time for the legitimate owner however long an attack runs).
 * A success clears the key's count; address counts only decay, so one valid account does not
 * reset the count of an address guessing at others.
 * <p>
 * State is in memory, per node: with N nodes behind a balancer an attacker gets up to N times
 * the limit (less with sticky routing). That is acceptable for slowing guessing; a shared store
 * would be needed for exact limits across a cluster. Memory is bounded by
 * {@code maxTrackedKeys}: when full, expired keys are dropped, and if it is still full new keys
 * are not tracked until some expire (their address is still counted).
 */
@ApplicationScoped
public class FailureThrottle {

    private final FailureLimits limits;
    private final Map<ThrottleKey, Window> windows = new ConcurrentHashMap<>();

    /** The authentication throttle of {@code jeton.throttle.*} (clients, users, addresses). */
    @Inject
    public FailureThrottle(ThrottleSettings settings) {
        this((FailureLimits) settings);
    }

    /** A throttle of its own limits, e.g. the device flow's wrong user codes (RFC 8628 §5.1). */
    public FailureThrottle(FailureLimits limits) {
        this.limits = limits;
    }

    /** For CDI's client proxy only. */
    protected FailureThrottle() {
        this.limits = null;
    }

    /** Made at deployment, so a bad jeton.throttle.* value stops it instead of failing the first request. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        Objects.requireNonNull(limits.window());
    }

    /** How long the caller must wait before any of {@code keys} may try again; empty when none is blocked. */
    public Optional<Duration> retryAfter(Collection<ThrottleKey> keys, Instant now) {
        Duration longest = null;
        for (ThrottleKey key : keys) {
            int limit = limits.limit(key.kind());
            Window window = windows.get(key);
            if (limit == 0 || window == null) {
                continue;
            }
            Optional<Duration> wait = window.blockedFor(limit, limits.window(), now);
            if (wait.isPresent() && (longest == null || wait.get().compareTo(longest) > 0)) {
                longest = wait.get();
            }
        }
        return Optional.ofNullable(longest);
    }

    /** Whole seconds for {@code Retry-After} (RFC 6585 §4), rounded up, at least 1. */
    public static long seconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }

    /** Counts a failure; true when it is the one that blocks the key (for a single audit event per lockout). */
    public boolean recordFailure(ThrottleKey key, Instant now) {
        int limit = limits.limit(key.kind());
        if (limit == 0) {
            return false;
        }
        Window window = windows.get(key);
        if (window == null) {
            if (windows.size() >= limits.maxTrackedKeys()) {
                purgeExpired(now);
                if (windows.size() >= limits.maxTrackedKeys()) {
                    return false;
                }
            }
            window = windows.computeIfAbsent(key, k -> new Window());
        }
        return window.add(now, limit, limits.window());
    }

    /** A successful authentication: the key starts again from zero. */
    public void recordSuccess(ThrottleKey key) {
        windows.remove(key);
    }

    /** How many keys are tracked now (for tests and the memory bound). */
    int trackedKeys() {
        return windows.size();
    }

    private void purgeExpired(Instant now) {
        windows.entrySet().removeIf(e -> e.getValue().expired(limits.window(), now));
    }

    /** The latest failures of one key, at most {@code limit} of them, oldest first. */
    private static final class Window {
        private final ArrayDeque<Instant> failures = new ArrayDeque<>();

        synchronized boolean add(Instant now, int limit, Duration window) {
            boolean wasBlocked = blockedFor(limit, window, now).isPresent();
            failures.addLast(now);
            while (failures.size() > limit) {
                failures.removeFirst();
            }
            return !wasBlocked && blockedFor(limit, window, now).isPresent();
        }

        synchronized Optional<Duration> blockedFor(int limit, Duration window, Instant now) {
            if (failures.size() < limit) {
                return Optional.empty();
            }
            Instant free = failures.peekFirst().plus(window);
            return free.isAfter(now) ? Optional.of(Duration.between(now, free)) : Optional.empty();
        }

        synchronized boolean expired(Duration window, Instant now) {
            return failures.isEmpty() || !failures.peekLast().plus(window).isAfter(now);
        }
    }
}
