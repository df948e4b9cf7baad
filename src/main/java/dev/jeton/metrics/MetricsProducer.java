package dev.jeton.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.logging.Logger;

/**
 * Chooses Jeton's metrics by what the server provides. Payara has MicroProfile Metrics 5; WildFly
 * has none since 33 but offers a Micrometer {@code MeterRegistry} bean (its {@code micrometer}
 * subsystem), and each server lacks the other's API: a WAR whose beans referred to the missing
 * types would not deploy. So this class names no metrics type: it looks for each API by name and
 * only then loads {@link MicroProfileMetrics} or {@link MicrometerMetrics}; with neither Jeton
 * records nothing and says so once in the log (docs/operations.md).
 */
@ApplicationScoped
public class MetricsProducer {

    private static final Logger LOG = Logger.getLogger(MetricsProducer.class.getName());
    static final String REGISTRY = "org.eclipse.microprofile.metrics.MetricRegistry";
    static final String MICROMETER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

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
        Class<?> meterRegistryType = loadable(MICROMETER_REGISTRY);
        if (meterRegistryType != null) {
            Instance<?> registry = beans.select(meterRegistryType);
            if (registry.isResolvable()) {
                LOG.info("Jeton's metrics go to the server's Micrometer registry (WildFly: the micrometer subsystem)");
                return MicrometerMetrics.over(registry.get());
            }
        }
        LOG.info("No MicroProfile Metrics or Micrometer on this server: Jeton's own metrics are off (the server's "
                + "own are not affected; see docs/operations.md)");
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
