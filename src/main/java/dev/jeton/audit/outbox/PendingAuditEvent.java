package dev.jeton.audit.outbox;

/** An audit event waiting in the outbox, already in its wire form. */
public record PendingAuditEvent(long sequence, String eventId, String name, String json) {
}
