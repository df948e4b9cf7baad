package dev.jeton.lifecycle;

import java.time.Instant;

/**
 * Access tokens revoked one by one (RFC 7009 §2), by {@code jti}. The token itself is a signed JWT
 * that keeps verifying until it expires, so the record is what makes it inactive; it is kept with
 * the token's expiry and can be purged once the token would have expired anyway.
 */
public interface RevocationStore {

    /** Records the revocation; a second revocation of the same jti changes nothing. */
    void revoke(String jwtId, String clientId, Instant expiresAt, Instant now);

    boolean isRevoked(String jwtId);

    /** Deletes the records of tokens that expired before {@code cutoff}; returns how many. */
    int purgeExpired(Instant cutoff);
}
