package dev.jeton.web;

import dev.jeton.authorize.AuthorizationRequest;
import dev.jeton.authorize.CsrfToken;
import dev.jeton.authorize.PendingAuthorization;
import dev.jeton.authorize.PendingAuthorizations;
import dev.jeton.authorize.SignIn;
import dev.jeton.authorize.signin.SignInSession;
import dev.jeton.session.SessionCookie;
import dev.jeton.session.UserSession;
import dev.jeton.session.UserSessions;
import dev.jeton.vocabulary.TokenIds;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * The browser as the authorization endpoint sees it: who signed in when (the session row that the
 * {@code jeton_session} cookie names, issue #18), and in the HTTP session the pending requests and the CSRF
 * token of the forms. Both cookies are HttpOnly and SameSite=Lax (glassfish-web.xml, {@link #withCookie}).
 */
final class BrowserSession implements SignInSession {

    /** The request attribute that caches this request's sign-in (one database read per request). */
    private static final String SIGN_IN = "dev.jeton.authorize.sign-in";
    /** The request attribute of a session cookie to set (or, FALSE, to clear) on the response: {@link #withCookie}. */
    private static final String SET_COOKIE = "dev.jeton.session.set-cookie";

    private final HttpServletRequest request;
    private final UserSessions sessions;
    private final Clock clock;
    private final URI issuer;

    BrowserSession(HttpServletRequest request, UserSessions sessions, Clock clock, URI issuer) {
        this.request = request;
        this.sessions = sessions;
        this.clock = clock;
        this.issuer = issuer;
    }

    /**
     * {@code response}, after the session cookie this request set (after a sign-in) or cleared (after a logout), if
     * any, was added to the servlet response directly: a Set-Cookie header on the JAX-RS response would replace the
     * container's own (Jersey sets the first value of a header), and the browser would miss its new HTTP session id.
     * HttpOnly (no script reads it), SameSite=Lax (a cross-site POST does not carry it, a top-level navigation back
     * from a client does), Secure when the issuer is https, scoped to the issuer's path; no Max-Age, so it ends
     * with the browser, and the session's own lifetimes are enforced on the server.
     */
    Response withCookie(Response response, HttpServletResponse out) {
        Object set = request.getAttribute(SET_COOKIE);
        if (set instanceof SessionCookie cookie) {
            out.addHeader("Set-Cookie", cookieHeader(cookie.value(), false));
        } else if (Boolean.FALSE.equals(set)) {
            out.addHeader("Set-Cookie", cookieHeader("", true));
        }
        return response;
    }

    private String cookieHeader(String value, boolean clear) {
        String path = issuer.getPath();
        StringBuilder header = new StringBuilder(SessionCookie.NAME).append('=').append(value)
                .append("; Path=").append(path == null || path.isEmpty() ? "/" : path)
                .append("; HttpOnly; SameSite=Lax");
        if ("https".equalsIgnoreCase(issuer.getScheme())) {
            header.append("; Secure");
        }
        if (clear) {
            header.append("; Max-Age=0");
        }
        return header.toString();
    }

    /**
     * The signed-in user: the active session (a database row, so every node agrees) that the browser's session
     * cookie names, made by {@code PasswordSignIn} at a successful sign-in. An ended or expired session is nobody
     * (the user signs in again; prompt=none gets login_required). There is no container login beside it.
     */
    Optional<SignIn> signIn() {
        Object cached = request.getAttribute(SIGN_IN);
        if (cached instanceof SignIn signIn) {
            return Optional.of(signIn);
        }
        if (cached instanceof Boolean) {
            return Optional.empty();
        }
        Optional<SignIn> found = current().map(dev.jeton.authorize.signin.PasswordSignIn::resumed);
        request.setAttribute(SIGN_IN, found.isPresent() ? found.get() : Boolean.FALSE);
        return found;
    }

    @Override
    public Optional<String> activeSid() {
        return signIn().map(SignIn::sid);
    }

    /** The active session the browser's cookie names, if any. */
    Optional<UserSession> current() {
        return cookie().flatMap(c -> sessions.current(c, clock.instant()));
    }

    private Optional<SessionCookie> cookie() {
        Object pending = request.getAttribute(SET_COOKIE);
        if (pending instanceof SessionCookie set) {
            return Optional.of(set);
        }
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            // 256 bits in base64url are 43 characters; anything else is not ours
            if (SessionCookie.NAME.equals(cookie.getName()) && cookie.getValue() != null
                    && cookie.getValue().matches("[A-Za-z0-9_-]{43}")) {
                return Optional.of(new SessionCookie(cookie.getValue()));
            }
        }
        return Optional.empty();
    }

    /**
     * Called by {@code PasswordSignIn} only: a new session id (the container does not change it,
     * and a session id planted before sign-in must not survive it), the new sign-in replacing any
     * earlier one, a new CSRF token (one read before the id changed is useless now), and the cookie of
     * the new session row for the browser.
     */
    @Override
    public void begin(SignIn signIn, SessionCookie cookie) {
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        HttpSession session = request.getSession(true);
        synchronized (lock(session)) {
            session.setAttribute(CsrfToken.SESSION_ATTRIBUTE, CsrfToken.fresh());
        }
        request.setAttribute(SET_COOKIE, cookie);
        request.setAttribute(SIGN_IN, signIn);
    }

    /**
     * After the session ended: the browser forgets its cookie, and the HTTP session (pending requests, CSRF
     * token) goes too.
     */
    void forget() {
        request.setAttribute(SET_COOKIE, Boolean.FALSE);
        request.setAttribute(SIGN_IN, Boolean.FALSE);
        HttpSession session = request.getSession(false);
        if (session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyInvalid) {
                // ended by another request meanwhile: nothing left to forget
            }
        }
    }

    /** The session's CSRF token, made on first use. */
    String csrfToken() {
        HttpSession session = request.getSession(true);
        synchronized (lock(session)) {
            Object token = session.getAttribute(CsrfToken.SESSION_ATTRIBUTE);
            if (token instanceof String value) {
                return value;
            }
            String fresh = CsrfToken.fresh();
            session.setAttribute(CsrfToken.SESSION_ATTRIBUTE, fresh);
            return fresh;
        }
    }

    /** True when {@code presented} is this session's CSRF token (compared in constant time). */
    boolean csrfMatches(String presented) {
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(CsrfToken.SESSION_ATTRIBUTE);
        return expected instanceof String value && CsrfToken.matches(value, presented);
    }

    PendingAuthorization addPending(AuthorizationRequest authorization, Instant now) {
        HttpSession session = request.getSession(true);
        PendingAuthorizations pending = pendingIn(session);
        PendingAuthorization added = pending.add(authorization, now);
        session.setAttribute(PendingAuthorizations.SESSION_ATTRIBUTE, pending);
        return added;
    }

    Optional<PendingAuthorization> pending(String id, Instant now) {
        HttpSession session = request.getSession(false);
        if (session == null || id == null) {
            return Optional.empty();
        }
        return pendingIn(session).find(id, now);
    }

    void updatePending(PendingAuthorization authorization) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            PendingAuthorizations pending = pendingIn(session);
            pending.update(authorization);
            session.setAttribute(PendingAuthorizations.SESSION_ATTRIBUTE, pending);
        }
    }

    /** Finishes a pending request; true only for the one caller that finished it. */
    boolean removePending(String id) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return false;
        }
        PendingAuthorizations pending = pendingIn(session);
        boolean removed = pending.remove(id);
        session.setAttribute(PendingAuthorizations.SESSION_ATTRIBUTE, pending);
        return removed;
    }

    private static PendingAuthorizations pendingIn(HttpSession session) {
        synchronized (lock(session)) {
            Object value = session.getAttribute(PendingAuthorizations.SESSION_ATTRIBUTE);
            if (value instanceof PendingAuthorizations pending) {
                return pending;
            }
            PendingAuthorizations fresh = new PendingAuthorizations();
            session.setAttribute(PendingAuthorizations.SESSION_ATTRIBUTE, fresh);
            return fresh;
        }
    }

    /** The session attribute of device activations waiting for sign-in (RFC 8628 §3.3). */
    private static final String ACTIVATIONS = "dev.jeton.device.pending-activations";
    private static final int MAX_ACTIVATIONS = 8;

    /** Keeps a user code (normalized) under a fresh random id while the user signs in; returns the id. */
    String addPendingActivation(String userCode) {
        HttpSession session = request.getSession(true);
        synchronized (lock(session)) {
            LinkedHashMap<String, String> pending = activationsIn(session);
            while (pending.size() >= MAX_ACTIVATIONS) {
                pending.remove(pending.keySet().iterator().next());
            }
            String id = TokenIds.random(128);
            pending.put(id, userCode);
            session.setAttribute(ACTIVATIONS, pending);
            return id;
        }
    }

    /** The user code kept under {@code id}, if this session has it. */
    Optional<String> pendingActivation(String id) {
        HttpSession session = request.getSession(false);
        if (session == null || id == null) {
            return Optional.empty();
        }
        synchronized (lock(session)) {
            return Optional.ofNullable(activationsIn(session).get(id));
        }
    }

    void removePendingActivation(String id) {
        HttpSession session = request.getSession(false);
        if (session != null && id != null) {
            synchronized (lock(session)) {
                LinkedHashMap<String, String> pending = activationsIn(session);
                pending.remove(id);
                session.setAttribute(ACTIVATIONS, pending);
            }
        }
    }

    /** A key for per-session limits: the session id (made on first use). */
    String limitKey() {
        return request.getSession(true).getId();
    }

    @SuppressWarnings("unchecked")
    private static LinkedHashMap<String, String> activationsIn(HttpSession session) {
        Object value = session.getAttribute(ACTIVATIONS);
        return value instanceof LinkedHashMap<?, ?> map ? (LinkedHashMap<String, String>) map : new LinkedHashMap<>();
    }

    /** Two first requests of one session at once must not each create their own token or list. */
    private static Object lock(HttpSession session) {
        return session;
    }
}
