package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

import java.time.Instant;

/**
 * A {@code jti} that was used once (client assertion, DPoP proof, request object). The unique
 * constraint on (kind, jti_hash) is what refuses a replay, on every node at once; rows are
 * removed once they have expired.
 */
@Entity
@Table(name = "jeton_used_jti",
        uniqueConstraints = @UniqueConstraint(name = "uk_used_jti", columnNames = {"kind", "jti_hash"}),
        indexes = @Index(name = "ix_used_jti_expires", columnList = "expires_at"))
public class UsedJtiEntity {

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Column(name = "kind", length = 20, nullable = false)
    private String kind;

    /** SHA-256 of the namespace (e.g. the client id) and the jti: values a client sent are not kept. */
    @Column(name = "jti_hash", length = 64, nullable = false)
    private String jtiHash;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "used_at", nullable = false)
    private Instant usedAt;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getKind() { return kind; }
    public void setKind(String kind) { this.kind = kind; }
    public String getJtiHash() { return jtiHash; }
    public void setJtiHash(String jtiHash) { this.jtiHash = jtiHash; }
    public Instant getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Instant expiresAt) { this.expiresAt = expiresAt; }
    public Instant getUsedAt() { return usedAt; }
    public void setUsedAt(Instant usedAt) { this.usedAt = usedAt; }
}
