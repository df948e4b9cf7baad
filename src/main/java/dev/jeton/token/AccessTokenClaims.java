package dev.jeton.token;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The claims of a JWT access token (RFC 9068 §2.2). {@code scope} is space-separated and may
 * be empty. {@code dpopKeyThumbprint}, when set, binds the token to a DPoP key ({@code cnf.jkt},
 * RFC 9449 §6.1).
 *
 * @param extra further claims, such as RFC 8693 {@code act}; never the registered ones above
 * @param certificateThumbprint when set, binds the token to a client certificate ({@code cnf.x5t#S256}, RFC 8705 §3.1)
 */
public record AccessTokenClaims(String issuer, String subject, List<String> audience, String clientId,
                                String scope, Instant issuedAt, Instant expiresAt, String jwtId,
                                String dpopKeyThumbprint, Map<String, Object> extra, String certificateThumbprint) {

    /** A token not bound to a certificate. */
    public AccessTokenClaims(String issuer, String subject, List<String> audience, String clientId, String scope,
                             Instant issuedAt, Instant expiresAt, String jwtId, String dpopKeyThumbprint,
                             Map<String, Object> extra) {
        this(issuer, subject, audience, clientId, scope, issuedAt, expiresAt, jwtId, dpopKeyThumbprint, extra, null);
    }

    /** This token bound to the client certificate with thumbprint {@code x5tS256} too (or not, when null). */
    public AccessTokenClaims withCertificate(String x5tS256) {
        return new AccessTokenClaims(issuer, subject, audience, clientId, scope, issuedAt, expiresAt, jwtId,
                dpopKeyThumbprint, extra, x5tS256);
    }

    /** A bearer token. */
    public AccessTokenClaims(String issuer, String subject, List<String> audience, String clientId, String scope,
                             Instant issuedAt, Instant expiresAt, String jwtId) {
        this(issuer, subject, audience, clientId, scope, issuedAt, expiresAt, jwtId, null, Map.of());
    }

    /** A token bound to a DPoP key, or a bearer token when the thumbprint is null. */
    public AccessTokenClaims(String issuer, String subject, List<String> audience, String clientId, String scope,
                             Instant issuedAt, Instant expiresAt, String jwtId, String dpopKeyThumbprint) {
        this(issuer, subject, audience, clientId, scope, issuedAt, expiresAt, jwtId, dpopKeyThumbprint, Map.of());
    }

    public AccessTokenClaims {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(jwtId, "jwtId");
        audience = List.copyOf(audience);
        if (audience.isEmpty()) {
            throw new IllegalArgumentException("RFC 9068 §2.2: aud is required");
        }
    }
}
