package dev.jeton.grant.family;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Token families, their refresh tokens, and the access tokens issued in them. */
public interface TokenFamilyStore {

    void createFamily(TokenFamily family);

    Optional<TokenFamily> findFamily(String familyId);

    /**
     * Revokes the family: the family row, every refresh token of it, and every access token
     * recorded for it. Idempotent; the first reason is kept.
     */
    void revokeFamily(String familyId, String reason, Instant now);

    void saveRefreshToken(RefreshTokenRecord token);

    Optional<RefreshTokenRecord> findRefreshToken(String tokenHash);

    /**
     * Rotates a live refresh token: one conditional update
     * ({@code ... set consumed_at = :now, successor_hash = :s, sealed_response = :sealed
     * where hash = :h and consumed_at is null}); true only for the one caller that won. The seal
     * goes in the same update, so a spent token is never seen without it. The purge forgets the seal once
     * the grace window is over ({@code ExpiredGrantState#dropSealedResponses}); revoking the family forgets
     * it at once.
     */
    boolean consumeRefreshToken(String tokenHash, String successorHash, byte[] sealedResponse, Instant now);

    /** Remembers an access token (by jti) issued in a family, so that revoking the family reaches it. */
    void recordAccessToken(String jwtId, String familyId, Instant expiresAt);

    /** The family an access token was issued in; empty for tokens of no family (client_credentials). */
    Optional<TokenFamily> familyOfAccessToken(String jwtId);

    /** True when the access token's family was revoked. Unknown jtis are not revoked. */
    boolean isAccessTokenRevoked(String jwtId);

    /** The families a session produced (issue #18), revoked or not. */
    List<TokenFamily> familiesOfSession(String sid);

    /**
     * A family that outlives its session (offline access, issue #18): the access tokens recorded for it so far are
     * revoked, and it no longer names the session, so the tokens refreshed from it later are not the session's.
     */
    void detachFromSession(String familyId);
}
