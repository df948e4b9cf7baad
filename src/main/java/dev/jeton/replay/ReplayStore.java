package dev.jeton.replay;

import java.time.Instant;

/**
 * Remembers the {@code jti} of every one-time JWT the server accepted (client assertions, DPoP
 * proofs, request objects) until it could no longer be accepted anyway. One store for all of them,
 * kept in the database, so that a replay is refused by every node and after a restart.
 */
public interface ReplayStore {

    /**
     * Records {@code jti} under {@code kind} and {@code namespace} (e.g. the client id) and
     * answers whether this was its first use. Atomic: of two concurrent calls with the same
     * values exactly one gets true, on every node.
     *
     * @param expiresAt until when the value must be remembered (after it the JWT is refused for
     *                  its age anyway)
     */
    boolean firstUse(ReplayKind kind, String namespace, String jti, Instant expiresAt, Instant now);
}
