package dev.jeton.authorize;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The consent pages' scope texts ({@code jeton.scopes.description.*}) from MicroProfile Config. */
@ApplicationScoped
public class ScopeDescriptionsProducer {

    @Produces
    @Singleton
    ScopeDescriptions scopeDescriptions() {
        Config config = ConfigProvider.getConfig();
        return new ScopeDescriptions(name -> config.getOptionalValue(name, String.class));
    }
}
