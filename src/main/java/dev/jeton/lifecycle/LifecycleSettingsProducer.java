package dev.jeton.lifecycle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads {@link LifecycleSettings} from MicroProfile Config once. */
@ApplicationScoped
public class LifecycleSettingsProducer {

    @Produces
    @Singleton
    LifecycleSettings settings() {
        Config config = ConfigProvider.getConfig();
        return LifecycleSettings.from(name -> config.getOptionalValue(name, String.class));
    }
}
