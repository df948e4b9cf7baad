package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Something a browser has waiting for its user (a pending authorization request, a device
 * activation waiting for a sign-in), where every node reads it (issue #19: no session affinity).
 * Only hashes name it: of its random id, and of the browser's cookie.
 */
@Entity
@Table(name = "jeton_browser_pending", indexes = {
        @Index(name = "jeton_browser_pending_browser", columnList = "browser_hash"),
        @Index(name = "jeton_browser_pending_expires", columnList = "expires_at")})
public class BrowserPendingEntity {

    @Id
    @Column(name = "id_hash", length = 64)
    private String idHash;

    @Column(name = "browser_hash", length = 64, nullable = false)
    private String browserHash;

    @Column(name = "kind", length = 20, nullable = false)
    private String kind;

    /** The validated request as JSON, or the user code of an activation. */
    @Column(name = "payload", length = 32000, nullable = false)
    private String payload;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    public String getIdHash() { return idHash; }
    public void setIdHash(String idHash) { this.idHash = idHash; }
    public String getBrowserHash() { return browserHash; }
    public void setBrowserHash(String browserHash) { this.browserHash = browserHash; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getPayload() { return payload; }
    public void setPayload(String payload) { this.payload = payload; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
    public Instant getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Instant expiresAt) { this.expiresAt = expiresAt; }
}
