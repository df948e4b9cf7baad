package dev.jeton.metrics;

import dev.jeton.error.OAuthErrorCode;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Jeton's metrics in the MicroProfile Metrics 5 application registry (Payara). Timers say their unit,
 * nanoseconds (what they record): Payara's Prometheus output then scales every figure to seconds
 * ({@code _seconds}); with the unit seconds it named them so but printed the quantiles in
 * nanoseconds (Payara Micro 6.2025.10). The registry's
 * handles are looked up once per label combination and kept in arrays indexed by grant and error
 * code, so a token request costs an array read, a counter increment and a timer update: no
 * name lookup, no tag objects. Label values are bounded ({@link MetricLabels}).
 * <p>
 * Only {@link MetricsProducer} refers to this class, and only after it found the MicroProfile
 * Metrics API: on a server without it (WildFly) the class is never loaded.
 */
final class MicroProfileMetrics implements JetonMetrics {

    static final String TOKENS_ISSUED = "jeton.tokens.issued";
    static final String TOKENS_DENIED = "jeton.tokens.denied";
    static final String TOKEN_DURATION = "jeton.token.request.duration";
    static final String THROTTLE_LOCKOUTS = "jeton.throttle.lockouts";
    static final String SIGN_IN_THROTTLED = "jeton.throttle.sign_in_refusals";
    static final String AUDIT_DELIVERY = "jeton.audit.relay.delay";
    static final String AUDIT_BACKLOG = "jeton.audit.outbox.backlog";
    static final String AUDIT_OLDEST = "jeton.audit.outbox.oldest_age";

    private static final OAuthErrorCode[] ERRORS = OAuthErrorCode.values();

    private final MetricRegistry registry;
    private final Metadata issuedMetadata;
    private final Metadata deniedMetadata;
    private final Metadata durationMetadata;
    private final AtomicReferenceArray<Counter> issued = new AtomicReferenceArray<>(MetricLabels.GRANT_LABELS);
    private final AtomicReferenceArray<Counter> denied =
            new AtomicReferenceArray<>(MetricLabels.GRANT_LABELS * ERRORS.length);
    private final AtomicReferenceArray<Timer> duration = new AtomicReferenceArray<>(MetricLabels.GRANT_LABELS);
    private final Timer auditDelay;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();

    /** Typed {@code Object} so that the caller's class refers to no MicroProfile Metrics type. */
    static JetonMetrics over(Object registry) {
        return new MicroProfileMetrics((MetricRegistry) registry);
    }

    MicroProfileMetrics(MetricRegistry registry) {
        this.registry = registry;
        issuedMetadata = Metadata.builder().withName(TOKENS_ISSUED)
                .withDescription("Token endpoint requests answered with tokens (RFC 6749 section 5.1), by grant type")
                .build();
        deniedMetadata = Metadata.builder().withName(TOKENS_DENIED)
                .withDescription("Token endpoint requests answered with an error (RFC 6749 section 5.2), by grant type "
                        + "and error code")
                .build();
        durationMetadata = Metadata.builder().withName(TOKEN_DURATION)
                .withDescription("Time to answer a token endpoint request, from its arrival at the resource, by grant type")
                .withUnit(MetricUnits.NANOSECONDS).build();
        auditDelay = registry.timer(Metadata.builder().withName(AUDIT_DELIVERY)
                .withDescription("Time from an audit event's recording (in the outbox) to its acceptance by the broker")
                .withUnit(MetricUnits.NANOSECONDS).build());
        registry.gauge(Metadata.builder().withName(AUDIT_BACKLOG)
                .withDescription("Audit events in the outbox, not yet on the queue (sampled by the relay)")
                .build(), backlog, AtomicLong::get);
        registry.gauge(Metadata.builder().withName(AUDIT_OLDEST)
                .withDescription("How long the oldest audit event in the outbox has waited (0: none waits)")
                .withUnit(MetricUnits.SECONDS).build(), oldestAgeMillis, a -> a.get() / 1000.0);
    }

    @Override
    public void tokenAnswered(String grantType, OAuthErrorCode error, long startedNanos) {
        long elapsed = System.nanoTime() - startedNanos;
        int grant = MetricLabels.grantIndex(grantType);
        if (error == null) {
            issued(grant).inc();
        } else {
            denied(grant, error).inc();
        }
        timer(grant).update(Duration.ofNanos(elapsed));
    }

    @Override
    public void clientLockout(String limit) {
        registry.counter(THROTTLE_LOCKOUTS, new Tag("limit", limit)).inc();
    }

    @Override
    public void signInThrottled(String limit) {
        registry.counter(SIGN_IN_THROTTLED, new Tag("limit", limit)).inc();
    }

    @Override
    public void auditDelivered(Duration delay) {
        auditDelay.update(delay.isNegative() ? Duration.ZERO : delay);
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
            c = registry.counter(issuedMetadata, grantTag(grant));
            issued.set(grant, c);
        }
        return c;
    }

    private Counter denied(int grant, OAuthErrorCode error) {
        int slot = grant * ERRORS.length + error.ordinal();
        Counter c = denied.get(slot);
        if (c == null) {
            c = registry.counter(deniedMetadata, grantTag(grant), new Tag("error", error.wireValue()));
            denied.set(slot, c);
        }
        return c;
    }

    private Timer timer(int grant) {
        Timer t = duration.get(grant);
        if (t == null) {
            t = registry.timer(durationMetadata, grantTag(grant));
            duration.set(grant, t);
        }
        return t;
    }

    private static Tag grantTag(int grant) {
        return new Tag("grant", MetricLabels.grantLabel(grant));
    }
}
