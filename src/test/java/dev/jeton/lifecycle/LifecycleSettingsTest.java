package dev.jeton.lifecycle;

import dev.jeton.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleSettingsTest {

    private static LifecycleSettings from(Map<String, String> values) {
        return LifecycleSettings.from(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void defaultsAreClosedRegistrationAndAnHourlyPurge() {
        LifecycleSettings settings = from(Map.of());

        assertEquals("jeton.introspect", settings.introspectionScope());
        assertEquals("jeton.register", settings.registrationScope());
        assertFalse(settings.registrationOpen());
        assertEquals(Duration.ofHours(1), settings.purgeInterval());
        assertEquals(Duration.ofDays(1), settings.purgeRetention());
    }

    @Test
    void valuesAreReadAndBadOnesNamed() {
        LifecycleSettings settings = from(Map.of(LifecycleSettings.REGISTRATION_OPEN, "true",
                LifecycleSettings.PURGE_INTERVAL, "60", LifecycleSettings.PURGE_RETENTION, "0"));
        assertTrue(settings.registrationOpen());
        assertEquals(Duration.ofMinutes(1), settings.purgeInterval());
        assertEquals(Duration.ZERO, settings.purgeRetention());

        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> from(Map.of(LifecycleSettings.PURGE_INTERVAL, "0")));
        assertTrue(e.getMessage().contains(LifecycleSettings.PURGE_INTERVAL), e.getMessage());
        assertThrows(ConfigurationException.class, () -> from(Map.of(LifecycleSettings.REGISTRATION_OPEN, "yes")));
    }
}
