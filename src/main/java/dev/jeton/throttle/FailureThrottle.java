package dev.jeton.throttle;

import dev.jeton.vocabulary.TokenHashes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications per {@link ThrottleKey} and says when a key must wait (RFC 6819
 * §5.1.4.2.3 lock accounts, §5.1.4.2.4 tar pit: limit online guessing). Failures are counted in a
 * fixed window that opens at a key's first failure ({@link FailureWindow}); a key with
 * {@code limit} failures in it is blocked until the window ends, so an attacker gets at most
 * {@code limit} guesses per window, and attempts refused while blocked are not counted (the lockout
 * ends on time for the legitimate owner however long an attack runs). A success clears the key's
 * count; address counts only decay, so one valid account does not reset the count of an address
 * guessing at others.
 * <p>
 * The counts live in a {@link ThrottleStore}: by default the database every node shares, so a
 * cluster has one limit, not one per node (issue #19). Each key is stored under the SHA-256 of its
 * {@code scope}, kind and value: two throttles with their own limits (the authentication throttle,
 * the device flow's wrong codes) never share a count.
 * <p>
 * Successes are far more frequent than failures, so a success that need not read the counts (a
 * client with nothing to guess, a known source) clears a key only when this node counted failures
 * for it ({@link #recordSuccessIfCountedHere}): no statement otherwise. A count another node made is
 * then left to end with its window: stricter, never looser, than clearing it.
 */
@ApplicationScoped
public class FailureThrottle {

    /** The scope of the authentication throttle's keys ({@code jeton.throttle.*}). */
    static final String AUTHENTICATION = "authentication";

    private final FailureLimits limits;
    private final String scope;
    private final ThrottleStore store;
    /** The hashes of keys this node counted failures for since their last clearing (bounded: a hint). */
    private final Set<String> countedHere = ConcurrentHashMap.newKeySet();

    /** The authentication throttle of {@code jeton.throttle.*} (clients, users, addresses). */
    @Inject
    public FailureThrottle(ThrottleSettings settings, ThrottleStore store) {
        this(settings, AUTHENTICATION, store);
    }

    /** A throttle of its own limits and scope, e.g. the device flow's wrong user codes (RFC 8628 §5.1). */
    public FailureThrottle(FailureLimits limits, String scope, ThrottleStore store) {
        this.limits = Objects.requireNonNull(limits);
        this.scope = Objects.requireNonNull(scope);
        this.store = Objects.requireNonNull(store);
    }

    /** A throttle of these limits whose counts are in this object's memory (unit tests). */
    public static FailureThrottle inMemory(FailureLimits limits) {
        return new FailureThrottle(limits, AUTHENTICATION, new MemoryThrottleStore(limits.maxTrackedKeys()));
    }

    /** For CDI's client proxy only. */
    protected FailureThrottle() {
        this.limits = null;
        this.scope = null;
        this.store = null;
    }

    /** Made at deployment, so a bad jeton.throttle.* value stops it instead of failing the first request. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        Objects.requireNonNull(limits.window());
    }

    /** How long the caller must wait before any of {@code keys} may try again; empty when none is blocked. */
    public Optional<Duration> retryAfter(Collection<ThrottleKey> keys, Instant now) {
        return read(keys).retryAfter(now);
    }

    /**
     * The counts of {@code keys} in one read (one statement on the database store): whether any is
     * blocked, and which have failures. Keys whose kind has no limit are not read.
     */
    public Counts read(Collection<ThrottleKey> keys) {
        Map<ThrottleKey, String> hashes = new LinkedHashMap<>();
        for (ThrottleKey key : keys) {
            if (limits.limit(key.kind()) > 0) {
                hashes.put(key, hash(key));
            }
        }
        if (hashes.isEmpty()) {
            return new Counts(List.of());
        }
        Map<String, FailureWindow> windows = store.windows(hashes.values());
        List<Count> counts = new ArrayList<>();
        hashes.forEach((key, hash) -> {
            FailureWindow window = windows.get(hash);
            if (window != null) {
                counts.add(new Count(key, window, limits.limit(key.kind())));
            }
        });
        return new Counts(counts);
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
        String hash = hash(key);
        if (countedHere.size() >= limits.maxTrackedKeys()) {
            countedHere.clear();
        }
        countedHere.add(hash);
        return store.countFailure(hash, now, limits.window()).failures() == limit;
    }

    /** A successful authentication: the key starts again from zero. */
    public void recordSuccess(ThrottleKey key) {
        if (limits.limit(key.kind()) > 0) {
            String hash = hash(key);
            countedHere.remove(hash);
            store.clearFailures(hash);
        }
    }

    /** A success that read no counts: clears the key when this node counted failures for it, else nothing. */
    public void recordSuccessIfCountedHere(ThrottleKey key) {
        if (limits.limit(key.kind()) > 0) {
            String hash = hash(key);
            if (countedHere.remove(hash)) {
                store.clearFailures(hash);
            }
        }
    }

    /** The stored name of a key: its value never reaches the store (usernames, addresses are personal data). */
    String hash(ThrottleKey key) {
        return TokenHashes.sha256(scope + '\n' + key.kind().name() + '\n' + key.value());
    }

    /** One key's open window and its limit. */
    record Count(ThrottleKey key, FailureWindow window, int limit) {
    }

    /** What {@link #read} found. */
    public static final class Counts {
        private final List<Count> counts;

        Counts(List<Count> counts) {
            this.counts = List.copyOf(counts);
        }

        /** The longest wait any of the keys imposes at {@code now}; empty when none is blocked. */
        public Optional<Duration> retryAfter(Instant now) {
            Duration longest = null;
            for (Count count : counts) {
                Optional<Duration> wait = count.window().blockedFor(count.limit(), now);
                if (wait.isPresent() && (longest == null || wait.get().compareTo(longest) > 0)) {
                    longest = wait.get();
                }
            }
            return Optional.ofNullable(longest);
        }

        /** True when {@code key} has failures in a window open at {@code now}. */
        public boolean hasFailures(ThrottleKey key, Instant now) {
            return counts.stream().anyMatch(c -> c.key().equals(key) && !c.window().endedAt(now));
        }
    }
}
