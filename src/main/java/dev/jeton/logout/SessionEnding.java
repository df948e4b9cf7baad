package dev.jeton.logout;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientStore;
import dev.jeton.client.RegisteredClient;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.grant.family.TokenFamilyStore;
import dev.jeton.session.EndReason;
import dev.jeton.session.SessionStore;
import dev.jeton.session.UserSession;
import dev.jeton.vocabulary.Scope;
import dev.jeton.vocabulary.TokenIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The one way a session ends, whoever ends it (RP-Initiated Logout, the user's "sign out everywhere", an
 * operator, the expiry sweep): in the caller's transaction, together,
 * <ol>
 * <li>the session row is marked ended (one conditional update: of two ends at once, one does the rest);</li>
 * <li>what the session produced: each token family is revoked when its client's policy says so (or it has no
 * offline_access), else it outlives the session without it (its access tokens so far are revoked, its refresh
 * tokens live on); either way the session's access tokens are inactive at introspection and userinfo;</li>
 * <li>a logout token is queued for each client of the session that registered a back-channel logout URI
 * (Back-Channel Logout 1.0 §2.7), for the relay to deliver after the commit;</li>
 * <li>the {@code session_ended} audit event is returned for the caller to fire in the same transaction.</li>
 * </ol>
 */
@ApplicationScoped
public class SessionEnding {

    /** The reason recorded on a family revoked because its session ended. */
    public static final String FAMILY_REVOKED_REASON = "SESSION_ENDED";

    private final SessionStore sessions;
    private final TokenFamilyStore families;
    private final ClientStore clients;
    private final BackchannelOutbox outbox;
    private final dev.jeton.client.PairwiseSubjects subjects;

    /** @param subjects the sub each client was told (OIDC Core §8.1): its logout tokens carry the same */
    @Inject
    public SessionEnding(SessionStore sessions, TokenFamilyStore families, ClientStore clients,
                         BackchannelOutbox outbox, dev.jeton.client.PairwiseSubjects subjects) {
        this.sessions = sessions;
        this.families = families;
        this.clients = clients;
        this.outbox = outbox;
        this.subjects = subjects;
    }

    /** Without pairwise clients (unit tests that are not about OIDC Core §8.1). */
    public SessionEnding(SessionStore sessions, TokenFamilyStore families, ClientStore clients,
                         BackchannelOutbox outbox) {
        this(sessions, families, clients, outbox, new dev.jeton.client.PairwiseSubjects(() -> {
            throw new IllegalStateException("no pairwise key");
        }));
    }

    /** For CDI's client proxy only. */
    protected SessionEnding() {
        this(null, null, null, null, null);
    }

    /**
     * Who ends a session and from where.
     *
     * @param endedBy  the user's subject, or the operator's client id (recorded on the session)
     * @param clientId the client through which it was asked (the RP of a logout, the admin client), or null
     * @param address  the peer address of the request
     */
    public record Actor(EndReason reason, String endedBy, String clientId, String address) {
    }

    /** A session that this call ended, and what that did. */
    public record Ended(UserSession session, int familiesRevoked, int familiesKept, List<String> notified,
                        List<AuditEvent> events) {
    }

    /** Ends the session {@code sid}; empty when there is no such session or it had ended already. */
    public Optional<Ended> end(String sid, Actor actor, Instant now) {
        Optional<UserSession> found = sessions.find(sid);
        if (found.isEmpty() || !sessions.end(sid, now, actor.reason(), actor.endedBy())) {
            return Optional.empty();
        }
        return Optional.of(consequences(found.get(), actor, now));
    }

    /**
     * Ends the session {@code sid} because it is past its idle or absolute lifetime ({@link EndReason#EXPIRED}),
     * with the same consequences as a logout; empty when it is not expired, had ended already, or another node's
     * sweep ended it first (the claim is one conditional update).
     */
    public Optional<Ended> expire(String sid, Instant now) {
        Optional<UserSession> found = sessions.find(sid);
        if (found.isEmpty() || !sessions.endExpired(sid, now)) {
            return Optional.empty();
        }
        return Optional.of(consequences(found.get(), new Actor(EndReason.EXPIRED, null, null, null), now));
    }

    /** What the end of a session does, once the caller has claimed it. */
    private Ended consequences(UserSession session, Actor actor, Instant now) {
        String sid = session.sid();
        int revoked = 0;
        int kept = 0;
        Set<String> involved = new LinkedHashSet<>(sessions.clients(sid));
        for (TokenFamily family : families.familiesOfSession(sid)) {
            involved.add(family.clientId());
            if (family.revoked()) {
                continue;
            }
            Optional<RegisteredClient> client = clients.find(family.clientId());
            boolean offline = Scope.ofIssued(family.scope()).contains("offline_access");
            if (!offline || client.map(RegisteredClient::logoutRevokesRefreshTokens).orElse(true)) {
                families.revokeFamily(family.id(), FAMILY_REVOKED_REASON, now);
                revoked++;
            } else {
                families.detachFromSession(family.id());
                kept++;
            }
        }
        List<String> notified = new ArrayList<>();
        for (String clientId : involved) {
            Optional<RegisteredClient> client = clients.find(clientId).filter(RegisteredClient::enabled)
                    .filter(c -> c.logout().backchannelLogoutUri() != null);
            if (client.isPresent()) {
                outbox.queue(new BackchannelOutbox.Pending(UUID.randomUUID().toString(), TokenIds.jwtId(), clientId,
                        client.get().logout().backchannelLogoutUri(),
                        subjects.subjectFor(client.get(), session.subject()), sid, 0, now), now);
                notified.add(clientId);
            }
        }
        AuditEvent event = new AuditEvent(UUID.randomUUID().toString(), now, AuditEventName.SESSION_ENDED,
                actor.clientId(), null, AuditEvent.Outcome.SUCCESS, null, actor.reason().name(), session.subject(),
                null, actor.address(), List.of(), sid);
        return new Ended(session, revoked, kept, List.copyOf(notified), List.of(event));
    }

    /** Ends every session of the user that has not ended yet. */
    public List<Ended> endAll(String subject, Actor actor, Instant now) {
        List<Ended> ended = new ArrayList<>();
        for (UserSession session : sessions.openSessionsOf(subject)) {
            end(session.sid(), actor, now).ifPresent(ended::add);
        }
        return ended;
    }

    /** The user's sessions that are active at {@code now}, newest first. */
    public List<UserSession> activeSessionsOf(String subject, Instant now) {
        return sessions.openSessionsOf(subject).stream().filter(s -> s.activeAt(now)).toList();
    }

    /** The clients a session was used for. */
    public List<String> clientsOf(String sid) {
        return sessions.clients(sid);
    }
}
