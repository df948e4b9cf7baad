package dev.jeton.grant.family;

import java.time.Instant;
import java.util.Objects;

/**
 * A refresh token as stored: its hash, never its value.
 *
 * @param expiresAt       idle timeout: unused past this, the token is dead
 * @param consumedAt      when it was rotated, or null while live
 * @param successorHash   the hash of the token that replaced it, or null
 * @param sealedResponse  the response of this token's rotation (successor, access and ID token,
 *                        {@code grant.refresh.SealedRotation}) encrypted with a key derived from THIS token's value
 *                        (so only a holder of this token can read it), when a grace window is
 *                        configured; null otherwise, and null again once the purge finds the grace
 *                        window over or the family is revoked
 */
public record RefreshTokenRecord(String tokenHash, String familyId, String clientId, String scope,
                                 Instant issuedAt, Instant expiresAt, Instant consumedAt, String successorHash,
                                 byte[] sealedResponse) {

    public RefreshTokenRecord {
        Objects.requireNonNull(tokenHash);
        Objects.requireNonNull(familyId);
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(scope);
        Objects.requireNonNull(issuedAt);
        Objects.requireNonNull(expiresAt);
    }

    /** A token just issued: not yet rotated, so no successor and no seal. */
    public static RefreshTokenRecord live(String tokenHash, String familyId, String clientId, String scope,
                                          Instant issuedAt, Instant expiresAt) {
        return new RefreshTokenRecord(tokenHash, familyId, clientId, scope, issuedAt, expiresAt, null, null, null);
    }

    public boolean consumed() {
        return consumedAt != null;
    }
}
