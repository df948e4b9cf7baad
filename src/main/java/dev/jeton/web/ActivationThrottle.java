package dev.jeton.web;

import dev.jeton.grant.devicecode.AttemptLimiter;
import dev.jeton.grant.devicecode.DeviceSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;

/**
 * Limits wrong user codes (RFC 8628 §5.1) per browser session and per source address, in this
 * server's memory: a cluster multiplies the limits by its size, which still keeps guessing
 * 2^34 codes out of reach.
 */
@ApplicationScoped
public class ActivationThrottle {

    private static final int MAX_TRACKED = 10_000;

    @Inject
    DeviceSettings settings;

    private AttemptLimiter bySession;
    private AttemptLimiter byAddress;

    @PostConstruct
    void init() {
        bySession = new AttemptLimiter(settings.wrongCodesPerSession(), settings.wrongCodeWindow(), MAX_TRACKED);
        byAddress = new AttemptLimiter(settings.wrongCodesPerAddress(), settings.wrongCodeWindow(), MAX_TRACKED);
    }

    boolean blocked(String sessionKey, String address, Instant now) {
        return bySession.blocked(sessionKey, now) || byAddress.blocked(address, now);
    }

    void recordWrongCode(String sessionKey, String address, Instant now) {
        bySession.recordFailure(sessionKey, now);
        byAddress.recordFailure(address, now);
    }

    /** Seconds until the next attempt may succeed, for Retry-After. */
    long retryAfterSeconds(String sessionKey, String address, Instant now) {
        Instant later = bySession.retryAfter(sessionKey, now);
        Instant other = byAddress.retryAfter(address, now);
        Instant when = bySession.blocked(sessionKey, now) && byAddress.blocked(address, now)
                ? (later.isAfter(other) ? later : other) : bySession.blocked(sessionKey, now) ? later : other;
        return Math.max(1, when.getEpochSecond() - now.getEpochSecond());
    }
}
