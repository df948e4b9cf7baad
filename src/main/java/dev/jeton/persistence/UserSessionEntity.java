package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One browser sign-in (issue #18): found by the hash of the browser's cookie, named by its sid. */
@Entity
@Table(name = "jeton_session")
public class UserSessionEntity {

    @Id
    @Column(name = "sid", length = 64)
    private String sid;

    @Column(name = "cookie_hash", length = 64, nullable = false, unique = true)
    private String cookieHash;

    @Column(name = "subject", length = 255, nullable = false)
    private String subject;

    @Column(name = "auth_time", nullable = false)
    private Instant authTime;

    @Column(name = "amr", length = 200)
    private String amr;

    @Column(name = "acr", length = 200)
    private String acr;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_seen_at", nullable = false)
    private Instant lastSeenAt;

    @Column(name = "idle_expires_at", nullable = false)
    private Instant idleExpiresAt;

    @Column(name = "absolute_expires_at", nullable = false)
    private Instant absoluteExpiresAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    @Column(name = "ended_reason", length = 64)
    private String endedReason;

    @Column(name = "ended_by", length = 255)
    private String endedBy;

    public String getSid() { return sid; }
    public void setSid(String sid) { this.sid = sid; }
    public String getCookieHash() { return cookieHash; }
    public void setCookieHash(String cookieHash) { this.cookieHash = cookieHash; }
    public String getSubject() { return subject; }
    public void setSubject(String subject) { this.subject = subject; }
    public Instant getAuthTime() { return authTime; }
    public void setAuthTime(Instant authTime) { this.authTime = authTime; }
    public String getAmr() { return amr; }
    public void setAmr(String amr) { this.amr = amr; }
    public String getAcr() { return acr; }
    public void setAcr(String acr) { this.acr = acr; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
    public Instant getLastSeenAt() { return lastSeenAt; }
    public void setLastSeenAt(Instant lastSeenAt) { this.lastSeenAt = lastSeenAt; }
    public Instant getIdleExpiresAt() { return idleExpiresAt; }
    public void setIdleExpiresAt(Instant idleExpiresAt) { this.idleExpiresAt = idleExpiresAt; }
    public Instant getAbsoluteExpiresAt() { return absoluteExpiresAt; }
    public void setAbsoluteExpiresAt(Instant absoluteExpiresAt) { this.absoluteExpiresAt = absoluteExpiresAt; }
    public Instant getEndedAt() { return endedAt; }
    public void setEndedAt(Instant endedAt) { this.endedAt = endedAt; }
    public String getEndedReason() { return endedReason; }
    public void setEndedReason(String endedReason) { this.endedReason = endedReason; }
    public String getEndedBy() { return endedBy; }
    public void setEndedBy(String endedBy) { this.endedBy = endedBy; }
}
