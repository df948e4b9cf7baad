package dev.jeton.audit.outbox;

import dev.jeton.persistence.TextColumn;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import java.time.Instant;

/** An audit event not yet on the queue (transactional outbox). */
@Entity
@Table(name = "jeton_audit_outbox")
public class AuditOutboxEntity {

    /** Append order: the relay sends in this order. */
    @Id
    @SequenceGenerator(name = "jeton_audit_outbox_seq", sequenceName = "jeton_audit_outbox_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "jeton_audit_outbox_seq")
    @Column(name = "seq")
    private Long sequence;

    @Column(name = "event_id", length = 36, nullable = false)
    private String eventId;

    @Column(name = "event_name", length = 64, nullable = false)
    private String eventName;

    // unbounded text: see TextColumn (not @Lob for PostgreSQL, not a CLOB on H2)
    @Column(name = "payload", length = TextColumn.LENGTH, nullable = false)
    private String payload;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    public Long getSequence() { return sequence; }
    public String getEventId() { return eventId; }
    public void setEventId(String eventId) { this.eventId = eventId; }
    public String getEventName() { return eventName; }
    public void setEventName(String eventName) { this.eventName = eventName; }
    public String getPayload() { return payload; }
    public void setPayload(String payload) { this.payload = payload; }
    public Instant getCreatedAt() { return createdAt; }
    public void setCreatedAt(Instant createdAt) { this.createdAt = createdAt; }
}
