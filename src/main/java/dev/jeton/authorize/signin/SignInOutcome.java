package dev.jeton.authorize.signin;

import dev.jeton.authorize.SignIn;

/** What became of one sign-in attempt ({@link PasswordSignIn}); the web layer only renders it. */
public sealed interface SignInOutcome {

    /** The password was right: the session now belongs to this sign-in (new session id, new auth_time). */
    record SignedIn(SignIn signIn) implements SignInOutcome {
    }

    /** Username or password left empty: nothing was checked or counted. */
    record Incomplete() implements SignInOutcome {
    }

    /** Wrong username or password (or over the length limits): counted and audited. */
    record WrongCredentials() implements SignInOutcome {
    }

    /** The username or address is locked out (RFC 6585 §4): the password was not checked. */
    record Throttled(long retryAfterSeconds) implements SignInOutcome {
    }
}
