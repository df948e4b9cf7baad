package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/** A device authorization request (RFC 8628): hashes of its codes, the user's decision, polling state. */
@Entity
@Table(name = "jeton_device_authorization", indexes = @Index(name = "jeton_device_user_code", columnList = "user_code_hash"))
public class DeviceAuthorizationEntity {

    @Id
    @Column(name = "device_code_hash", length = 64)
    private String deviceCodeHash;

    @Column(name = "user_code_hash", length = 64, nullable = false)
    private String userCodeHash;

    @Column(name = "client_id", length = 200, nullable = false)
    private String clientId;

    @Column(name = "scope", length = 2000, nullable = false)
    private String scope;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "interval_seconds", nullable = false)
    private long intervalSeconds;

    @Column(name = "last_polled_at")
    private Instant lastPolledAt;

    @Column(name = "status", length = 10, nullable = false)
    private String status;

    @Column(name = "subject", length = 255)
    private String subject;

    @Column(name = "auth_time")
    private Instant authTime;

    @Column(name = "decided_at")
    private Instant decidedAt;

    @Column(name = "consumed", nullable = false)
    private boolean consumed;

    @Column(name = "consumed_at")
    private Instant consumedAt;

    public String getDeviceCodeHash() { return deviceCodeHash; }
    public void setDeviceCodeHash(String v) { this.deviceCodeHash = v; }
    public String getUserCodeHash() { return userCodeHash; }
    public void setUserCodeHash(String v) { this.userCodeHash = v; }
    public String getClientId() { return clientId; }
    public void setClientId(String v) { this.clientId = v; }
    /** RFC 8707: the resources the device asked for, space-separated; null for none. */
    @Column(name = "resources", length = TextColumn.LENGTH)
    private String resources;

    public String getResources() { return resources; }
    public void setResources(String v) { this.resources = v; }
    public String getScope() { return scope; }
    public void setScope(String v) { this.scope = v; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant v) { this.createdAt = v; }
    public Instant getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Instant v) { this.expiresAt = v; }
    public long getIntervalSeconds() { return intervalSeconds; }
    public void setIntervalSeconds(long v) { this.intervalSeconds = v; }
    public Instant getLastPolledAt() { return lastPolledAt; }
    public void setLastPolledAt(Instant v) { this.lastPolledAt = v; }
    public String getStatus() { return status; }
    public void setStatus(String v) { this.status = v; }
    public String getSubject() { return subject; }
    public void setSubject(String v) { this.subject = v; }
    public Instant getAuthTime() { return authTime; }
    public void setAuthTime(Instant v) { this.authTime = v; }
    public Instant getDecidedAt() { return decidedAt; }
    public void setDecidedAt(Instant v) { this.decidedAt = v; }
    public boolean isConsumed() { return consumed; }
    public void setConsumed(boolean v) { this.consumed = v; }
    public Instant getConsumedAt() { return consumedAt; }
    public void setConsumedAt(Instant v) { this.consumedAt = v; }
}
