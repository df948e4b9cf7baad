package dev.jeton.user;

import java.util.Map;
import java.util.Objects;

/**
 * An end user of the default user store.
 *
 * @param subject  the stable, opaque identifier used as {@code sub} (never the username, which may change)
 * @param username what the user types to sign in
 * @param claims   OIDC Core §5.1 standard claims held for the user (name, email, email_verified, ...)
 */
public record UserAccount(String subject, String username, boolean enabled, Map<String, Object> claims) {

    public UserAccount {
        Objects.requireNonNull(subject);
        Objects.requireNonNull(username);
        claims = Map.copyOf(claims);
    }
}
