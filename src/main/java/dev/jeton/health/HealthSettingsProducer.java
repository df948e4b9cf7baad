package dev.jeton.health;

import dev.jeton.config.HealthSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The health checks' thresholds from MicroProfile Config. */
@ApplicationScoped
public class HealthSettingsProducer {

    @Produces
    @Singleton
    HealthSettings healthSettings() {
        Config config = ConfigProvider.getConfig();
        return HealthSettings.from(name -> config.getOptionalValue(name, String.class));
    }
}
