package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A refresh token, kept by the SHA-256 of its value only. Rotation sets {@code consumed_at} with
 * one conditional update; the family id is indexed because revoking a family updates all of them.
 */
@Entity
@Table(name = "jeton_refresh_token", indexes = @Index(name = "jeton_refresh_token_family", columnList = "family_id"))
public class RefreshTokenEntity {

    @Id
    @Column(name = "token_hash", length = 64)
    private String tokenHash;

    @Column(name = "family_id", length = 64, nullable = false)
    private String familyId;

    @Column(name = "client_id", length = 200, nullable = false)
    private String clientId;

    @Column(name = "scope", length = 2000, nullable = false)
    private String scope;

    @Column(name = "issued_at", nullable = false)
    private Instant issuedAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "consumed_at")
    private Instant consumedAt;

    @Column(name = "successor_hash", length = 64)
    private String successorHash;

    /**
     * The rotation's response (successor, access and ID token) encrypted under this token's value, only
     * with a grace window; a plain VARBINARY, not a LOB. A new column (the old 512-byte
     * {@code sealed_successor} held the successor alone and is no longer read or written):
     * {@code hbm2ddl=update} adds columns but never widens one.
     */
    @Column(name = "sealed_response", length = 16384)
    private byte[] sealedResponse;

    public String getTokenHash() { return tokenHash; }
    public void setTokenHash(String tokenHash) { this.tokenHash = tokenHash; }
    public String getFamilyId() { return familyId; }
    public void setFamilyId(String familyId) { this.familyId = familyId; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getScope() { return scope; }
    public void setScope(String scope) { this.scope = scope; }
    public Instant getIssuedAt() { return issuedAt; }
    public void setIssuedAt(Instant issuedAt) { this.issuedAt = issuedAt; }
    public Instant getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Instant expiresAt) { this.expiresAt = expiresAt; }
    public Instant getConsumedAt() { return consumedAt; }
    public void setConsumedAt(Instant consumedAt) { this.consumedAt = consumedAt; }
    public String getSuccessorHash() { return successorHash; }
    public void setSuccessorHash(String successorHash) { this.successorHash = successorHash; }
    public byte[] getSealedResponse() { return sealedResponse; }
    public void setSealedResponse(byte[] sealedResponse) { this.sealedResponse = sealedResponse; }
}
