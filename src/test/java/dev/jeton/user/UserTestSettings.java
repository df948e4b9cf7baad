package dev.jeton.user;

import dev.jeton.config.JetonSettings;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Valid settings with a cheap PBKDF2 cost, so user tests take milliseconds, not seconds. */
public final class UserTestSettings {

    public static final int ITERATIONS = 1000;

    private UserTestSettings() {
    }

    public static JetonSettings withIterations(int iterations) {
        return with(Map.of(JetonSettings.PASSWORD_ITERATIONS, String.valueOf(iterations)));
    }

    public static JetonSettings with(Map<String, String> overrides) {
        Map<String, String> config = new HashMap<>(Map.of(
                JetonSettings.ISSUER, "https://as.example.com",
                JetonSettings.ACCESS_TOKEN_TTL, "600",
                JetonSettings.SIGNING_ALGORITHM, "ES256",
                JetonSettings.KEYSTORE_PATH, "/nonexistent/keys.bcfks",
                JetonSettings.KEYSTORE_TYPE, "BCFKS",
                JetonSettings.KEYSTORE_PASSWORD, "test-password",
                JetonSettings.CLIENT_SECRET_MIN_LENGTH, "32",
                JetonSettings.AUDIT_CONNECTION_FACTORY, "jms/cf",
                JetonSettings.AUDIT_QUEUE, "jms/q",
                JetonSettings.MAX_BODY_BYTES, "65536"));
        config.put(JetonSettings.JWKS_MAX_AGE, "300");
        config.put(JetonSettings.PASSWORD_ITERATIONS, String.valueOf(ITERATIONS));
        config.putAll(overrides);
        return JetonSettings.from(name -> Optional.ofNullable(config.get(name)));
    }

    public static PasswordHasher hasher() {
        return new PasswordHasher(withIterations(ITERATIONS));
    }
}
