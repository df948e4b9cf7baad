package dev.jeton.grant.devicecode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One device authorization request (RFC 8628 §3.1-§3.5) and how far it got. Only hashes of the
 * device code and the user code are kept: the device code is a bearer credential, and the user
 * code is one for as long as the request is pending.
 *
 * @param deviceCodeHash {@code TokenHashes.sha256(device_code)}
 * @param userCodeHash   {@code TokenHashes.sha256(normalized user_code)}
 * @param scope          the scope the device asked for (already checked against the client), space-separated
 * @param interval       the polling interval the device must keep now (grows by 5 s on slow_down, §3.5)
 * @param lastPolledAt   when the device last polled, or null
 * @param status         pending until the user decides
 * @param subject        the user who approved, or null
 * @param authTime       when that user signed in, or null
 * @param consumed       tokens were issued for the device code (it yields tokens once)
 * @param resources      the resources (RFC 8707) the device asked for, allowed by policy; the grant covers these
 */
public record DeviceAuthorization(String deviceCodeHash, String userCodeHash, String clientId, String scope,
                                  Instant createdAt, Instant expiresAt, Duration interval, Instant lastPolledAt,
                                  Status status, String subject, Instant authTime, boolean consumed,
                                  List<String> resources) {

    /** A request for no particular resource. */
    public DeviceAuthorization(String deviceCodeHash, String userCodeHash, String clientId, String scope,
                               Instant createdAt, Instant expiresAt, Duration interval, Instant lastPolledAt,
                               Status status, String subject, Instant authTime, boolean consumed) {
        this(deviceCodeHash, userCodeHash, clientId, scope, createdAt, expiresAt, interval, lastPolledAt, status,
                subject, authTime, consumed, List.of());
    }

    public enum Status { PENDING, APPROVED, DENIED }

    public DeviceAuthorization {
        resources = resources == null ? List.of() : List.copyOf(resources);
        Objects.requireNonNull(deviceCodeHash, "deviceCodeHash");
        Objects.requireNonNull(userCodeHash, "userCodeHash");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(status, "status");
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
