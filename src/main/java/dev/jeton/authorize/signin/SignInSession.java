package dev.jeton.authorize.signin;

import dev.jeton.authorize.SignIn;
import dev.jeton.session.SessionCookie;

/**
 * The browser session as the sign-in sees it. Only {@link PasswordSignIn} starts a sign-in
 * (SignInPathTest), so the session's record of who signed in when is always one that passed the
 * throttle and the password check.
 */
public interface SignInSession {

    /**
     * Makes {@code signIn} the session's user, replacing any earlier one: the session gets a new
     * id (a session id planted before sign-in must not survive it) and a new CSRF token (one read
     * before is useless now), and the browser is given {@code cookie}, which names the session's row (so any
     * node knows the sign-in).
     */
    void begin(SignIn signIn, SessionCookie cookie);

    /** The sid of the browser's active session before this sign-in, if any (a re-authentication renews it). */
    default java.util.Optional<String> activeSid() {
        return java.util.Optional.empty();
    }
}
