package dev.jeton.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Clock;

/**
 * Hands the validated settings and the clock to the rest of the application. MicroProfile
 * Config reads system properties, environment variables ({@code JETON_ISSUER} for
 * {@code jeton.issuer}) and {@code META-INF/microprofile-config.properties}, in that order.
 */
@ApplicationScoped
public class SettingsProducer {

    @Produces
    @Singleton
    JetonSettings settings() {
        Config config = ConfigProvider.getConfig();
        return JetonSettings.from(name -> config.getOptionalValue(name, String.class));
    }

    /** RFC 8707 resource policy; the per-resource keys are found among every property name. */
    @Produces
    @Singleton
    ResourceSettings resourceSettings(JetonSettings settings) {
        Config config = ConfigProvider.getConfig();
        return ResourceSettings.from(name -> config.getOptionalValue(name, String.class), config.getPropertyNames(),
                settings.signingAlgorithm());
    }

    /** Sessions and logout (docs/logout.md). */
    @Produces
    @Singleton
    LogoutSettings logoutSettings() {
        Config config = ConfigProvider.getConfig();
        return LogoutSettings.from(name -> config.getOptionalValue(name, String.class));
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
