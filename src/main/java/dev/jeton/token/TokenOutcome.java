package dev.jeton.token;

import dev.jeton.audit.AuditEvent;
import dev.jeton.error.OAuthError;

import java.util.List;

/**
 * What the core answers: a §5.1 response or a §5.2 error, each with the audit events the
 * exchange produced. The core never fires events itself; the web layer does.
 */
public sealed interface TokenOutcome {

    List<AuditEvent> events();

    record Issued(TokenResponse response, List<AuditEvent> events) implements TokenOutcome {
        public Issued {
            events = List.copyOf(events);
        }
    }

    record Denied(OAuthError error, List<AuditEvent> events) implements TokenOutcome {
        public Denied {
            events = List.copyOf(events);
        }
    }
}
