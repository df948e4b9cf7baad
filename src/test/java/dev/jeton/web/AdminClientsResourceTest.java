package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The parts of the operator's client switch (issue #19) that are not HTTP: its body and its audit event. */
class AdminClientsResourceTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    @Test
    void onlyABooleanEnabledIsASwitch() {
        assertEquals(Optional.of(false), AdminClientsResource.enabledIn(Json.createObjectBuilder()
                .add("enabled", false).build()));
        assertEquals(Optional.of(true), AdminClientsResource.enabledIn(Json.createObjectBuilder()
                .add("enabled", true).build()));
        assertEquals(Optional.empty(), AdminClientsResource.enabledIn(Json.createObjectBuilder()
                .add("enabled", "false").build()));
        assertEquals(Optional.empty(), AdminClientsResource.enabledIn(Json.createObjectBuilder()
                .add("enabled", 0).build()));
        assertEquals(Optional.empty(), AdminClientsResource.enabledIn(Json.createObjectBuilder().build()));
        assertEquals(Optional.empty(), AdminClientsResource.enabledIn(null));
    }

    @Test
    void theEventNamesTheClientSwitchedAndTheAdminWhoSwitchedIt() {
        AuditEvent disabled = AdminClientsResource.event("svc", false, "admin-cli", NOW, "192.0.2.1");
        assertEquals(AuditEventName.CLIENT_DISABLED, disabled.name());
        assertEquals("client_disabled", disabled.name().wireValue());
        assertEquals("svc", disabled.clientId());
        assertEquals("admin-cli", disabled.subject());
        assertEquals(AuditEvent.Outcome.SUCCESS, disabled.outcome());
        assertEquals("192.0.2.1", disabled.clientAddress());
        assertNull(disabled.errorCode());

        AuditEvent enabled = AdminClientsResource.event("svc", true, "admin-cli", NOW, "192.0.2.1");
        assertEquals(AuditEventName.CLIENT_ENABLED, enabled.name());
        assertEquals("client_enabled", enabled.name().wireValue());
    }
}
