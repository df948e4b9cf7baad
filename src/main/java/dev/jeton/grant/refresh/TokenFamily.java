package dev.jeton.grant.refresh;

import java.time.Instant;
import java.util.Objects;

/**
 * One grant: the chain of refresh tokens (and the access tokens issued with them) that started
 * with one authorization code. Reuse of a spent code or refresh token revokes the whole family
 * (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
 *
 * @param absoluteExpiry after this no refresh token of the family is honoured, however fresh
 * @param revokedAt      when the family was revoked, or null
 * @param revokedReason  why (an enum name), or null
 */
public record TokenFamily(String id, String clientId, String subject, String scope, Instant authTime,
                          Instant createdAt, Instant absoluteExpiry, Instant revokedAt, String revokedReason) {

    public TokenFamily {
        Objects.requireNonNull(id);
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(scope);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(absoluteExpiry);
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
