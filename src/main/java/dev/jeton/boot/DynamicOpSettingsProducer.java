package dev.jeton.boot;

import dev.jeton.authorize.DynamicOpSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The settings of the OpenID Connect Dynamic OP features (issue #14), read once and validated. */
@ApplicationScoped
public class DynamicOpSettingsProducer {

    @Produces
    @Singleton
    DynamicOpSettings dynamicOpSettings() {
        Config config = ConfigProvider.getConfig();
        return DynamicOpSettings.from(name -> config.getOptionalValue(name, String.class));
    }
}
