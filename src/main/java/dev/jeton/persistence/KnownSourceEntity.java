package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * An address where a client proved its secret ({@code throttle.KnownSources}). Written and read only
 * by the plain statements of {@link ThrottleRows}; mapped for Hibernate's validation at start.
 */
@Entity
@Table(name = "jeton_known_source",
        indexes = @Index(name = "jeton_known_source_expiry", columnList = "expires_at"))
public class KnownSourceEntity {

    /** SHA-256 of the client id and the address. */
    @Id
    @Column(name = "key_hash", length = 64)
    private String keyHash;

    @Column(name = "last_success_at", nullable = false)
    private Instant lastSuccessAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;
}
