package dev.jeton.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One audit event, as data. It never holds a secret or a token value: the token's
 * {@code jti} identifies an issued token well enough for an auditor.
 *
 * @param id            unique, so that at-least-once delivery can be deduplicated
 * @param time          when the event happened
 * @param name          what happened
 * @param clientId      the authenticated client, or the id a failed request claimed (may be null)
 * @param grantType     the grant_type wire value as sent (may be null)
 * @param outcome       success or failure
 * @param errorCode     the RFC 6749 §5.2 code the client saw, on failure
 * @param reason        why, in more detail than the client is told (an enum name, never free text from input)
 * @param subject       the token's subject, on success
 * @param tokenId       the access token's {@code jti}, on success
 * @param clientAddress the peer address of the request
 * @param resources     the resources (RFC 8707) the request named, bounded; empty for none
 * @param sessionId     the session ({@code sid}) the event is about, or null (issue #18)
 */
public record AuditEvent(String id, Instant time, AuditEventName name, String clientId, String grantType,
                         Outcome outcome, String errorCode, String reason, String subject, String tokenId,
                         String clientAddress, List<String> resources, String sessionId) {

    public enum Outcome { SUCCESS, FAILURE }

    /** An event about no session. */
    public AuditEvent(String id, Instant time, AuditEventName name, String clientId, String grantType,
                      Outcome outcome, String errorCode, String reason, String subject, String tokenId,
                      String clientAddress, List<String> resources) {
        this(id, time, name, clientId, grantType, outcome, errorCode, reason, subject, tokenId, clientAddress,
                resources, null);
    }

    /** This event, about the session {@code sid}. */
    public AuditEvent withSession(String sid) {
        return new AuditEvent(id, time, name, clientId, grantType, outcome, errorCode, reason, subject, tokenId,
                clientAddress, resources, sid);
    }

    /** An event that names no resource. */
    public AuditEvent(String id, Instant time, AuditEventName name, String clientId, String grantType,
                      Outcome outcome, String errorCode, String reason, String subject, String tokenId,
                      String clientAddress) {
        this(id, time, name, clientId, grantType, outcome, errorCode, reason, subject, tokenId, clientAddress,
                List.of());
    }

    /** This event, naming the resources of its request (at most 20, each bounded like other client input). */
    public AuditEvent withResources(List<String> values) {
        return new AuditEvent(id, time, name, clientId, grantType, outcome, errorCode, reason, subject, tokenId,
                clientAddress, values, sessionId);
    }

    public AuditEvent {
        resources = resources == null ? List.of()
                : resources.stream().limit(20).map(AuditEvent::bounded).toList();
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        // values a client sent are kept, but bounded: an audit record is no place for a megabyte
        clientId = bounded(clientId);
        grantType = bounded(grantType);
    }

    private static String bounded(String value) {
        return value == null || value.length() <= 200 ? value : value.substring(0, 200) + "...";
    }

    public static AuditEvent success(AuditEventName name, Instant time, String clientId, String grantType,
                                     String subject, String tokenId, String clientAddress) {
        return new AuditEvent(UUID.randomUUID().toString(), time, name, clientId, grantType, Outcome.SUCCESS,
                null, null, subject, tokenId, clientAddress);
    }

    public static AuditEvent failure(AuditEventName name, Instant time, String clientId, String grantType,
                                     String errorCode, String reason, String clientAddress) {
        return new AuditEvent(UUID.randomUUID().toString(), time, name, clientId, grantType, Outcome.FAILURE,
                errorCode, reason, null, null, clientAddress);
    }
}
