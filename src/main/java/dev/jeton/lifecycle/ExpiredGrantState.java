package dev.jeton.lifecycle;

import java.time.Instant;

/** Deletion of grant state nobody can use any more; each returns how many rows went. */
public interface ExpiredGrantState {

    /** Refresh tokens, spent or not, whose (idle) expiry is before {@code cutoff}. */
    int purgeRefreshTokens(Instant cutoff);

    /** Records of access tokens issued in families whose expiry is before {@code cutoff}. */
    int purgeAccessTokenRecords(Instant cutoff);

    /**
     * Forgets the sealed rotation responses of refresh tokens consumed before {@code consumedBefore}
     * (the start of the reuse grace window): a spent token presented after its window is reuse (RFC 9700
     * §4.14.2), its answer is never handed out again, so the tokens it holds must not stay on file.
     * Returns how many were forgotten; the rows themselves stay for the retention.
     */
    int dropSealedResponses(Instant consumedBefore);

    /**
     * Families past their absolute lifetime before {@code cutoff} that have no refresh token and no
     * access token record left (those are purged first, so nothing still pointing at a family loses it).
     */
    int purgeFamilies(Instant cutoff);
}
