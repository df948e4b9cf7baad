package dev.jeton.grant.devicecode;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Device authorization requests, by the hashes of their device and user codes. */
public interface DeviceAuthorizationStore {

    void save(DeviceAuthorization authorization);

    Optional<DeviceAuthorization> findByDeviceCode(String deviceCodeHash);

    /** The request with this user code that has not expired at {@code now}, whatever its status. */
    Optional<DeviceAuthorization> findByUserCode(String userCodeHash, Instant now);

    /**
     * Records the user's decision: one conditional update ({@code ... where status = PENDING and
     * expires_at > :now}); true only when this call decided it.
     */
    boolean decide(String deviceCodeHash, DeviceAuthorization.Status decision, String subject, Instant authTime,
                   Instant now);

    /** Records a poll and the interval the device must keep from now on (§3.5). */
    void recordPoll(String deviceCodeHash, Instant polledAt, Duration interval);

    /**
     * Spends the device code: one conditional update ({@code ... where consumed = false and
     * status = APPROVED}); true only for the one caller that won.
     */
    boolean consume(String deviceCodeHash, Instant now);

    /** Deletes requests that expired before {@code cutoff}; returns how many. */
    int purgeExpired(Instant cutoff);
}
