package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A user of the default user store. The subject is the key (usernames may change); the
 * lower-cased username is unique so that "Alice" and "alice" cannot be two accounts.
 */
@Entity
@Table(name = "jeton_user", indexes = @Index(name = "jeton_user_username", columnList = "username_lower",
        unique = true))
public class UserEntity {

    @Id
    @Column(name = "subject", length = 64)
    private String subject;

    /** As the user registered it, for display. */
    @Column(name = "username", length = 200, nullable = false)
    private String username;

    /** {@code username} lower-cased with {@code Locale.ROOT}: what sign-in compares. */
    @Column(name = "username_lower", length = 200, nullable = false)
    private String usernameLower;

    /** {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}; never the password. */
    @Column(name = "password_hash", length = 200, nullable = false)
    private String passwordHash;

    @Column(name = "enabled", nullable = false)
    private boolean enabled;

    /** OIDC Core §5.1 claims as a JSON object. */
    // unbounded text: see TextColumn (not @Lob for PostgreSQL, not a CLOB on H2)
    @Column(name = "claims", length = TextColumn.LENGTH, nullable = false)
    private String claims;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    public String getSubject() { return subject; }
    public void setSubject(String subject) { this.subject = subject; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getUsernameLower() { return usernameLower; }
    public void setUsernameLower(String usernameLower) { this.usernameLower = usernameLower; }
    public String getPasswordHash() { return passwordHash; }
    public void setPasswordHash(String passwordHash) { this.passwordHash = passwordHash; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public String getClaims() { return claims; }
    public void setClaims(String claims) { this.claims = claims; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(Instant updatedAt) { this.updatedAt = updatedAt; }
}
