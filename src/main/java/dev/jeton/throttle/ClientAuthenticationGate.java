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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Client authentication with the {@link FailureThrottle} around it, for every endpoint that
 * authenticates clients (token, PAR, introspection, revocation, device authorization). It slows
 * online guessing of client secrets (RFC 6819 §4.3.5, §5.1.4.2.3) without letting anyone who
 * lacks the credential make the client's correct requests fail (issue #11: ten wrong secrets used
 * to lock a client out for everyone, public clients included).
 * <p>
 * The credential is checked first (a hash and a constant-time compare); its verdict decides:
 * <ul>
 * <li>Correct, and not a shared secret (public client, private_key_jwt): never throttled — there
 *     is nothing to guess.</li>
 * <li>Correct secret from one of the client's {@link KnownSources known sources}: never throttled.</li>
 * <li>Correct secret from another address: refused with 429 only while that address is itself
 *     locked out (too many failures for this client from it, or from it in all), or, when the
 *     opt-in limit over all addresses is set, while the client id is under a distributed attack. The answer is the
 *     same as for a wrong secret, so a guesser learns nothing from a right guess during its lockout.</li>
 * <li>Any failure: 429 while the keys above are locked (from a known source only its own
 *     client-and-address key counts), otherwise the failure itself, counted against the client id at
 *     that address, the client id over all addresses, and the address.</li>
 * </ul>
 * Refused attempts are not counted, so a lockout ends on time. A guesser that shares a known
 * source with the client (one NAT, one host) is not stopped from checking guesses: correct
 * secrets there must keep working, and a 256-bit secret is not found by online guessing anyway.
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
    private final KnownSources sources;

    @Inject
    public ClientAuthenticationGate(FailureThrottle throttle, KnownSources sources) {
        this.throttle = throttle;
        this.sources = sources;
    }

    /** For CDI's client proxy only. */
    protected ClientAuthenticationGate() {
        this.throttle = null;
        this.sources = null;
    }

    /** A gate that never refuses (for tests of other parts). */
    public static ClientAuthenticationGate open() {
        return with(ThrottleSettings.off());
    }

    /** A gate of its own with these limits, its counts in memory (tests; the server's is the CDI bean). */
    public static ClientAuthenticationGate with(ThrottleSettings settings) {
        return with(settings, new MemoryThrottleStore(settings.maxTrackedKeys()));
    }

    /** A gate of its own with these limits and counts in {@code store} (tests of a shared store). */
    public static ClientAuthenticationGate with(ThrottleSettings settings, ThrottleStore store) {
        return new ClientAuthenticationGate(new FailureThrottle(settings, store), new KnownSources(settings, store));
    }

    /**
     * The authentication result, or a {@code slow_down} failure when throttled, plus the audit
     * events the throttle adds ({@code client_authentication_throttled} once per lockout).
     */
    public Gated authenticate(ClientAuthentication authentication, ClientAuthRequest request, String address) {
        Instant now = request.now();
        ClientAuthentication.Result result = authentication.authenticate(request);
        if (result instanceof ClientAuthentication.Result.Authenticated ok) {
            String clientId = ok.client().clientId();
            ThrottleKey here = ThrottleKey.clientAt(clientId, address);
            if (!ok.method().guessable()) {
                // nothing to guess: never throttled; this address's count for the client starts again
                throttle.recordSuccessIfCountedHere(here);
                return new Gated(result, List.of());
            }
            if (!sources.isKnown(clientId, address, now)) {
                FailureThrottle.Counts counts = throttle.read(lockedFrom(clientId, address, false));
                Optional<Duration> wait = counts.retryAfter(now);
                if (wait.isPresent()) {
                    return new Gated(throttled(wait.get(), clientId), List.of());
                }
                // the credential was proved from here: this address's count for the client starts again
                if (counts.hasFailures(here, now)) {
                    throttle.recordSuccess(here);
                }
                sources.remember(clientId, address, now);
            } else if (sources.remember(clientId, address, now)) {
                // a known source, written back to the store now and then (KnownSources.REFRESH): its
                // count starts again too
                throttle.recordSuccess(here);
            } else {
                // in between, a success there costs no statement unless this node counted failures there
                throttle.recordSuccessIfCountedHere(here);
            }
            return new Gated(result, List.of());
        }
        String clientId = ((ClientAuthentication.Result.Failed) result).claimedClientId();
        boolean known = clientId != null && sources.isKnown(clientId, address, now);
        Optional<Duration> wait = throttle.retryAfter(lockedFrom(clientId, address, known), now);
        if (wait.isPresent()) {
            return new Gated(throttled(wait.get(), clientId), List.of());
        }
        List<AuditEvent> events = new ArrayList<>();
        for (ThrottleKey key : lockedFrom(clientId, address, false)) {
            if (throttle.recordFailure(key, now)) {
                events.add(lockout(now, clientId, key.kind(), address));
            }
        }
        return new Gated(result, events);
    }

    /**
     * The keys whose lockout refuses a request naming {@code clientId} from {@code address}: from a
     * known source only its own client-and-address count (others' failures never lock a client out
     * of its usual places); otherwise also the address's and the client id's over all addresses.
     */
    private static List<ThrottleKey> lockedFrom(String clientId, String address, boolean knownSource) {
        if (clientId == null) {
            return List.of(ThrottleKey.address(address));
        }
        if (knownSource) {
            return List.of(ThrottleKey.clientAt(clientId, address));
        }
        return List.of(ThrottleKey.clientAt(clientId, address), ThrottleKey.client(clientId),
                ThrottleKey.address(address));
    }

    /** The throttle's answer: an authentication failure the token endpoint renders as 429 slow_down. */
    static ClientAuthentication.Result.Failed throttled(Duration wait, String clientId) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        OAuthError error = OAuthError.of(OAuthErrorCode.SLOW_DOWN,
                        "Too many failed client authentications. Retry after " + seconds + " seconds.")
                .withStatus(429).withHeader("Retry-After", Long.toString(seconds));
        return new ClientAuthentication.Result.Failed(error, AuthFailure.THROTTLED, clientId);
    }

    private static AuditEvent lockout(Instant now, String clientId, ThrottleKey.Kind kind, String address) {
        return AuditEvent.failure(AuditEventName.CLIENT_AUTHENTICATION_THROTTLED, now, clientId, null,
                OAuthErrorCode.SLOW_DOWN.wireValue(), kind.name() + "_LIMIT", address);
    }

    /** @param events audit events to add to the request's own */
    public record Gated(ClientAuthentication.Result result, List<AuditEvent> events) {
        public Gated {
            events = List.copyOf(events);
        }
    }
}
