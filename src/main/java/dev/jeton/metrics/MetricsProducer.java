package dev.jeton.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.logging.Logger;

/**
 * Chooses Jeton's metrics by what the server provides. Payara has MicroProfile Metrics 5; WildFly
 * has none since 33 (it ships Micrometer and MicroProfile Telemetry instead), and a WAR whose beans
 * refer to the MicroProfile Metrics types there would not deploy. So this class names no metrics
 * type: it looks for the API by name and only then loads {@link MicroProfileMetrics}; without it
 * Jeton records nothing and says so once in the log (docs/operations.md: what WildFly exposes).
 */
@ApplicationScoped
public class MetricsProducer {

    private static final Logger LOG = Logger.getLogger(MetricsProducer.class.getName());
    static final String REGISTRY = "org.eclipse.microprofile.metrics.MetricRegistry";

    @Produces
    @Singleton
    JetonMetrics metrics(Instance<Object> beans) {
        Class<?> registryType = loadable(REGISTRY);
        if (registryType != null) {
            // through an injected Instance, not CDI.current(): Payara's registry producer reads the
            // injection point's annotations (@RegistryScope), and a CDI.current() lookup has none (an NPE)
            Instance<?> registry = beans.select(registryType);
            if (registry.isResolvable()) {
                LOG.info("Jeton's metrics go to the MicroProfile Metrics application registry (/metrics)");
                return MicroProfileMetrics.over(registry.get());
            }
        }
        LOG.info("No MicroProfile Metrics on this server: Jeton's own metrics are off (the server's own are not "
                + "affected; see docs/operations.md)");
        return JetonMetrics.NONE;
    }

    static Class<?> loadable(String className) {
        try {
            return Class.forName(className, false, MetricsProducer.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
