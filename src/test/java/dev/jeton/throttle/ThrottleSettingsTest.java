package dev.jeton.throttle;

import dev.jeton.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jeton.throttle.*}: defaults, and a bad value stops the deployment naming the property. */
class ThrottleSettingsTest {

    @Test
    void defaults() {
        ThrottleSettings s = ThrottleSettings.from(name -> Optional.empty());
        assertEquals(new ThrottleSettings(Duration.ofSeconds(300), 10, 5, 100, 100_000, 0, Duration.ofDays(30),
                ThrottleSettings.Store.DATABASE), s);
    }

    @Test
    void valuesAreReadAndZeroSwitchesALimitOff() {
        Map<String, String> config = Map.of(ThrottleSettings.WINDOW, "60", ThrottleSettings.CLIENT_FAILURES, "0",
                ThrottleSettings.USER_FAILURES, "3", ThrottleSettings.ADDRESS_FAILURES, "1000",
                ThrottleSettings.MAX_TRACKED_KEYS, "50", ThrottleSettings.CLIENT_ALL_FAILURES, "50",
                ThrottleSettings.KNOWN_SOURCE_SECONDS, "3600", ThrottleSettings.STORE, "memory");
        ThrottleSettings s = ThrottleSettings.from(name -> Optional.ofNullable(config.get(name)));
        assertEquals(new ThrottleSettings(Duration.ofSeconds(60), 0, 3, 1000, 50, 50, Duration.ofHours(1),
                ThrottleSettings.Store.MEMORY), s);
    }

    @Test
    void aBadValueNamesTheProperty() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ThrottleSettings.from(
                name -> Optional.ofNullable(name.equals(ThrottleSettings.USER_FAILURES) ? "-1" : null)));
        assertTrue(e.getMessage().contains(ThrottleSettings.USER_FAILURES), e.getMessage());
        assertThrows(ConfigurationException.class, () -> ThrottleSettings.from(
                name -> Optional.ofNullable(name.equals(ThrottleSettings.WINDOW) ? "0" : null)));
    }
}
