package dev.jeton.grant.devicecode;

import dev.jeton.audit.AuditEvent;
import dev.jeton.error.OAuthError;

import java.util.List;

/** What the device authorization endpoint answers, with its audit events as data. */
public sealed interface DeviceAuthorizationOutcome {

    List<AuditEvent> events();

    record Started(DeviceAuthorizationResponse response, List<AuditEvent> events) implements DeviceAuthorizationOutcome {
        public Started {
            events = List.copyOf(events);
        }
    }

    record Denied(OAuthError error, List<AuditEvent> events) implements DeviceAuthorizationOutcome {
        public Denied {
            events = List.copyOf(events);
        }
    }
}
