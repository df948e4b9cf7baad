package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;

/** What one user consented to for one client: one row per pair, scopes space-separated. */
@Entity
@Table(name = "jeton_consent", indexes = @Index(name = "jeton_consent_subject_client",
        columnList = "subject, client_id", unique = true))
public class ConsentEntity {

    @Id
    @SequenceGenerator(name = "jeton_consent_seq", sequenceName = "jeton_consent_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "jeton_consent_seq")
    @Column(name = "id")
    private Long id;

    @Column(name = "subject", length = 255, nullable = false)
    private String subject;

    @Column(name = "client_id", length = 200, nullable = false)
    private String clientId;

    @Column(name = "scopes", length = 2000, nullable = false)
    private String scopes;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    public Long getId() { return id; }
    public String getSubject() { return subject; }
    public void setSubject(String subject) { this.subject = subject; }
    public String getClientId() { return clientId; }
    public void setClientId(String clientId) { this.clientId = clientId; }
    public String getScopes() { return scopes; }
    public void setScopes(String scopes) { this.scopes = scopes; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(Instant updatedAt) { this.updatedAt = updatedAt; }
}
