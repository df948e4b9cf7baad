package dev.jeton.logout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A back-channel outbox in memory that records what is done to it; nothing is ever due. */
final class RecordingOutbox implements BackchannelOutbox {

    final List<Pending> queued = new ArrayList<>();
    final List<String> removed = new ArrayList<>();
    /** id, attempts, next attempt, error of each retryLater. */
    final List<Object[]> retried = new ArrayList<>();

    @Override
    public void queue(Pending delivery, Instant now) {
        queued.add(delivery);
    }

    @Override
    public List<Pending> due(Instant now, int max) {
        return List.of();
    }

    @Override
    public boolean claim(String id, Instant now, Instant leaseUntil) {
        return true;
    }

    @Override
    public void remove(String id) {
        removed.add(id);
    }

    @Override
    public void retryLater(String id, int attempts, Instant nextAttempt, String error) {
        retried.add(new Object[]{id, attempts, nextAttempt, error});
    }
}
