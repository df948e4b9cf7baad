package dev.jeton.audit.outbox;

import dev.jeton.audit.AuditEvent;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObjectBuilder;

import java.util.Locale;

/** The JSON form of an audit event on the queue; absent members are left out. */
public final class AuditEventJson {

    /** Looked up once: Json.create* finds the provider again on every call (jakartaee/jsonp-api#154). */
    private static final JsonProvider JSONP = JsonProvider.provider();

    private AuditEventJson() {
    }

    public static String write(AuditEvent e) {
        JsonObjectBuilder b = JSONP.createObjectBuilder()
                .add("event_id", e.id())
                .add("time", e.time().toString())
                .add("event", e.name().wireValue())
                .add("outcome", e.outcome().name().toLowerCase(Locale.ROOT));
        add(b, "client_id", e.clientId());
        add(b, "grant_type", e.grantType());
        add(b, "error", e.errorCode());
        add(b, "reason", e.reason() == null ? null : e.reason().toLowerCase(Locale.ROOT));
        add(b, "sub", e.subject());
        add(b, "jti", e.tokenId());
        add(b, "client_address", e.clientAddress());
        add(b, "sid", e.sessionId());
        if (!e.resources().isEmpty()) {
            // RFC 8707 resource values of the request, as sent (bounded)
            b.add("resource", JSONP.createArrayBuilder(e.resources()));
        }
        return b.build().toString();
    }

    private static void add(JsonObjectBuilder b, String name, String value) {
        if (value != null) {
            b.add(name, value);
        }
    }
}
