package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * An access token revoked on its own (RFC 7009), by jti. Kept until the token's own expiry, after
 * which the token is dead anyway and the purge deletes the record (hence the index).
 */
@Entity
@Table(name = "jeton_revoked_token", indexes = @Index(name = "jeton_revoked_token_expiry", columnList = "expires_at"))
public class RevokedTokenEntity {

    @Id
    @Column(name = "jwt_id", length = 64)
    private String jwtId;

    @Column(name = "client_id", length = 200, nullable = false)
    private String clientId;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "revoked_at", nullable = false)
    private Instant revokedAt;

    public String getJwtId() { return jwtId; }
    public void setJwtId(String jwtId) { this.jwtId = jwtId; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public Instant getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Instant expiresAt) { this.expiresAt = expiresAt; }
    public Instant getRevokedAt() { return revokedAt; }
    public void setRevokedAt(Instant revokedAt) { this.revokedAt = revokedAt; }
}
