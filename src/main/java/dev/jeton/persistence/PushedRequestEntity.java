package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A pushed authorization request (RFC 9126): kept under the hash of its request_uri, spent when
 * its authorization completes ({@code used_at}), removed once no authorization can still need it.
 */
@Entity
@Table(name = "jeton_pushed_request", indexes = @Index(name = "ix_pushed_request_expires", columnList = "expires_at"))
public class PushedRequestEntity {

    /** SHA-256 of the request_uri; the value itself is never stored. */
    @Id
    @Column(name = "uri_hash", length = 64)
    private String uriHash;

    @Column(name = "client_id", length = 200, nullable = false)
    private String clientId;

    /** The validated parameters, form-encoded. */
    @Column(name = "parameters", length = 32000, nullable = false)
    private String parameters;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "used_at")
    private Instant usedAt;

    public String getUriHash() { return uriHash; }
    public void setUriHash(String uriHash) { this.uriHash = uriHash; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getParameters() { return parameters; }
    public void setParameters(String parameters) { this.parameters = parameters; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
    public Instant getExpiresAt() { return expiresAt; }
    public void setExpiresAt(Instant expiresAt) { this.expiresAt = expiresAt; }
    public Instant getUsedAt() { return usedAt; }
    public void setUsedAt(Instant usedAt) { this.usedAt = usedAt; }
}
