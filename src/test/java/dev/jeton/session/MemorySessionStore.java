package dev.jeton.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sessions in memory, with the JPA store's single-end semantics. */
public final class MemorySessionStore implements SessionStore {

    private final Map<String, UserSession> sessions = new LinkedHashMap<>();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final Map<String, List<String>> clients = new LinkedHashMap<>();

    @Override
    public synchronized void create(UserSession session, String cookieHash) {
        sessions.put(session.sid(), session);
        cookies.put(cookieHash, session.sid());
    }

    @Override
    public synchronized Optional<UserSession> findByCookieHash(String cookieHash) {
        return Optional.ofNullable(cookies.get(cookieHash)).map(sessions::get);
    }

    @Override
    public synchronized Optional<UserSession> find(String sid) {
        return Optional.ofNullable(sessions.get(sid));
    }

    @Override
    public synchronized void touch(String sid, Instant now, Instant idleExpiresAt) {
        sessions.computeIfPresent(sid, (k, s) -> s.endedAt() != null ? s : new UserSession(s.sid(), s.subject(),
                s.authTime(), s.amr(), s.acr(), s.createdAt(), now, idleExpiresAt, s.absoluteExpiresAt(), null, null,
                null));
    }

    @Override
    public synchronized void joinClient(String sid, String clientId, Instant now) {
        List<String> joined = clients.computeIfAbsent(sid, k -> new ArrayList<>());
        if (!joined.contains(clientId)) {
            joined.add(clientId);
        }
    }

    @Override
    public synchronized List<String> clients(String sid) {
        return List.copyOf(clients.getOrDefault(sid, List.of()));
    }

    @Override
    public synchronized List<UserSession> openSessionsOf(String subject) {
        List<UserSession> open = new ArrayList<>(sessions.values().stream()
                .filter(s -> s.subject().equals(subject) && s.endedAt() == null).toList());
        java.util.Collections.reverse(open);
        return open;
    }

    @Override
    public synchronized boolean end(String sid, Instant now, EndReason reason, String endedBy) {
        UserSession s = sessions.get(sid);
        if (s == null || s.endedAt() != null) {
            return false;
        }
        sessions.put(sid, new UserSession(s.sid(), s.subject(), s.authTime(), s.amr(), s.acr(), s.createdAt(),
                s.lastSeenAt(), s.idleExpiresAt(), s.absoluteExpiresAt(), now, reason.name(), endedBy));
        return true;
    }

    @Override
    public synchronized boolean renew(String sid, String cookieHash, Instant authTime, Instant idleExpiresAt,
                                      Instant absoluteExpiresAt) {
        UserSession s = sessions.get(sid);
        if (s == null || s.endedAt() != null) {
            return false;
        }
        cookies.values().removeIf(sid::equals);
        cookies.put(cookieHash, sid);
        sessions.put(sid, new UserSession(sid, s.subject(), authTime, s.amr(), s.acr(), s.createdAt(), authTime,
                idleExpiresAt, absoluteExpiresAt, null, null, null));
        return true;
    }

    @Override
    public synchronized List<String> expiredOpen(Instant now, int max) {
        return sessions.values().stream().filter(s -> s.endedAt() == null && !s.activeAt(now))
                .sorted(java.util.Comparator.comparing(UserSession::idleExpiresAt)).map(UserSession::sid).limit(max)
                .toList();
    }

    @Override
    public synchronized boolean endExpired(String sid, Instant now) {
        UserSession s = sessions.get(sid);
        return s != null && s.endedAt() == null && !s.activeAt(now) && end(sid, now, EndReason.EXPIRED, null);
    }

    @Override
    public synchronized int purgeEnded(Instant endedBefore, int max) {
        List<String> gone = sessions.values().stream()
                .filter(s -> s.endedAt() != null && s.endedAt().isBefore(endedBefore)).map(UserSession::sid)
                .limit(max).toList();
        gone.forEach(sid -> {
            sessions.remove(sid);
            clients.remove(sid);
            cookies.values().removeIf(sid::equals);
        });
        return gone.size();
    }
}
