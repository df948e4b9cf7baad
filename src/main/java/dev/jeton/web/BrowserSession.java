package dev.jeton.web;

import dev.jeton.authorize.AuthorizationRequest;
import dev.jeton.authorize.CsrfToken;
import dev.jeton.authorize.PendingAuthorization;
import dev.jeton.authorize.PendingAuthorizations;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.authorize.SignIn;
import dev.jeton.authorize.signin.SignInSession;
import dev.jeton.session.SessionCookie;
import dev.jeton.session.UserSession;
import dev.jeton.session.UserSessions;
import dev.jeton.vocabulary.TokenIds;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The browser as the authorization endpoint sees it: who signed in when (the session row that the
 * {@code jeton_session} cookie names, issue #18), and, under the {@code jeton_browser} cookie, its pending
 * requests in the database and the CSRF token of the forms derived from that cookie. No HTTP session: every
 * node can take every step, without session affinity (issue #19). Both cookies are HttpOnly and SameSite=Lax.
 */
final class BrowserSession implements SignInSession {

    /** The browser's own cookie: it names the browser's pending requests and gives its CSRF token. */
    static final String BROWSER_COOKIE = "jeton_browser";
    /** The request attribute of this request's browser cookie value (or FALSE once it was forgotten). */
    private static final String BROWSER = "dev.jeton.web.browser";

    /** The request attribute that caches this request's sign-in (one database read per request). */
    private static final String SIGN_IN = "dev.jeton.authorize.sign-in";
    /** The request attribute of a session cookie to set (or, FALSE, to clear) on the response: {@link #withCookie}. */
    private static final String SET_COOKIE = "dev.jeton.session.set-cookie";

    private final HttpServletRequest request;
    private final UserSessions sessions;
    private final PendingAuthorizations pending;
    private final Clock clock;
    private final URI issuer;

    BrowserSession(HttpServletRequest request, UserSessions sessions, PendingAuthorizations pending, Clock clock,
                   URI issuer) {
        this.request = request;
        this.sessions = sessions;
        this.pending = pending;
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
            out.addHeader("Set-Cookie", cookieHeader(SessionCookie.NAME, cookie.value(), false));
        } else if (Boolean.FALSE.equals(set)) {
            out.addHeader("Set-Cookie", cookieHeader(SessionCookie.NAME, "", true));
        }
        return response;
    }

    private String cookieHeader(String name, String value, boolean clear) {
        String path = issuer.getPath();
        StringBuilder header = new StringBuilder(name).append('=').append(value)
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
        return cookieValue(SessionCookie.NAME).map(SessionCookie::new);
    }

    /** The value of our cookie {@code name}: 256 bits in base64url are 43 characters; anything else is not ours. */
    private Optional<String> cookieValue(String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (name.equals(cookie.getName()) && cookie.getValue() != null
                    && cookie.getValue().matches("[A-Za-z0-9_-]{43}")) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    /**
     * Called by {@code PasswordSignIn} only: the browser's cookie is renewed (a cookie planted before sign-in
     * must not survive it), its pending requests follow the new one, the CSRF token changes with it (one read
     * before is useless now), and the cookie of the new session row is set.
     */
    @Override
    public void begin(SignIn signIn, SessionCookie cookie) {
        Optional<String> before = browser(false);
        String renewed = newBrowser();
        before.ifPresent(old -> pending.move(hash(old), hash(renewed)));
        request.setAttribute(SET_COOKIE, cookie);
        request.setAttribute(SIGN_IN, signIn);
    }

    /** After the session ended: the browser forgets its cookies, and its pending requests go too. */
    void forget() {
        request.setAttribute(SET_COOKIE, Boolean.FALSE);
        request.setAttribute(SIGN_IN, Boolean.FALSE);
        Optional<String> browser = browser(false);
        if (browser.isPresent()) {
            pending.forget(hash(browser.get()));
            addHeader(cookieHeader(BROWSER_COOKIE, "", true));
            request.setAttribute(BROWSER, Boolean.FALSE);
        }
    }

    /** The forms' CSRF token: derived from the browser's cookie (made on first use), so every node knows it. */
    String csrfToken() {
        return CsrfToken.forBrowser(browser(true).orElseThrow());
    }

    /** True when {@code presented} is this browser's CSRF token (compared in constant time). */
    boolean csrfMatches(String presented) {
        return browser(false).map(b -> CsrfToken.matches(CsrfToken.forBrowser(b), presented)).orElse(false);
    }

    PendingAuthorization addPending(AuthorizationRequest authorization, Instant now) {
        return pending.add(hash(browser(true).orElseThrow()), authorization, now);
    }

    Optional<PendingAuthorization> pending(String id, Instant now) {
        return browser(false).flatMap(b -> pending.find(hash(b), id, now));
    }

    void updatePending(PendingAuthorization authorization) {
        browser(false).ifPresent(b -> pending.update(hash(b), authorization));
    }

    /** Finishes a pending request; true only for the one caller, on any node, that finished it. */
    boolean removePending(String id) {
        return browser(false).map(b -> pending.remove(hash(b), id)).orElse(false);
    }

    /** Keeps a user code (normalized) under a fresh random id while the user signs in; returns the id. */
    String addPendingActivation(String userCode) {
        return pending.addActivation(hash(browser(true).orElseThrow()), userCode, clock.instant());
    }

    /** The user code kept under {@code id}, if this browser has it. */
    Optional<String> pendingActivation(String id) {
        return browser(false).flatMap(b -> pending.activation(hash(b), id, clock.instant()));
    }

    void removePendingActivation(String id) {
        browser(false).ifPresent(b -> pending.removeActivation(hash(b), id));
    }

    /** A key for per-browser limits (the device flow's wrong codes): the hash of its cookie, made on first use. */
    String limitKey() {
        return hash(browser(true).orElseThrow());
    }

    /**
     * The browser's own cookie value ({@code jeton_browser}: 256 random bits, HttpOnly, SameSite=Lax), made and
     * set on the response when {@code create} and the browser has none. It names the browser's pending requests
     * in the database (by its hash), which is what lets any node take a sign-in's next step (issue #19).
     */
    private Optional<String> browser(boolean create) {
        Object cached = request.getAttribute(BROWSER);
        if (cached instanceof String value) {
            return Optional.of(value);
        }
        if (!Boolean.FALSE.equals(cached)) {
            Optional<String> sent = cookieValue(BROWSER_COOKIE);
            if (sent.isPresent()) {
                request.setAttribute(BROWSER, sent.get());
                return sent;
            }
        }
        return create ? Optional.of(newBrowser()) : Optional.empty();
    }

    private String newBrowser() {
        String value = TokenIds.random(256);
        addHeader(cookieHeader(BROWSER_COOKIE, value, false));
        request.setAttribute(BROWSER, value);
        return value;
    }

    /** On the servlet response at once (BrowserCookieFilter hands it over), so every answer carries it. */
    private void addHeader(String setCookie) {
        Object out = request.getAttribute(BrowserCookieFilter.RESPONSE);
        if (!(out instanceof HttpServletResponse response)) {
            throw new IllegalStateException("BrowserCookieFilter did not run for " + request.getRequestURI());
        }
        response.addHeader("Set-Cookie", setCookie);
    }

    private static String hash(String browserCookie) {
        return TokenHashes.sha256(browserCookie);
    }
}
