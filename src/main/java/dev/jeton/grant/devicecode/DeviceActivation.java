package dev.jeton.grant.devicecode;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.throttle.FailureThrottle;
import dev.jeton.throttle.ThrottleKey;
import dev.jeton.throttle.ThrottleStore;
import dev.jeton.vocabulary.GrantType;
import dev.jeton.vocabulary.TokenHashes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The user's side of the device flow (RFC 8628 §3.3): look a typed user code up, then approve or
 * deny the device it belongs to. Wrong codes are counted per browser session and per source
 * address (§5.1, {@link WrongCodeLimits}); past either limit no code is looked up until the
 * window lets the oldest wrong one go. The pages around it live in the web layer.
 */
@ApplicationScoped
public class DeviceActivation {

    private static final String GRANT = GrantType.DEVICE_CODE.wireValue();

    /** Which step a code was typed for; it names the audit event's reason for a wrong one. */
    public enum Step {
        ENTER_CODE("UNKNOWN_USER_CODE"),
        DECIDE("DECISION_FOR_UNKNOWN_CODE");

        private final String wrongCodeReason;

        Step(String wrongCodeReason) {
            this.wrongCodeReason = wrongCodeReason;
        }
    }

    /** What a typed code leads to. */
    public sealed interface Lookup {
        /** Too many wrong codes from this session or address: 429 (RFC 6585 §4), no code was looked up. */
        record TooMany(long retryAfterSeconds) implements Lookup {
        }

        /** Malformed, unknown, used or expired: counted as a wrong code. */
        record Unknown() implements Lookup {
        }

        /** @param shownCode the code as the device shows it ({@code XXXX-XXXX}) */
        record Found(DeviceAuthorization device, String shownCode) implements Lookup {
        }
    }

    /** What happened to a decision. */
    public enum Decided { DONE, NO_LONGER_PENDING }

    private final DeviceAuthorizationStore store;
    private final FailureThrottle wrongCodes;
    private final Consumer<AuditEvent> audit;

    @Inject
    public DeviceActivation(DeviceAuthorizationStore store, DeviceSettings settings, ThrottleStore counts,
                            Event<AuditEvent> audit) {
        this(store, settings, counts, (Consumer<AuditEvent>) audit::fire);
    }

    /** For tests: audit events go to {@code audit}. */
    public DeviceActivation(DeviceAuthorizationStore store, DeviceSettings settings, ThrottleStore counts,
                            Consumer<AuditEvent> audit) {
        this.store = store;
        this.wrongCodes = new FailureThrottle(new WrongCodeLimits(settings), WrongCodeLimits.SCOPE, counts);
        this.audit = audit;
    }

    /** For CDI's client proxy only. */
    protected DeviceActivation() {
        this.store = null;
        this.wrongCodes = null;
        this.audit = null;
    }

    /**
     * Looks a typed code up for a browser session ({@code sessionKey}) at {@code address}; a wrong
     * one is counted against both and audited.
     */
    public Lookup lookUp(String typedUserCode, String sessionKey, String address, Step step, Instant now) {
        List<ThrottleKey> keys = List.of(ThrottleKey.session(sessionKey), ThrottleKey.address(address));
        Optional<Duration> wait = wrongCodes.retryAfter(keys, now);
        if (wait.isPresent()) {
            return new Lookup.TooMany(FailureThrottle.seconds(wait.get()));
        }
        Optional<DeviceAuthorization> device = pending(typedUserCode, now);
        if (device.isEmpty()) {
            keys.forEach(key -> wrongCodes.recordFailure(key, now));
            audit.accept(AuditEvent.failure(AuditEventName.DEVICE_USER_CODE_REJECTED, now, null, GRANT,
                    "invalid_user_code", step.wrongCodeReason, address));
            return new Lookup.Unknown();
        }
        return new Lookup.Found(device.get(), UserCodes.display(UserCodes.normalize(typedUserCode).orElseThrow()));
    }

    /** The pending, unexpired request for a typed code; empty for a code that is malformed, unknown, used or old. */
    public Optional<DeviceAuthorization> pending(String typedUserCode, Instant now) {
        return UserCodes.normalize(typedUserCode)
                .flatMap(code -> store.findByUserCode(TokenHashes.sha256(code), now))
                .filter(d -> d.status() == DeviceAuthorization.Status.PENDING && !d.expiredAt(now));
    }

    /**
     * Records the decision once. Its audit event is fired inside this transaction, so the outbox
     * stores it with the decision or not at all (the rule of the token endpoint's transaction).
     */
    @Transactional
    public Decided decide(String typedUserCode, boolean approve, String subject, Instant authTime, Instant now,
                          String address) {
        Optional<DeviceAuthorization> device = pending(typedUserCode, now);
        DeviceAuthorization.Status status = approve ? DeviceAuthorization.Status.APPROVED
                : DeviceAuthorization.Status.DENIED;
        if (device.isEmpty() || !store.decide(device.get().deviceCodeHash(), status, subject, authTime, now)) {
            return Decided.NO_LONGER_PENDING;
        }
        audit.accept(AuditEvent.success(approve ? AuditEventName.DEVICE_APPROVED : AuditEventName.DEVICE_DENIED,
                now, device.get().clientId(), GRANT, subject, null, address));
        return Decided.DONE;
    }
}
