package dev.jeton.replay;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The replay store's contract in memory, for unit tests of its users (the JPA one has its own test). */
public final class MemoryReplayStore implements ReplayStore {

    private final Map<String, Instant> used = new ConcurrentHashMap<>();

    @Override
    public boolean firstUse(ReplayKind kind, String namespace, String jti, Instant expiresAt, Instant now) {
        String key = kind + "\u0000" + namespace + "\u0000" + jti;
        used.entrySet().removeIf(e -> !e.getValue().isAfter(now));
        return used.putIfAbsent(key, expiresAt) == null;
    }

    public int size() {
        return used.size();
    }
}
