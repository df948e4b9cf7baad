package dev.jeton.session;

import java.time.Instant;
import java.util.Objects;

/**
 * One sign-in of a user in one browser, as data (OpenID Connect Back-Channel Logout 1.0 §2.1 "session"):
 * {@code sid} names it in ID tokens and logout tokens. It is over when it ended (logout, an operator) or when
 * it went unused for the idle lifetime or outlived the absolute one; then the user signs in again.
 *
 * @param sid           opaque and random; never the browser's cookie (a client sees the sid, and must not be
 *                      able to present it as the cookie)
 * @param endedReason   why it ended (an enum name of {@link EndReason}), or null
 * @param endedBy       who ended it: the user's subject, or the operator's client id; null while it runs
 */
public record UserSession(String sid, String subject, Instant authTime, String amr, String acr, Instant createdAt,
                          Instant lastSeenAt, Instant idleExpiresAt, Instant absoluteExpiresAt, Instant endedAt,
                          String endedReason, String endedBy) {

    public UserSession {
        Objects.requireNonNull(sid, "sid");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(authTime, "authTime");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        Objects.requireNonNull(idleExpiresAt, "idleExpiresAt");
        Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
    }

    /** Not ended, and within both lifetimes at {@code now}. */
    public boolean activeAt(Instant now) {
        return endedAt == null && now.isBefore(idleExpiresAt) && now.isBefore(absoluteExpiresAt);
    }
}
