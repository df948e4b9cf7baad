package dev.jeton.lifecycle;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Revoked jtis in memory, with the same semantics as the JPA store. */
public final class MemoryRevocationStore implements RevocationStore {

    final Map<String, Instant> expiries = new HashMap<>();

    @Override
    public synchronized void revoke(String jwtId, String clientId, Instant expiresAt, Instant now) {
        expiries.putIfAbsent(jwtId, expiresAt);
    }

    @Override
    public synchronized boolean isRevoked(String jwtId) {
        return expiries.containsKey(jwtId);
    }

    @Override
    public synchronized int purgeExpired(Instant cutoff) {
        int before = expiries.size();
        expiries.values().removeIf(e -> e.isBefore(cutoff));
        return before - expiries.size();
    }
}
