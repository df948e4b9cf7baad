package dev.jeton.boot;

import dev.jeton.authorize.ParSettings;
import dev.jeton.client.ClientKeySettings;
import dev.jeton.config.ConfigurationException;
import dev.jeton.dpop.DpopSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The settings of private_key_jwt, DPoP and PAR: defaults, overrides, and refusals that name the property. */
class StrongClientSettingsTest {

    private static Function<String, Optional<String>> config(Map<String, String> values) {
        return name -> Optional.ofNullable(values.get(name));
    }

    @Test
    void defaults() {
        DpopSettings dpop = DpopSettings.from(config(Map.of()));
        assertEquals(Duration.ofSeconds(60), dpop.proofMaxAge());
        assertFalse(dpop.nonceRequired());
        assertEquals(32, dpop.nonceSecret().length, "a random per-node secret when none is configured");
        ParSettings par = ParSettings.defaults();
        assertEquals(Duration.ofSeconds(60), par.requestUriTtl());
        assertFalse(par.required());
        assertEquals(Duration.ofSeconds(300), ClientKeySettings.defaults().assertionMaxLifetime());
    }

    @Test
    void overrides() {
        String secret = "a-shared-secret-of-at-least-32-characters";
        DpopSettings dpop = DpopSettings.from(config(Map.of(DpopSettings.NONCE_SECRET, secret,
                DpopSettings.NONCE_REQUIRED, "true", DpopSettings.PROOF_MAX_AGE, "30")));
        assertTrue(dpop.nonceRequired());
        assertEquals(Duration.ofSeconds(30), dpop.proofMaxAge());
        assertArrayEquals(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), dpop.nonceSecret());
        assertFalse(dpop.toString().contains(secret), "the secret is never logged");
        assertTrue(ParSettings.from(config(Map.of(ParSettings.REQUIRED, "true"))).required());
    }

    @Test
    void badValuesNameTheProperty() {
        assertTrue(assertThrows(ConfigurationException.class, () -> DpopSettings.from(config(Map.of(
                DpopSettings.NONCE_SECRET, "short")))).getMessage().contains(DpopSettings.NONCE_SECRET));
        assertTrue(assertThrows(ConfigurationException.class, () -> ParSettings.from(config(Map.of(
                ParSettings.REQUEST_URI_TTL, "0")))).getMessage().contains(ParSettings.REQUEST_URI_TTL));
        assertTrue(assertThrows(ConfigurationException.class, () -> ClientKeySettings.from(config(Map.of(
                ClientKeySettings.ASSERTION_MAX_LIFETIME, "soon")))).getMessage()
                .contains(ClientKeySettings.ASSERTION_MAX_LIFETIME));
    }
}
