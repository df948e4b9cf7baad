package dev.jeton.throttle;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Throttled user sign-in (RFC 6819 §4.4.3.6): per username and per address, on a fixed time line. */
class SignInGateTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    // 2 failures per username, 4 per address, in 60 s
    private final SignInGate gate = new SignInGate(FailureThrottle.inMemory(
            new ThrottleSettings(Duration.ofSeconds(60), 3, 2, 4, 1000)));

    @Test
    void aUsernameIsRefusedAfterItsLimitWhateverTheCaseAndTheAddress() {
        gate.failed("alice", "192.0.2.1", "app", T0);
        assertTrue(gate.check("alice", "192.0.2.9", "app", T0).isEmpty());
        gate.failed("Alice", "192.0.2.2", "app", T0.plusSeconds(5));

        Optional<SignInGate.Refusal> refusal = gate.check("ALICE", "192.0.2.9", "app", T0.plusSeconds(10));
        assertTrue(refusal.isPresent());
        assertEquals(50, refusal.get().seconds());
        AuditEvent event = refusal.get().event();
        assertEquals(AuditEventName.USER_SIGN_IN_THROTTLED, event.name());
        assertEquals("USER_LIMIT", event.reason());
        assertEquals("app", event.clientId());
        assertEquals("192.0.2.9", event.clientAddress());

        assertTrue(gate.check("alice", "192.0.2.9", "app", T0.plusSeconds(60)).isEmpty(), "the window moved on");
    }

    @Test
    void oneAddressTryingManyUsernamesIsRefusedByAddress() {
        for (int i = 0; i < 4; i++) {
            gate.failed("user" + i, "198.51.100.7", "app", T0);
        }
        Optional<SignInGate.Refusal> refusal = gate.check("someone-else", "198.51.100.7", "app", T0);
        assertEquals("ADDRESS_LIMIT", refusal.orElseThrow().event().reason());
        assertTrue(gate.check("someone-else", "203.0.113.1", "app", T0).isEmpty());
    }

    @Test
    void aSuccessfulSignInClearsTheUsernamesCount() {
        gate.failed("bob", "192.0.2.1", "app", T0);
        gate.succeeded("bob");
        gate.failed("bob", "192.0.2.1", "app", T0);
        assertTrue(gate.check("bob", "192.0.2.1", "app", T0).isEmpty());
    }

    @Test
    void theFailureEventNeverHoldsTheUsername() {
        AuditEvent event = gate.failed("my-password-typed-here", "192.0.2.1", "app", T0);
        assertEquals(AuditEventName.USER_SIGN_IN_FAILED, event.name());
        assertEquals("WRONG_CREDENTIALS", event.reason());
        assertFalse(event.toString().contains("my-password-typed-here"));
    }
}
