package dev.jeton.throttle;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** {@link ThrottleSettings} from MicroProfile Config. */
@ApplicationScoped
public class ThrottleSettingsProducer {

    @Produces
    @Singleton
    ThrottleSettings settings() {
        Config config = ConfigProvider.getConfig();
        return ThrottleSettings.from(name -> config.getOptionalValue(name, String.class));
    }
}
