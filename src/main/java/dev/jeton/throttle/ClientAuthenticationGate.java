package dev.jeton.throttle;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.AuthFailure;
import dev.jeton.client.ClientAuthRequest;
import dev.jeton.client.ClientAuthentication;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Client authentication with the {@link FailureThrottle} around it, for every endpoint that
 * authenticates clients (token today; PAR, introspection, revocation, device authorization call
 * it the same way). {@link ClientAuthentication} itself is unchanged.
 * <p>
 * Order: a blocked source address is refused before any credential is checked; otherwise the
 * credential is checked, and if the client id it names is blocked the result is thrown away,
 * so a correct secret found during a lockout is not confirmed to the guesser. Failures count
 * against the claimed client id and the address; a success clears the client id's count.
 * <p>
 * The refusal is {@code 429 Too Many Requests} (RFC 6585 §4) with {@code Retry-After} and the
 * RFC 6749 §5.2 body {@code {"error":"slow_down"}}. Why {@code slow_down}: it is the token
 * endpoint error registered for "you are asking too fast, wait and retry" (RFC 8628 §3.5, IANA
 * OAuth Extensions Error registry), so clients treat it as transient. {@code invalid_client}
 * would tell a client whose request was correct that its credentials are wrong (libraries then
 * stop or rotate credentials), and would not say that waiting helps.
 */
@ApplicationScoped
public class ClientAuthenticationGate {

    /** Why a request was refused by the throttle; the token_denied event's reason. */
    public static final String THROTTLED = "THROTTLED";

    private final FailureThrottle throttle;

    @Inject
    public ClientAuthenticationGate(FailureThrottle throttle) {
        this.throttle = throttle;
    }

    /** For CDI's client proxy only. */
    protected ClientAuthenticationGate() {
        this.throttle = null;
    }

    /** A gate that never refuses (for tests of other parts). */
    public static ClientAuthenticationGate open() {
        return new ClientAuthenticationGate(new FailureThrottle(ThrottleSettings.off()));
    }

    /**
     * The authentication result, or a {@code slow_down} failure when throttled, plus the audit
     * events the throttle adds ({@code client_authentication_throttled} once per lockout).
     */
    public Gated authenticate(ClientAuthentication authentication, ClientAuthRequest request, String address) {
        ThrottleKey addressKey = ThrottleKey.address(address);
        Optional<Duration> addressWait = throttle.retryAfter(List.of(addressKey), request.now());
        if (addressWait.isPresent()) {
            return new Gated(throttled(addressWait.get(), request.parameters().get("client_id").orElse(null)),
                    List.of());
        }
        ClientAuthentication.Result result = authentication.authenticate(request);
        String clientId = result instanceof ClientAuthentication.Result.Authenticated a ? a.client().clientId()
                : ((ClientAuthentication.Result.Failed) result).claimedClientId();
        if (clientId != null) {
            Optional<Duration> clientWait = throttle.retryAfter(List.of(ThrottleKey.client(clientId)), request.now());
            if (clientWait.isPresent()) {
                return new Gated(throttled(clientWait.get(), clientId), List.of());
            }
        }
        if (result instanceof ClientAuthentication.Result.Authenticated) {
            throttle.recordSuccess(ThrottleKey.client(clientId));
            return new Gated(result, List.of());
        }
        List<AuditEvent> events = new ArrayList<>();
        if (clientId != null && throttle.recordFailure(ThrottleKey.client(clientId), request.now())) {
            events.add(lockout(request, clientId, ThrottleKey.Kind.CLIENT, address));
        }
        if (throttle.recordFailure(addressKey, request.now())) {
            events.add(lockout(request, clientId, ThrottleKey.Kind.ADDRESS, address));
        }
        return new Gated(result, events);
    }

    /** The throttle's answer: an authentication failure the token endpoint renders as 429 slow_down. */
    static ClientAuthentication.Result.Failed throttled(Duration wait, String clientId) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        OAuthError error = OAuthError.of(OAuthErrorCode.SLOW_DOWN,
                        "Too many failed client authentications. Retry after " + seconds + " seconds.")
                .withStatus(429).withHeader("Retry-After", Long.toString(seconds));
        return new ClientAuthentication.Result.Failed(error, AuthFailure.THROTTLED, clientId);
    }

    private static AuditEvent lockout(ClientAuthRequest request, String clientId, ThrottleKey.Kind kind,
                                      String address) {
        return AuditEvent.failure(AuditEventName.CLIENT_AUTHENTICATION_THROTTLED, request.now(), clientId, null,
                OAuthErrorCode.SLOW_DOWN.wireValue(), kind.name() + "_LIMIT", address);
    }

    /** @param events audit events to add to the request's own */
    public record Gated(ClientAuthentication.Result result, List<AuditEvent> events) {
        public Gated {
            events = List.copyOf(events);
        }
    }
}
