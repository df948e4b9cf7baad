package dev.jeton.web;

import dev.jeton.authorize.AuthorizationRequest;
import dev.jeton.authorize.CsrfToken;
import dev.jeton.authorize.PendingAuthorization;
import dev.jeton.authorize.PendingAuthorizations;
import dev.jeton.authorize.SignIn;
import dev.jeton.authorize.signin.SignInSession;
import dev.jeton.vocabulary.TokenIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * What the authorization endpoint keeps in the browser's HTTP session: the pending requests,
 * the CSRF token of the forms, and who signed in when. The session cookie is HttpOnly and
 * SameSite=Lax (glassfish-web.xml), and tracked by cookie only (web.xml).
 */
final class BrowserSession implements SignInSession {

    /** The session attribute of the {@link SignIn}: who signed in when, the session's only sign-in state. */
    private static final String SIGN_IN = "dev.jeton.authorize.sign-in";

    private final HttpServletRequest request;

    private BrowserSession(HttpServletRequest request) {
        this.request = request;
    }

    static BrowserSession of(HttpServletRequest request) {
        return new BrowserSession(request);
    }

    /**
     * The signed-in user: the record {@code PasswordSignIn} made at the session's last successful
     * sign-in. There is no container login beside it (no principal that could say otherwise).
     */
    Optional<SignIn> signIn() {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(session.getAttribute(SIGN_IN)).filter(SignIn.class::isInstance)
                .map(SignIn.class::cast);
    }

    /**
     * Called by {@code PasswordSignIn} only: a new session id (the container does not change it,
     * and a session id planted before sign-in must not survive it), the new sign-in replacing any
     * earlier one, and a new CSRF token (one read before the id changed is useless now).
     */
    @Override
    public void begin(SignIn signIn) {
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        HttpSession session = request.getSession(true);
        synchronized (lock(session)) {
            session.setAttribute(SIGN_IN, signIn);
            session.setAttribute(CsrfToken.SESSION_ATTRIBUTE, CsrfToken.fresh());
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
