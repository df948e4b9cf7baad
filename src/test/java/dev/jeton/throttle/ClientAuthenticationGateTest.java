package dev.jeton.throttle;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.request.FormParameters;
import dev.jeton.token.CoreFixture;
import dev.jeton.token.TokenEndpoint;
import dev.jeton.token.TokenOutcome;
import dev.jeton.token.TokenRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Throttled client authentication at the token endpoint (RFC 6819 §5.1.4.2.3, RFC 6585 §4):
 * the real core with a {@link ClientAuthenticationGate}, on a fixed time line.
 */
class ClientAuthenticationGateTest {

    private static final Instant T0 = CoreFixture.NOW;
    private static final String ATTACKER = "198.51.100.7";
    private static final String OTHER = "203.0.113.9";

    private CoreFixture core;
    private TokenEndpoint endpoint;

    @BeforeEach
    void endpoint() throws Exception {
        core = new CoreFixture();
        // 3 failures per client id, 6 per address, in 300 s
        FailureThrottle throttle = new FailureThrottle(new ThrottleSettings(Duration.ofSeconds(300), 3, 2, 6, 1000));
        endpoint = new TokenEndpoint(core.authentication, core.handlers, new ClientAuthenticationGate(throttle));
    }

    @Test
    void afterTheLimitEvenTheRightSecretIsAnswered429SlowDownWithRetryAfter() {
        for (int i = 0; i < 3; i++) {
            assertDenied(basic("service", "wrong-" + i, ATTACKER, T0.plusSeconds(i)), 401, "invalid_client");
        }
        TokenOutcome.Denied throttled = assertDenied(basic("service", CoreFixture.SECRET, OTHER, T0.plusSeconds(10)),
                429, "slow_down");
        // the first failure was at T0: free again at T0+300
        assertEquals("290", throttled.error().headers().get("Retry-After"));
        AuditEvent event = throttled.events().get(throttled.events().size() - 1);
        assertEquals(AuditEventName.TOKEN_DENIED, event.name());
        assertEquals("THROTTLED", event.reason());
        assertEquals("service", event.clientId());
    }

    @Test
    void theLockoutIsAuditedOnceWhenItStarts() {
        List<AuditEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.addAll(endpoint.process(basic("service", "wrong", ATTACKER, T0)).events());
        }
        List<AuditEvent> lockouts = events.stream()
                .filter(e -> e.name() == AuditEventName.CLIENT_AUTHENTICATION_THROTTLED).toList();
        assertEquals(1, lockouts.size());
        assertEquals("CLIENT_LIMIT", lockouts.get(0).reason());
        assertEquals("service", lockouts.get(0).clientId());
        assertEquals(ATTACKER, lockouts.get(0).clientAddress());
    }

    @Test
    void theWindowSlidesAndRefusedAttemptsDoNotProlongTheLockout() {
        for (int i = 0; i < 3; i++) {
            endpoint.process(basic("service", "wrong", ATTACKER, T0));
        }
        for (int i = 1; i < 30; i++) {
            assertDenied(basic("service", "wrong", ATTACKER, T0.plusSeconds(i * 10L)), 429, "slow_down");
        }
        assertInstanceOf(TokenOutcome.Issued.class, endpoint.process(basic("service", CoreFixture.SECRET, OTHER,
                T0.plusSeconds(300))));
    }

    @Test
    void aSuccessResetsTheClientsCount() {
        for (int round = 0; round < 3; round++) {
            endpoint.process(basic("service", "wrong", OTHER, T0));
            endpoint.process(basic("service", "wrong", ATTACKER, T0));
            assertInstanceOf(TokenOutcome.Issued.class, endpoint.process(basic("service", CoreFixture.SECRET,
                    "192.0.2.50", T0)));
        }
    }

    @Test
    void oneAddressGuessingManyClientIdsIsThrottledByAddressAndOthersAreNot() {
        for (int i = 0; i < 6; i++) {
            assertDenied(post("guess-" + i, "x", ATTACKER, T0), 401, "invalid_client");
        }
        assertDenied(basic("service", CoreFixture.SECRET, ATTACKER, T0), 429, "slow_down");
        assertInstanceOf(TokenOutcome.Issued.class, endpoint.process(basic("service", CoreFixture.SECRET, OTHER, T0)));
    }

    @Test
    void aLookalikeIdIsCountedAgainstItselfNotAgainstTheRealClient() {
        for (int i = 0; i < 3; i++) {
            endpoint.process(post("servi\u0441e", "x", "192.0.2." + i, T0));
        }
        assertInstanceOf(TokenOutcome.Issued.class, endpoint.process(basic("service", CoreFixture.SECRET, OTHER, T0)));
    }

    private TokenOutcome.Denied assertDenied(TokenRequest request, int status, String error) {
        TokenOutcome.Denied denied = assertInstanceOf(TokenOutcome.Denied.class, endpoint.process(request));
        assertEquals(status, denied.error().httpStatus());
        assertEquals(error, denied.error().code().wireValue());
        return denied;
    }

    private static TokenRequest basic(String id, String secret, String address, Instant at) {
        return new TokenRequest(FormParameters.of(List.of(Map.entry("grant_type", "client_credentials"))),
                CoreFixture.basic(id, secret), URI.create("https://as.example.com/oauth/token"), address, at);
    }

    private static TokenRequest post(String id, String secret, String address, Instant at) {
        return new TokenRequest(FormParameters.of(List.of(Map.entry("grant_type", "client_credentials"),
                Map.entry("client_id", id), Map.entry("client_secret", secret))), null,
                URI.create("https://as.example.com/oauth/token"), address, at);
    }
}
