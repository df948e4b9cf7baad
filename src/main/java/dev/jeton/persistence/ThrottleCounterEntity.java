package dev.jeton.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One throttle key's failures in its window (issue #19). Written and read only by the plain
 * statements of {@link ThrottleRows}; mapped so that Hibernate validates the table at start and the
 * migrations are checked against what it would make ({@code SchemaMigrationsTest}).
 */
@Entity
@Table(name = "jeton_throttle_counter",
        indexes = @Index(name = "jeton_throttle_counter_end", columnList = "window_end"))
public class ThrottleCounterEntity {

    /** SHA-256 of the throttle's scope, the key's kind and value: no username or address is stored. */
    @Id
    @Column(name = "key_hash", length = 64)
    private String keyHash;

    @Column(name = "window_start", nullable = false)
    private Instant windowStart;

    @Column(name = "window_end", nullable = false)
    private Instant windowEnd;

    @Column(name = "failures", nullable = false)
    private int failures;
}
