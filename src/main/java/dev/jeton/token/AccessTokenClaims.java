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
 */
public record AccessTokenClaims(String issuer, String subject, List<String> audience, String clientId,
                                String scope, Instant issuedAt, Instant expiresAt, String jwtId,
                                String dpopKeyThumbprint, Map<String, Object> extra) {

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
