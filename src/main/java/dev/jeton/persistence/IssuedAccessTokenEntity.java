package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * An access token issued in a token family, by jti (RFC 7519 §4.1.7): the token itself is a
 * signed JWT and is not stored. The record lets a family revocation reach the access tokens.
 */
@Entity
@Table(name = "jeton_access_token", indexes = @Index(name = "jeton_access_token_family", columnList = "family_id"))
public class IssuedAccessTokenEntity {

    @Id
    @Column(name = "jwt_id", length = 64)
    private String jwtId;

    @Column(name = "family_id", length = 64, nullable = false)
    private String familyId;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "revoked", nullable = false)
    private boolean revoked;

    public String getJwtId() { return jwtId; }
    public void setJwtId(String jwtId) { this.jwtId = jwtId; }
    public String getFamilyId() { return familyId; }
    public void setFamilyId(String familyId) { this.familyId = familyId; }
    public Instant getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Instant expiresAt) { this.expiresAt = expiresAt; }
    public boolean isRevoked() { return revoked; }
    public void setRevoked(boolean revoked) { this.revoked = revoked; }
}
