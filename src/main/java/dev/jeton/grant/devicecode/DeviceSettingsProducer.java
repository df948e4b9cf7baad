package dev.jeton.grant.devicecode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The device flow's settings from MicroProfile Config, checked once at first use. */
@ApplicationScoped
public class DeviceSettingsProducer {

    @Produces
    @Singleton
    DeviceSettings deviceSettings() {
        Config config = ConfigProvider.getConfig();
        return DeviceSettings.from(name -> config.getOptionalValue(name, String.class));
    }
}
