package dev.jeton.authorize.signin;

import dev.jeton.config.ConfigurationException;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code jeton.users.identity-store}: whether Jeton's own identity store (the user database)
 * checks passwords ({@code database}, the default), or the operator supplies an IdentityStore
 * bean of their own (LDAP, another database, ...) and Jeton's stays out of the way ({@code none}).
 */
public enum IdentityStoreMode {
    DATABASE, NONE;

    public static final String PROPERTY = "jeton.users.identity-store";

    public static IdentityStoreMode parse(Optional<String> value) {
        String text = value.map(String::strip).filter(v -> !v.isEmpty()).orElse("database");
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(PROPERTY + " must be database or none, got '" + text + "'");
        }
    }
}
