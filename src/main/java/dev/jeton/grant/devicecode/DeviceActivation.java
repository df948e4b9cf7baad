package dev.jeton.grant.devicecode;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.vocabulary.GrantType;
import dev.jeton.vocabulary.TokenHashes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.Optional;

/**
 * The user's side of the device flow (RFC 8628 §3.3): look a typed user code up, then approve or
 * deny the device it belongs to. The pages around it live in the web layer.
 */
@ApplicationScoped
public class DeviceActivation {

    private static final String GRANT = GrantType.DEVICE_CODE.wireValue();

    /** What happened to a decision. */
    public enum Decided { DONE, NO_LONGER_PENDING }

    @Inject
    DeviceAuthorizationStore store;

    public DeviceActivation() {
    }

    public DeviceActivation(DeviceAuthorizationStore store) {
        this.store = store;
    }

    /** The pending, unexpired request for a typed code; empty for a code that is malformed, unknown, used or old. */
    public Optional<DeviceAuthorization> pending(String typedUserCode, Instant now) {
        return UserCodes.normalize(typedUserCode)
                .flatMap(code -> store.findByUserCode(TokenHashes.sha256(code), now))
                .filter(d -> d.status() == DeviceAuthorization.Status.PENDING && !d.expiredAt(now));
    }

    /** Records the decision once; the event is returned for the caller to fire. */
    @Transactional
    public Decision decide(String typedUserCode, boolean approve, String subject, Instant authTime, Instant now,
                           String address) {
        Optional<DeviceAuthorization> device = pending(typedUserCode, now);
        DeviceAuthorization.Status status = approve ? DeviceAuthorization.Status.APPROVED
                : DeviceAuthorization.Status.DENIED;
        if (device.isEmpty() || !store.decide(device.get().deviceCodeHash(), status, subject, authTime, now)) {
            return new Decision(Decided.NO_LONGER_PENDING, null);
        }
        AuditEvent event = AuditEvent.success(approve ? AuditEventName.DEVICE_APPROVED : AuditEventName.DEVICE_DENIED,
                now, device.get().clientId(), GRANT, subject, null, address);
        return new Decision(Decided.DONE, event);
    }

    /** @param event the audit event, null when nothing was decided */
    public record Decision(Decided outcome, AuditEvent event) {
    }

    public static AuditEvent wrongCode(Instant now, String address, String reason) {
        return AuditEvent.failure(AuditEventName.DEVICE_USER_CODE_REJECTED, now, null, GRANT, "invalid_user_code",
                reason, address);
    }
}
