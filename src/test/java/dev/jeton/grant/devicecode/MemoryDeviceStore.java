package dev.jeton.grant.devicecode;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Device authorizations in memory, with the same conditional updates as the JPA store. */
public final class MemoryDeviceStore implements DeviceAuthorizationStore {

    private final Map<String, DeviceAuthorization> byHash = new LinkedHashMap<>();

    @Override
    public synchronized void save(DeviceAuthorization a) {
        byHash.put(a.deviceCodeHash(), a);
    }

    @Override
    public synchronized Optional<DeviceAuthorization> findByDeviceCode(String hash) {
        return Optional.ofNullable(byHash.get(hash));
    }

    @Override
    public synchronized Optional<DeviceAuthorization> findByUserCode(String userCodeHash, Instant now) {
        return byHash.values().stream().filter(d -> d.userCodeHash().equals(userCodeHash) && !d.expiredAt(now))
                .findFirst();
    }

    @Override
    public synchronized boolean decide(String hash, DeviceAuthorization.Status decision, String subject,
                                       Instant authTime, Instant now) {
        DeviceAuthorization d = byHash.get(hash);
        if (d == null || d.status() != DeviceAuthorization.Status.PENDING || d.expiredAt(now)) {
            return false;
        }
        byHash.put(hash, new DeviceAuthorization(d.deviceCodeHash(), d.userCodeHash(), d.clientId(), d.scope(),
                d.createdAt(), d.expiresAt(), d.interval(), d.lastPolledAt(), decision, subject, authTime, false, d.resources()));
        return true;
    }

    @Override
    public synchronized void recordPoll(String hash, Instant polledAt, Duration interval) {
        DeviceAuthorization d = byHash.get(hash);
        byHash.put(hash, new DeviceAuthorization(d.deviceCodeHash(), d.userCodeHash(), d.clientId(), d.scope(),
                d.createdAt(), d.expiresAt(), interval, polledAt, d.status(), d.subject(), d.authTime(), d.consumed(), d.resources()));
    }

    @Override
    public synchronized boolean consume(String hash, Instant now) {
        DeviceAuthorization d = byHash.get(hash);
        if (d == null || d.consumed() || d.status() != DeviceAuthorization.Status.APPROVED) {
            return false;
        }
        byHash.put(hash, new DeviceAuthorization(d.deviceCodeHash(), d.userCodeHash(), d.clientId(), d.scope(),
                d.createdAt(), d.expiresAt(), d.interval(), d.lastPolledAt(), d.status(), d.subject(), d.authTime(),
                true, d.resources()));
        return true;
    }

    @Override
    public synchronized int purgeExpired(Instant cutoff) {
        int before = byHash.size();
        byHash.values().removeIf(d -> d.expiresAt().isBefore(cutoff));
        return before - byHash.size();
    }
}
