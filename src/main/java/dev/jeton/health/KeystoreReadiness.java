package dev.jeton.health;

import dev.jeton.config.JetonSettings;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.jose.SigningKey;
import dev.jeton.jose.SigningKeySet;
import dev.jeton.jose.SigningKeySource;
import dev.jeton.jose.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Readiness: the keystore holds a key that signs now for what Jeton signs: access tokens
 * ({@code jeton.signing.algorithm}, or the pinned {@code jeton.signing.key-alias}) and ID tokens
 * ({@code jeton.id-token.signing-algorithm}). Keys change state with the clock and the keystore
 * is reloaded while Jeton runs (server-config/KEYS.md), so a start-up check is not enough: a
 * keystore whose only key was retired, or replaced by one without the algorithm, signs nothing.
 * The data names the signing key of each ({@code kid}) or what is missing; never key material.
 */
@Readiness
@ApplicationScoped
public class KeystoreReadiness implements HealthCheck {

    static final String NAME = "jeton-keystore";

    @Inject
    SigningKeys keys;
    @Inject
    JetonSettings settings;

    @Override
    public HealthCheckResponse call() {
        return check(keys, settings.signingAlgorithm(), settings.idTokenSigningAlgorithm());
    }

    /** The check itself, on any key source (the server's reloading one, or a fixed set in a test). */
    static HealthCheckResponse check(SigningKeySource source, SigningAlgorithm accessTokens,
                                     SigningAlgorithm idTokens) {
        Map<String, Object> data = new LinkedHashMap<>();
        boolean up;
        SigningKeySet set;
        try {
            set = source.current();
        } catch (RuntimeException e) {
            data.put("error", "the keystore cannot be read: " + e.getMessage());
            return new HealthCheckResponse(NAME, HealthCheckResponse.Status.DOWN, Optional.of(data));
        }
        up = describe(data, "access_token", accessTokens, () -> set.active());
        up &= describe(data, "id_token", idTokens, () -> set.active(idTokens));
        data.put("published_keys", set.all().size());
        return new HealthCheckResponse(NAME, up ? HealthCheckResponse.Status.UP : HealthCheckResponse.Status.DOWN,
                Optional.of(data));
    }

    private static boolean describe(Map<String, Object> data, String use, SigningAlgorithm algorithm,
                                    Supplier<SigningKey> signing) {
        try {
            SigningKey key = signing.get();
            data.put(use + "_key", key.algorithm() + " " + key.kid());
            return key.algorithm() == algorithm;
        } catch (RuntimeException e) {
            // a ConfigurationException naming what is missing, e.g. "the keystore holds no active RS256 key"
            data.put(use + "_key", "none: " + e.getMessage());
            return false;
        }
    }
}
