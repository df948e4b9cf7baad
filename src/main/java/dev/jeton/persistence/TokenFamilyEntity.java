package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One grant (token family): revoking it reaches its refresh tokens and access tokens. */
@Entity
@Table(name = "jeton_token_family")
public class TokenFamilyEntity {

    @Id
    @Column(name = "family_id", length = 64)
    private String id;

    @Column(name = "client_id", length = 200, nullable = false)
    private String clientId;

    @Column(name = "subject", length = 255, nullable = false)
    private String subject;

    @Column(name = "scope", length = 2000, nullable = false)
    private String scope;

    @Column(name = "auth_time")
    private Instant authTime;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "absolute_expiry", nullable = false)
    private Instant absoluteExpiry;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoked_reason", length = 64)
    private String revokedReason;

    /** Claim names requested for userinfo by the claims parameter, space-separated. */
    @Column(name = "userinfo_claims", length = 1000)
    private String userinfoClaims;

    /** RFC 7638 thumbprint of the DPoP key the refresh tokens are bound to, or null. */
    @Column(name = "dpop_jkt", length = 64)
    private String dpopJkt;

    /** RFC 8707: the resources the grant covers, space-separated; null for none. */
    @Column(name = "resources", length = TextColumn.LENGTH)
    private String resources;

    /** The session the grant came from (issue #18), or null (device, exchange, or detached when it ended). */
    @Column(name = "sid", length = 64)
    private String sid;

    public String getSid() { return sid; }
    public void setSid(String sid) { this.sid = sid; }

    public String getResources() { return resources; }
    public void setResources(String resources) { this.resources = resources; }
    /** RFC 8705 §4: x5t#S256 of the certificate a public client's refresh tokens are bound to, or null. */
    @Column(name = "certificate_thumbprint", length = 64)
    private String certificateThumbprint;

    public String getCertificateThumbprint() { return certificateThumbprint; }
    public void setCertificateThumbprint(String v) { this.certificateThumbprint = v; }

    public String getDpopJkt() { return dpopJkt; }
    public void setDpopJkt(String dpopJkt) { this.dpopJkt = dpopJkt; }
    public String getUserinfoClaims() { return userinfoClaims; }
    public void setUserinfoClaims(String userinfoClaims) { this.userinfoClaims = userinfoClaims; }

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getSubject() { return subject; }
    public void setSubject(String subject) { this.subject = subject; }
    public String getScope() { return scope; }
    public void setScope(String scope) { this.scope = scope; }
    public Instant getAuthTime() { return authTime; }
    public void setAuthTime(Instant authTime) { this.authTime = authTime; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
    public Instant getAbsoluteExpiry() { return absoluteExpiry; }
    public void setAbsoluteExpiry(Instant absoluteExpiry) { this.absoluteExpiry = absoluteExpiry; }
    public Instant getRevokedAt() { return revokedAt; }
    public void setRevokedAt(Instant revokedAt) { this.revokedAt = revokedAt; }
    public String getRevokedReason() { return revokedReason; }
    public void setRevokedReason(String revokedReason) { this.revokedReason = revokedReason; }
}
