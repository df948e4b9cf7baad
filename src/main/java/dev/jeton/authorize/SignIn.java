package dev.jeton.authorize;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * Who signed in to this browser session and when (OIDC Core §2 auth_time, §3.1.2.1 max_age).
 * Recorded by the authentication mechanism at a successful sign-in and kept in the session.
 *
 * @param subject the user's stable identifier, the caller principal's name
 */
public record SignIn(String subject, Instant authTime) implements Serializable {

    /** The session attribute that holds the record. */
    public static final String SESSION_ATTRIBUTE = "dev.jeton.authorize.sign-in";

    public SignIn {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(authTime, "authTime");
    }
}
