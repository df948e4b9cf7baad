package dev.jeton.logout;

import java.time.Instant;
import java.util.List;

/**
 * Logout tokens waiting for delivery, durable (Back-Channel Logout 1.0 §2.5 asks the OP to send them; the user's
 * response never waits for that): queued in the transaction that ends the session, claimed by one relay at a time
 * with a lease, and gone once delivered or given up.
 */
public interface BackchannelOutbox {

    /** One logout token to send: what goes in it and where. */
    record Pending(String id, String jwtId, String clientId, String uri, String subject, String sid, int attempts,
                   Instant createdAt) {
    }

    /** Queues a delivery in the caller's transaction, due at once. */
    void queue(Pending delivery, Instant now);

    /** Up to {@code max} deliveries due at {@code now} and not leased by another relay; nothing is locked. */
    List<Pending> due(Instant now, int max);

    /**
     * Claims a due delivery until {@code leaseUntil} by one conditional update; true only for the one relay (of
     * any node) that got it. A relay that dies holding a lease leaves the delivery to the next one after it.
     */
    boolean claim(String id, Instant now, Instant leaseUntil);

    /** Delivered: it leaves the outbox. */
    void remove(String id);

    /** Failed, to be tried again at {@code nextAttempt}; the lease is released. */
    void retryLater(String id, int attempts, Instant nextAttempt, String error);
}
