package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A secret every node must share that the operator did not configure (the DPoP nonce key): made by
 * the first node that needs it, read by the others ({@link ServerSecretRows}). Mapped for
 * Hibernate's validation at start.
 */
@Entity
@Table(name = "jeton_server_secret")
public class ServerSecretEntity {

    @Id
    @Column(name = "name", length = 64)
    private String name;

    /** 256 random bits, base64url. */
    @Column(name = "secret", length = 128, nullable = false)
    private String secret;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
}
