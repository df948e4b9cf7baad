package dev.jeton.metrics;

import dev.jeton.error.OAuthErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Jeton's metrics in a Micrometer registry (WildFly's {@code micrometer} subsystem, exported by its
 * Prometheus registry). The same names and labels as {@link MicroProfileMetrics}, so that the
 * Prometheus series are the same on both servers ({@code jeton_tokens_issued_total{grant=...}},
 * {@code jeton_token_request_duration_seconds_*}, ...). Meters are looked up once per label
 * combination and kept in arrays, as there: a token request costs an array read, a counter
 * increment and a timer record.
 * <p>
 * Meters are made with the registry's own methods ({@code counter(name, tags)}, {@code timer},
 * {@code gauge}), never with {@code Counter.builder(...).register(registry)}: WildFly 39 hands a
 * deployment an {@code ApplicationRegistry} that forwards only those methods to the exported
 * registry (adding the deployment's tag); a builder registers into the wrapper itself, and the meter
 * never reaches {@code /prometheus}. So the meters carry no description.
 * <p>
 * Only {@link MetricsProducer} refers to this class, and only after it found the Micrometer API:
 * on a server without it (Payara) the class is never loaded.
 */
final class MicrometerMetrics implements JetonMetrics {

    private static final OAuthErrorCode[] ERRORS = OAuthErrorCode.values();

    private final MeterRegistry registry;
    private final AtomicReferenceArray<Counter> issued = new AtomicReferenceArray<>(MetricLabels.GRANT_LABELS);
    private final AtomicReferenceArray<Counter> denied =
            new AtomicReferenceArray<>(MetricLabels.GRANT_LABELS * ERRORS.length);
    private final AtomicReferenceArray<Timer> duration = new AtomicReferenceArray<>(MetricLabels.GRANT_LABELS);
    private final Timer auditDelay;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();

    /** Typed {@code Object} so that the caller's class refers to no Micrometer type. */
    static JetonMetrics over(Object registry) {
        return new MicrometerMetrics((MeterRegistry) registry);
    }

    MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
        auditDelay = registry.timer(MicroProfileMetrics.AUDIT_DELIVERY, Tags.empty());
        // the registry holds gauges weakly: the AtomicLongs live as long as this (singleton) object
        registry.gauge(MicroProfileMetrics.AUDIT_BACKLOG, Tags.empty(), backlog, AtomicLong::get);
        // Prometheus name jeton_audit_outbox_oldest_age_seconds, as on Payara
        registry.gauge(MicroProfileMetrics.AUDIT_OLDEST + ".seconds", Tags.empty(), oldestAgeMillis,
                a -> a.get() / 1000.0);
    }

    @Override
    public void tokenAnswered(String grantType, OAuthErrorCode error, long startedNanos) {
        long elapsed = System.nanoTime() - startedNanos;
        int grant = MetricLabels.grantIndex(grantType);
        if (error == null) {
            issued(grant).increment();
        } else {
            denied(grant, error).increment();
        }
        timer(grant).record(elapsed, TimeUnit.NANOSECONDS);
    }

    @Override
    public void clientLockout(String limit) {
        registry.counter(MicroProfileMetrics.THROTTLE_LOCKOUTS, Tags.of("limit", limit)).increment();
    }

    @Override
    public void signInThrottled(String limit) {
        registry.counter(MicroProfileMetrics.SIGN_IN_THROTTLED, Tags.of("limit", limit)).increment();
    }

    @Override
    public void auditDelivered(Duration delay) {
        auditDelay.record(delay.isNegative() ? Duration.ZERO : delay);
    }

    @Override
    public void auditBacklog(long pending, Duration oldestAge) {
        backlog.set(pending);
        oldestAgeMillis.set(oldestAge.toMillis());
    }

    private Counter issued(int grant) {
        Counter c = issued.get(grant);
        if (c == null) {
            // the registry returns the one counter of this name and tags, so a race makes no second one
            c = registry.counter(MicroProfileMetrics.TOKENS_ISSUED, Tags.of("grant", MetricLabels.grantLabel(grant)));
            issued.set(grant, c);
        }
        return c;
    }

    private Counter denied(int grant, OAuthErrorCode error) {
        int slot = grant * ERRORS.length + error.ordinal();
        Counter c = denied.get(slot);
        if (c == null) {
            c = registry.counter(MicroProfileMetrics.TOKENS_DENIED,
                    Tags.of("grant", MetricLabels.grantLabel(grant), "error", error.wireValue()));
            denied.set(slot, c);
        }
        return c;
    }

    private Timer timer(int grant) {
        Timer t = duration.get(grant);
        if (t == null) {
            t = registry.timer(MicroProfileMetrics.TOKEN_DURATION, Tags.of("grant", MetricLabels.grantLabel(grant)));
            duration.set(grant, t);
        }
        return t;
    }
}
