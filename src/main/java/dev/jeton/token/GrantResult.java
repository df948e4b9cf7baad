package dev.jeton.token;

import dev.jeton.audit.AuditEvent;
import dev.jeton.error.OAuthError;

import java.util.List;

/** What a grant handler decided. */
public sealed interface GrantResult {

    /**
     * @param subject the subject of the issued access token
     * @param tokenId the access token's {@code jti}
     * @param events  events beyond the endpoint's own {@code token_issued}
     */
    record Granted(TokenResponse response, String subject, String tokenId, List<AuditEvent> events)
            implements GrantResult {
        public Granted {
            events = List.copyOf(events);
        }
    }

    /**
     * @param reason why, for the audit event (an enum name); the client sees only {@code error}
     */
    record Refused(OAuthError error, String reason, List<AuditEvent> events) implements GrantResult {
        public Refused {
            events = List.copyOf(events);
        }

        public static Refused of(OAuthError error, Enum<?> reason) {
            return new Refused(error, reason.name(), List.of());
        }
    }
}
