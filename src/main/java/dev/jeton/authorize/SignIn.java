package dev.jeton.authorize;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * Who signed in to this browser session and when (OIDC Core §2 auth_time, §3.1.2.1 max_age).
 * Made only by {@code signin.PasswordSignIn} after the password was checked (SignInPathTest), and
 * kept in the session as its only sign-in state.
 *
 * @param subject the user's stable identifier, the caller principal's name
 * @param sid     the session the sign-in started ({@code session.UserSession}), the {@code sid} of the ID tokens
 *                issued in it (Back-Channel Logout 1.0 §2.1); null only in tests that are not about sessions
 */
public record SignIn(String subject, Instant authTime, String sid) implements Serializable {

    public SignIn {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(authTime, "authTime");
    }

    /** A sign-in outside any session (tests that are not about sessions). */
    public SignIn(String subject, Instant authTime) {
        this(subject, authTime, null);
    }
}
