package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A logout token waiting for delivery (Back-Channel Logout 1.0 §2.5): what to put in it (the token is signed at
 * each attempt, with a fresh iat/exp and the same jti), where to send it, and its retry state.
 */
@Entity
@Table(name = "jeton_backchannel_outbox")
public class BackchannelOutboxEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "jti", length = 64, nullable = false)
    private String jti;

    @Column(name = "client_id", length = 200, nullable = false)
    private String clientId;

    @Column(name = "uri", length = 2000, nullable = false)
    private String uri;

    @Column(name = "subject", length = 255)
    private String subject;

    @Column(name = "sid", length = 64)
    private String sid;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    @Column(name = "last_error", length = 200)
    private String lastError;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getJti() { return jti; }
    public void setJti(String jti) { this.jti = jti; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getUri() { return uri; }
    public void setUri(String uri) { this.uri = uri; }
    public String getSubject() { return subject; }
    public void setSubject(String subject) { this.subject = subject; }
    public String getSid() { return sid; }
    public void setSid(String sid) { this.sid = sid; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
    public int getAttempts() { return attempts; }
    public void setAttempts(int attempts) { this.attempts = attempts; }
    public Instant getNextAttemptAt() { return nextAttemptAt; }
    public void setNextAttemptAt(Instant nextAttemptAt) { this.nextAttemptAt = nextAttemptAt; }
    public Instant getLeaseUntil() { return leaseUntil; }
    public void setLeaseUntil(Instant leaseUntil) { this.leaseUntil = leaseUntil; }
    public String getLastError() { return lastError; }
    public void setLastError(String lastError) { this.lastError = lastError; }
}
