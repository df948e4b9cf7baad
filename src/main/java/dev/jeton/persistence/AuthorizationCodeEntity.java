package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * An authorization code, kept by the SHA-256 of its value only (a database read must not give
 * away usable codes). {@code consumed} is flipped by one conditional update, never read-then-write.
 */
@Entity
@Table(name = "jeton_authorization_code",
        indexes = @Index(name = "jeton_authorization_code_expires", columnList = "expires_at"))
public class AuthorizationCodeEntity {

    @Id
    @Column(name = "code_hash", length = 64)
    private String codeHash;

    @Column(name = "client_id", length = 200, nullable = false)
    private String clientId;

    @Column(name = "redirect_uri", length = 2000, nullable = false)
    private String redirectUri;

    @Column(name = "code_challenge", length = 128, nullable = false)
    private String codeChallenge;

    @Column(name = "scope", length = 2000, nullable = false)
    private String scope;

    @Column(name = "nonce", length = 500)
    private String nonce;

    @Column(name = "subject", length = 255, nullable = false)
    private String subject;

    @Column(name = "auth_time", nullable = false)
    private Instant authTime;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    /** The OIDC §5.5 claims request as JSON; no fixed size limit. */
    // unbounded text: see TextColumn (not @Lob for PostgreSQL, not a CLOB on H2)
    @Column(name = "claims", length = TextColumn.LENGTH)
    private String claims;

    /** RFC 9449 §10: the JWK thumbprint the code is bound to, or null. */
    @Column(name = "dpop_jkt", length = 64)
    private String dpopJkt;

    @Column(name = "consumed", nullable = false)
    private boolean consumed;

    /** The token family the code was spent for: reuse of the code revokes it (RFC 6749 §4.1.2). */
    @Column(name = "family_id", length = 64)
    private String familyId;

    @Column(name = "consumed_at")
    private Instant consumedAt;

    public String getCodeHash() { return codeHash; }
    public void setCodeHash(String codeHash) { this.codeHash = codeHash; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getRedirectUri() { return redirectUri; }
    public void setRedirectUri(String redirectUri) { this.redirectUri = redirectUri; }
    public String getCodeChallenge() { return codeChallenge; }
    public void setCodeChallenge(String codeChallenge) { this.codeChallenge = codeChallenge; }
    public String getScope() { return scope; }
    public void setScope(String scope) { this.scope = scope; }
    public String getNonce() { return nonce; }
    public void setNonce(String nonce) { this.nonce = nonce; }
    public String getSubject() { return subject; }
    public void setSubject(String subject) { this.subject = subject; }
    public Instant getAuthTime() { return authTime; }
    public void setAuthTime(Instant authTime) { this.authTime = authTime; }
    public Instant getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Instant expiresAt) { this.expiresAt = expiresAt; }
    public String getClaims() { return claims; }
    public void setClaims(String claims) { this.claims = claims; }
    /** RFC 8707: the resources the authorization request named, space-separated; null for none. */
    @Column(name = "resources", length = TextColumn.LENGTH)
    private String resources;

    public String getResources() { return resources; }
    public void setResources(String resources) { this.resources = resources; }
    public String getDpopJkt() { return dpopJkt; }
    public void setDpopJkt(String dpopJkt) { this.dpopJkt = dpopJkt; }
    public boolean isConsumed() { return consumed; }
    public void setConsumed(boolean consumed) { this.consumed = consumed; }
    public String getFamilyId() { return familyId; }
    public void setFamilyId(String familyId) { this.familyId = familyId; }
    public Instant getConsumedAt() { return consumedAt; }
    public void setConsumedAt(Instant consumedAt) { this.consumedAt = consumedAt; }

    /** The session the user signed in with (issue #18), or null. */
    @Column(name = "sid", length = 64)
    private String sid;

    public String getSid() { return sid; }
    public void setSid(String sid) { this.sid = sid; }
}
