package dev.jeton.token;

import java.time.Instant;
import java.util.Objects;

/**
 * The claims of a logout token (OpenID Connect Back-Channel Logout 1.0 §2.4): iss, aud (the client), iat, exp,
 * jti, events with the back-channel logout event, and sid and/or sub. Never a nonce (§2.4: "A nonce Claim MUST NOT
 * be present", so a logout token cannot pass for an ID token).
 *
 * @param subject the user's sub, or null when only the session is named
 * @param sid     the session's sid, or null when only the user is named
 */
public record LogoutTokenClaims(String issuer, String clientId, String subject, String sid, String jwtId,
                                Instant issuedAt, Instant expiresAt) {

    /** §2.4: the member of {@code events} that makes a JWT a logout token. */
    public static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /** §2.4 and RFC 8725 §3.11: the explicit type of a logout token. */
    public static final String TYPE = "logout+jwt";

    public LogoutTokenClaims {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(jwtId, "jwtId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (subject == null && sid == null) {
            throw new IllegalArgumentException("Back-Channel Logout 1.0 section 2.4: a logout token names sub or sid");
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("exp must be after iat");
        }
    }
}
