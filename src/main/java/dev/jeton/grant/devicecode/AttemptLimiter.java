package dev.jeton.grant.devicecode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed attempts per key in a sliding window (RFC 8628 §5.1: user codes are short, so
 * guessing must be rate-limited). Keys are, say, a source address or a session id. Memory is
 * bounded: at most {@code maxKeys} keys are tracked, the least recently used going first.
 */
public final class AttemptLimiter {

    private final int limit;
    private final Duration window;
    private final int maxKeys;
    private final LinkedHashMap<String, Deque<Instant>> failures;

    public AttemptLimiter(int limit, Duration window, int maxKeys) {
        this.limit = limit;
        this.window = window;
        this.maxKeys = maxKeys;
        this.failures = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
                return size() > AttemptLimiter.this.maxKeys;
            }
        };
    }

    /** True when {@code key} has used up its failures in the window ending at {@code now}. */
    public synchronized boolean blocked(String key, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return false;
        }
        prune(times, now);
        return times.size() >= limit;
    }

    public synchronized void recordFailure(String key, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        prune(times, now);
        times.addLast(now);
    }

    /** When the oldest failure in the window leaves it; {@code now} when not blocked. */
    public synchronized Instant retryAfter(String key, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null || times.isEmpty()) {
            return now;
        }
        prune(times, now);
        return times.isEmpty() ? now : times.peekFirst().plus(window);
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant cutoff = now.minus(window);
        Iterator<Instant> it = times.iterator();
        while (it.hasNext() && !it.next().isAfter(cutoff)) {
            it.remove();
        }
    }
}
