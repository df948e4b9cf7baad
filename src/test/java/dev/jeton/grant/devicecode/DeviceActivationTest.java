package dev.jeton.grant.devicecode;

import dev.jeton.audit.AuditEvent;
import dev.jeton.throttle.MemoryThrottleStore;
import dev.jeton.audit.AuditEventName;
import dev.jeton.vocabulary.TokenHashes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The activation flow of RFC 8628 §3.3 without HTTP: lookup, the §5.1 wrong-code limits, decisions and their events. */
class DeviceActivationTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    private static final String CODE = "BCDFGHJK";
    private static final String ADDRESS = "192.0.2.7";

    /** 3 wrong codes per session, 5 per address, in 600 s. */
    private final DeviceSettings settings = new DeviceSettings(Duration.ofSeconds(600), Duration.ofSeconds(5), 3, 5,
            Duration.ofSeconds(600));
    private final MemoryDeviceStore store = new MemoryDeviceStore();
    private final List<AuditEvent> events = new ArrayList<>();
    private final DeviceActivation activation = new DeviceActivation(store, settings,
            new MemoryThrottleStore(100), events::add);

    DeviceActivationTest() {
        store.save(new DeviceAuthorization(TokenHashes.sha256("device-code"), TokenHashes.sha256(CODE), "tv",
                "openid api.read", T0, T0.plusSeconds(1800), Duration.ofSeconds(5), null,
                DeviceAuthorization.Status.PENDING, null, null, false));
    }

    private DeviceActivation.Lookup enter(String typed, String session, String address, Instant now) {
        return activation.lookUp(typed, session, address, DeviceActivation.Step.ENTER_CODE, now);
    }

    @Test
    void aTypedCodeIsFoundWhateverItsCaseAndDashesAndShownAsTheDeviceShowsIt() {
        var found = assertInstanceOf(DeviceActivation.Lookup.Found.class, enter("bcdf ghjk", "s1", ADDRESS, T0));
        assertEquals("tv", found.device().clientId());
        assertEquals("BCDF-GHJK", found.shownCode());
        assertEquals(List.of(), events, "a right code is not an event");
    }

    @Test
    void aWrongCodeIsCountedAndAuditedWithTheStepItWasTypedFor() {
        assertInstanceOf(DeviceActivation.Lookup.Unknown.class, enter("BCDF-GHJX", "s1", ADDRESS, T0));
        assertInstanceOf(DeviceActivation.Lookup.Unknown.class,
                activation.lookUp("not a code", "s1", ADDRESS, DeviceActivation.Step.DECIDE, T0));
        assertEquals(List.of(AuditEventName.DEVICE_USER_CODE_REJECTED, AuditEventName.DEVICE_USER_CODE_REJECTED),
                events.stream().map(AuditEvent::name).toList());
        assertEquals(List.of("UNKNOWN_USER_CODE", "DECISION_FOR_UNKNOWN_CODE"),
                events.stream().map(AuditEvent::reason).toList());
        assertEquals(ADDRESS, events.get(0).clientAddress());
    }

    @Test
    void pastTheSessionLimitEvenTheRightCodeWaitsUntilTheOldestWrongOneLeavesTheWindow() {
        enter("BCDF-GHJX", "s1", ADDRESS, T0);
        enter("BCDF-GHJX", "s1", ADDRESS, T0.plusSeconds(10));
        enter("BCDF-GHJX", "s1", ADDRESS, T0.plusSeconds(20));
        var tooMany = assertInstanceOf(DeviceActivation.Lookup.TooMany.class, enter(CODE, "s1", ADDRESS,
                T0.plusSeconds(30)));
        assertEquals(570, tooMany.retryAfterSeconds());
        assertEquals(3, events.size(), "a refused attempt is neither looked up nor counted");
        assertInstanceOf(DeviceActivation.Lookup.Found.class, enter(CODE, "s2", "192.0.2.8", T0.plusSeconds(30)),
                "another session at another address is not affected");
        assertInstanceOf(DeviceActivation.Lookup.Found.class, enter(CODE, "s1", ADDRESS, T0.plusSeconds(600)));
    }

    @Test
    void pastTheAddressLimitEveryNewSessionThereIsRefused() {
        for (int i = 0; i < 5; i++) {
            enter("BCDF-GHJX", "session-" + i, ADDRESS, T0.plusSeconds(i));
        }
        var tooMany = assertInstanceOf(DeviceActivation.Lookup.TooMany.class, enter(CODE, "fresh", ADDRESS,
                T0.plusSeconds(5)));
        assertEquals(595, tooMany.retryAfterSeconds());
    }

    @Test
    void aDecisionIsTakenOnceAndOnlyThenAudited() {
        assertEquals(DeviceActivation.Decided.DONE, activation.decide("bcdf-ghjk", false, "user-1", T0, T0, ADDRESS));
        assertEquals(DeviceActivation.Decided.NO_LONGER_PENDING,
                activation.decide(CODE, true, "user-1", T0, T0.plusSeconds(1), ADDRESS));
        assertEquals(1, events.size());
        AuditEvent denied = events.get(0);
        assertEquals(AuditEventName.DEVICE_DENIED, denied.name());
        assertEquals("tv", denied.clientId());
        assertEquals("user-1", denied.subject());
        assertNull(denied.errorCode());
        assertEquals(DeviceAuthorization.Status.DENIED,
                store.findByDeviceCode(TokenHashes.sha256("device-code")).orElseThrow().status());
    }
}
