package dev.jeton.audit.outbox;

import java.time.Instant;

/**
 * An audit event waiting in the outbox, already in its wire form.
 *
 * @param recordedAt when the event was stored (its {@code time}): the relay's delay is measured from it
 */
public record PendingAuditEvent(long sequence, String eventId, String name, String json, Instant recordedAt) {
}
