package dev.jeton.throttle;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@link FailureThrottle} around user sign-in (RFC 6819 §4.4.3.6, §5.1.4.2.3: limit password
 * guessing): per username and per source address. The sign-in page asks {@link #check} before
 * the password is verified, so a correct password found during a lockout is not confirmed; a
 * failure counts against both keys; a success clears the username's count.
 * <p>
 * Audit events never carry the username: people type passwords into that field.
 */
@ApplicationScoped
public class SignInGate {

    private final FailureThrottle throttle;

    @Inject
    public SignInGate(FailureThrottle throttle) {
        this.throttle = throttle;
    }

    /** For CDI's client proxy only. */
    protected SignInGate() {
        this.throttle = null;
    }

    /** A refused attempt: how long to wait, and the event that records it. */
    public record Refusal(Duration retryAfter, AuditEvent event) {
        /** Whole seconds for {@code Retry-After}, at least 1. */
        public long seconds() {
            return FailureThrottle.seconds(retryAfter);
        }
    }

    /** Empty when the attempt may go ahead; otherwise the refusal. {@code clientId}: the client the user signs in for. */
    public Optional<Refusal> check(String username, String address, String clientId, Instant now) {
        Optional<Duration> user = throttle.retryAfter(List.of(ThrottleKey.user(username)), now);
        Optional<Duration> byAddress = throttle.retryAfter(List.of(ThrottleKey.address(address)), now);
        if (user.isEmpty() && byAddress.isEmpty()) {
            return Optional.empty();
        }
        Duration wait = user.isPresent() && (byAddress.isEmpty() || user.get().compareTo(byAddress.get()) >= 0)
                ? user.get() : byAddress.get();
        String reason = user.isPresent() ? "USER_LIMIT" : "ADDRESS_LIMIT";
        return Optional.of(new Refusal(wait, AuditEvent.failure(AuditEventName.USER_SIGN_IN_THROTTLED, now, clientId,
                null, null, reason, address)));
    }

    /** A wrong username or password: counted, and the event to fire. */
    public AuditEvent failed(String username, String address, String clientId, Instant now) {
        throttle.recordFailure(ThrottleKey.user(username), now);
        throttle.recordFailure(ThrottleKey.address(address), now);
        return AuditEvent.failure(AuditEventName.USER_SIGN_IN_FAILED, now, clientId, null, null, "WRONG_CREDENTIALS",
                address);
    }

    public void succeeded(String username) {
        throttle.recordSuccess(ThrottleKey.user(username));
    }
}
