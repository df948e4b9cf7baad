package dev.jeton.metrics;

import dev.jeton.error.OAuthErrorCode;

import java.time.Duration;

/**
 * The figures Jeton reports to the server's metrics registry. One interface over the two APIs the
 * servers offer (MicroProfile Metrics on Payara, {@link MicroProfileMetrics}; Micrometer on WildFly,
 * {@link MicrometerMetrics}), so that the WAR deploys where either or neither is provided: with
 * neither, {@link #NONE} records nothing. Every method is cheap enough for the request path: no
 * lookup by name and no allocation beyond what the registry itself does.
 */
public interface JetonMetrics {

    /**
     * A token endpoint request was answered.
     *
     * @param grantType    the {@code grant_type} as sent (null when absent); unknown values are counted
     *                     together, so a client cannot create series at will
     * @param error        the error the client got, or null when tokens were issued
     * @param startedNanos {@link System#nanoTime()} when the request arrived
     */
    void tokenAnswered(String grantType, OAuthErrorCode error, long startedNanos);

    /** A client authentication lockout started ({@code client_authentication_throttled}); {@code limit}: which one. */
    void clientLockout(String limit);

    /** A sign-in was refused by the throttle ({@code user_sign_in_throttled}); {@code limit}: which one. */
    void signInThrottled(String limit);

    /** An audit event reached the queue {@code delay} after it was recorded. */
    void auditDelivered(Duration delay);

    /** What waits in the audit outbox now: the event count and how long the oldest has waited. */
    void auditBacklog(long pending, Duration oldestAge);

    /** Records nothing: for servers without a metrics API, and for tests of other parts. */
    JetonMetrics NONE = new JetonMetrics() {
        @Override
        public void tokenAnswered(String grantType, OAuthErrorCode error, long startedNanos) {
        }

        @Override
        public void clientLockout(String limit) {
        }

        @Override
        public void signInThrottled(String limit) {
        }

        @Override
        public void auditDelivered(Duration delay) {
        }

        @Override
        public void auditBacklog(long pending, Duration oldestAge) {
        }
    };
}
