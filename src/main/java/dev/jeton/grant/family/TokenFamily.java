package dev.jeton.grant.family;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.Objects;

/**
 * One grant: the chain of refresh tokens (and the access tokens issued with them) that started
 * with one authorization code. Reuse of a spent code or refresh token revokes the whole family
 * (OAuth 2.0 Security BCP, RFC 9700 §4.14.2).
 *
 * @param absoluteExpiry after this no refresh token of the family is honoured, however fresh
 * @param revokedAt      when the family was revoked, or null
 * @param revokedReason  why (an enum name), or null
 * @param userinfoClaims claim names the authorization request asked userinfo for (OIDC Core §5.5), space-separated
 * @param dpopKeyThumbprint the DPoP key the family's refresh tokens are bound to (RFC 9449 §5: public clients), or null
 * @param resources      the resources (RFC 8707) the grant covers: a refresh may ask for any of them, never another
 * @param certificateThumbprint the certificate ({@code x5t#S256}) the family's refresh tokens are bound to (RFC 8705
 *                       §4: public clients), or null
 * @param sid            the session the grant came from (issue #18): the {@code sid} of its ID tokens, and ending the
 *                       session ends its access tokens; null for grants of no browser session
 */
public record TokenFamily(String id, String clientId, String subject, String scope, Instant authTime,
                          Instant createdAt, Instant absoluteExpiry, Instant revokedAt, String revokedReason,
                          String userinfoClaims, String dpopKeyThumbprint, List<String> resources,
                          String certificateThumbprint, String sid) {

    /** A family whose refresh tokens are not bound to a certificate, of no session. */
    public TokenFamily(String id, String clientId, String subject, String scope, Instant authTime, Instant createdAt,
                       Instant absoluteExpiry, Instant revokedAt, String revokedReason, String userinfoClaims,
                       String dpopKeyThumbprint, List<String> resources) {
        this(id, clientId, subject, scope, authTime, createdAt, absoluteExpiry, revokedAt, revokedReason,
                userinfoClaims, dpopKeyThumbprint, resources, null, null);
    }

    /** A family whose grant covers no resource (RFC 8707). */
    public TokenFamily(String id, String clientId, String subject, String scope, Instant authTime, Instant createdAt,
                       Instant absoluteExpiry, Instant revokedAt, String revokedReason, String userinfoClaims,
                       String dpopKeyThumbprint) {
        this(id, clientId, subject, scope, authTime, createdAt, absoluteExpiry, revokedAt, revokedReason,
                userinfoClaims, dpopKeyThumbprint, List.of());
    }

    /** A family whose refresh tokens are not bound to a DPoP key. */
    public TokenFamily(String id, String clientId, String subject, String scope, Instant authTime, Instant createdAt,
                       Instant absoluteExpiry, Instant revokedAt, String revokedReason, String userinfoClaims) {
        this(id, clientId, subject, scope, authTime, createdAt, absoluteExpiry, revokedAt, revokedReason,
                userinfoClaims, null);
    }

    /** A family without a claims request for userinfo. */
    public TokenFamily(String id, String clientId, String subject, String scope, Instant authTime, Instant createdAt,
                       Instant absoluteExpiry, Instant revokedAt, String revokedReason) {
        this(id, clientId, subject, scope, authTime, createdAt, absoluteExpiry, revokedAt, revokedReason, null);
    }

    public TokenFamily {
        resources = resources == null ? List.of() : List.copyOf(resources);
        Objects.requireNonNull(id);
        Objects.requireNonNull(clientId);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(scope);
        Objects.requireNonNull(createdAt);
        Objects.requireNonNull(absoluteExpiry);
    }

    /**
     * A family opened now: not revoked, no user authentication time, no userinfo claims request,
     * not bound to a key; the {@code with...} steps add what the grant has.
     */
    public static TokenFamily opened(String id, String clientId, String subject, String scope, Instant createdAt,
                                     Instant absoluteExpiry) {
        return new TokenFamily(id, clientId, subject, scope, null, createdAt, absoluteExpiry, null, null, null, null);
    }

    /** OIDC Core §2 auth_time, carried into the ID tokens of later refreshes (§12.2). */
    public TokenFamily withAuthTime(Instant value) {
        return new TokenFamily(id, clientId, subject, scope, value, createdAt, absoluteExpiry, revokedAt,
                revokedReason, userinfoClaims, dpopKeyThumbprint, resources, certificateThumbprint, sid);
    }

    /** OIDC Core §5.5: claim names requested for userinfo, space-separated; blank for none. */
    public TokenFamily withUserinfoClaims(String value) {
        return new TokenFamily(id, clientId, subject, scope, authTime, createdAt, absoluteExpiry, revokedAt,
                revokedReason, value, dpopKeyThumbprint, resources, certificateThumbprint, sid);
    }

    /** RFC 9449 §5: the DPoP key the family's refresh tokens are bound to, or null for none. */
    public TokenFamily withDpopKey(String thumbprint) {
        return new TokenFamily(id, clientId, subject, scope, authTime, createdAt, absoluteExpiry, revokedAt,
                revokedReason, userinfoClaims, thumbprint, resources, certificateThumbprint, sid);
    }

    /** RFC 8707: the resources the grant covers. */
    public TokenFamily withResources(List<String> value) {
        return new TokenFamily(id, clientId, subject, scope, authTime, createdAt, absoluteExpiry, revokedAt,
                revokedReason, userinfoClaims, dpopKeyThumbprint, value, certificateThumbprint, sid);
    }

    /** RFC 8705 §4: the certificate the family's refresh tokens are bound to, or null for none. */
    public TokenFamily withCertificate(String thumbprint) {
        return new TokenFamily(id, clientId, subject, scope, authTime, createdAt, absoluteExpiry, revokedAt,
                revokedReason, userinfoClaims, dpopKeyThumbprint, resources, thumbprint, sid);
    }

    /** The session the grant came from (issue #18), or null. */
    public TokenFamily withSession(String value) {
        return new TokenFamily(id, clientId, subject, scope, authTime, createdAt, absoluteExpiry, revokedAt,
                revokedReason, userinfoClaims, dpopKeyThumbprint, resources, certificateThumbprint, value);
    }

    public Set<String> userinfoClaimNames() {
        return userinfoClaims == null || userinfoClaims.isBlank() ? Set.of()
                : Set.copyOf(Arrays.asList(userinfoClaims.trim().split(" +")));
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
