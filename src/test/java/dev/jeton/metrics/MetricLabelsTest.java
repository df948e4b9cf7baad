package dev.jeton.metrics;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.vocabulary.GrantType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Label values stay a small closed set whatever a client sends; throttle events reach the right counter. */
class MetricLabelsTest {

    @Test
    void everyKnownGrantKeepsItsWireValue() {
        for (GrantType grant : GrantType.values()) {
            assertEquals(grant.wireValue(), MetricLabels.grantLabel(MetricLabels.grantIndex(grant.wireValue())));
        }
    }

    @Test
    void unknownAndMissingGrantsShareOneLabelEach() {
        Set<String> labels = new HashSet<>();
        for (String sent : List.of("password", "implicit", "x".repeat(10_000), "CLIENT_CREDENTIALS", "")) {
            labels.add(MetricLabels.grantLabel(MetricLabels.grantIndex(sent)));
        }
        assertEquals(Set.of("unsupported"), labels);
        assertEquals("none", MetricLabels.grantLabel(MetricLabels.grantIndex(null)));
        assertEquals(GrantType.values().length + 2, MetricLabels.GRANT_LABELS);
    }

    @Test
    void throttleReasonsBecomeLimitLabels() {
        assertEquals("client_address", MetricLabels.limit("CLIENT_ADDRESS_LIMIT"));
        assertEquals("client", MetricLabels.limit("CLIENT_LIMIT"));
        assertEquals("address", MetricLabels.limit("ADDRESS_LIMIT"));
        assertEquals("user", MetricLabels.limit("USER_LIMIT"));
        assertEquals("other", MetricLabels.limit("SOMETHING_ELSE_LIMIT"));
        assertEquals("other", MetricLabels.limit(null));
        assertEquals("other", MetricLabels.limit("bad_credentials"));
    }

    @Test
    void throttleEventsAreCountedAndOtherEventsAreNot() {
        List<String> counted = new ArrayList<>();
        AuditEventMetrics observer = new AuditEventMetrics();
        observer.metrics = new JetonMetrics() {
            @Override
            public void tokenAnswered(String grantType, OAuthErrorCode error, long startedNanos) {
                counted.add("token");
            }

            @Override
            public void clientLockout(String limit) {
                counted.add("lockout " + limit);
            }

            @Override
            public void signInThrottled(String limit) {
                counted.add("sign-in " + limit);
            }

            @Override
            public void auditDelivered(Duration delay) {
                counted.add("delivered");
            }

            @Override
            public void auditBacklog(long pending, Duration oldestAge) {
                counted.add("backlog");
            }
        };
        Instant now = Instant.now();
        observer.count(AuditEvent.failure(AuditEventName.CLIENT_AUTHENTICATION_THROTTLED, now, "c", null, "slow_down",
                "CLIENT_ADDRESS_LIMIT", "127.0.0.1"));
        observer.count(AuditEvent.failure(AuditEventName.USER_SIGN_IN_THROTTLED, now, "c", null, null, "USER_LIMIT",
                "127.0.0.1"));
        observer.count(AuditEvent.failure(AuditEventName.TOKEN_DENIED, now, "c", "client_credentials", "invalid_client",
                "BAD_CREDENTIALS", "127.0.0.1"));
        observer.count(AuditEvent.failure(AuditEventName.USER_SIGN_IN_FAILED, now, "c", null, null, "WRONG_CREDENTIALS",
                "127.0.0.1"));
        assertEquals(List.of("lockout client_address", "sign-in user"), counted);
    }

    @Test
    void withoutTheMetricsApiNothingIsLoaded() {
        assertNull(MetricsProducer.loadable("org.eclipse.microprofile.metrics.NoSuchRegistry"));
        assertEquals(MetricsProducer.REGISTRY, MetricsProducer.loadable(MetricsProducer.REGISTRY).getName());
    }
}
