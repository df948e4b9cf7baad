package dev.jeton.audit.outbox;

import dev.jeton.audit.AuditEvent;

import java.time.Instant;
import java.util.List;

/** Durable storage of audit events until they are on the queue. */
public interface AuditOutbox {

    /** Stores the event in the caller's transaction (or its own, when there is none). */
    void append(AuditEvent event);

    /** The oldest pending events, in the order they were appended, locked for the caller's transaction. */
    List<PendingAuditEvent> oldest(int max);

    /** Forgets events that are on the queue. */
    void remove(List<PendingAuditEvent> events);

    long pendingCount();

    /** How many events wait, how many of them were recorded before {@code staleBefore}, and the oldest one's time. */
    AuditBacklog backlog(Instant staleBefore);
}
