package dev.jeton.logout;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientStore;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.fetch.OutboundFetcher;
import dev.jeton.config.JetonSettings;
import dev.jeton.config.LogoutSettings;
import dev.jeton.jose.JwtLogoutTokenIssuer;
import dev.jeton.jose.SigningKeySource;
import dev.jeton.token.LogoutTokenClaims;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One delivery of one claimed logout token, and its bookkeeping in a transaction of its own: delivered (it leaves
 * the outbox, {@code backchannel_logout_delivered}), failed for now (the next attempt by {@link RetrySchedule}), or
 * given up ({@code backchannel_logout_failed}). The token is signed at each attempt: a fresh iat and a short exp,
 * the same jti, so that an RP can tell a retry from a new logout.
 */
@ApplicationScoped
public class BackchannelAttempt {

    @Inject
    BackchannelOutbox outbox;
    @Inject
    ClientStore clients;
    @Inject
    SigningKeySource keys;
    @Inject
    JetonSettings settings;
    @Inject
    LogoutSettings logout;
    @Inject
    Clock clock;
    @Inject
    OutboundFetcher fetcher;
    @Inject
    Event<AuditEvent> audit;
    /** This bean through its proxy, so that {@link #prepare} runs in its transaction. */
    @Inject
    BackchannelAttempt self;

    private JwtLogoutTokenIssuer tokens;
    private BackchannelDelivery delivery;
    private RetrySchedule schedule;

    @PostConstruct
    void init() {
        tokens = new JwtLogoutTokenIssuer(keys);
        delivery = new BackchannelDelivery(fetcher, logout.deliveryTimeout());
        schedule = new RetrySchedule(logout.retryInitial(), logout.retryMax(), logout.maxAttempts());
    }

    /** How long a claim lasts: longer than one delivery can take, so two relays never send one token together. */
    public java.time.Duration lease() {
        return logout.deliveryTimeout().multipliedBy(3);
    }

    /**
     * Sends a delivery this relay has claimed: the logout token is made in a short transaction (the client's
     * registration is read), the POST happens outside any transaction (the network is not part of one). Whether
     * the URI may be reached at all is the {@link OutboundFetcher}'s decision, as for every URL a client names.
     */
    public BackchannelDelivery.Outcome send(BackchannelOutbox.Pending pending) {
        Prepared prepared = self.prepare(pending);
        if (prepared.refusal() != null) {
            return new BackchannelDelivery.Outcome(BackchannelDelivery.Result.REFUSED, prepared.refusal());
        }
        return delivery.post(pending.uri(), prepared.logoutToken());
    }

    /** A signed logout token, or why none may be sent. */
    public record Prepared(String logoutToken, String refusal) {
    }

    @Transactional
    public Prepared prepare(BackchannelOutbox.Pending pending) {
        Optional<RegisteredClient> client = clients.find(pending.clientId()).filter(RegisteredClient::enabled);
        if (client.isEmpty()) {
            return new Prepared(null, "client_gone");
        }
        Instant now = clock.instant();
        return new Prepared(tokens.issue(new LogoutTokenClaims(settings.issuer().toString(), pending.clientId(),
                pending.subject(), pending.sid(), pending.jwtId(), now, now.plus(logout.logoutTokenTtl())),
                client.get().idTokenAlgorithm(settings.idTokenSigningAlgorithm())), null);
    }

    /** Records what came of an attempt, with its audit event when it is the last. */
    @Transactional
    public void record(BackchannelOutbox.Pending pending, BackchannelDelivery.Outcome outcome) {
        Instant now = clock.instant();
        int attempts = pending.attempts() + 1;
        if (outcome.result() == BackchannelDelivery.Result.DELIVERED) {
            outbox.remove(pending.id());
            audit.fire(event(AuditEventName.BACKCHANNEL_LOGOUT_DELIVERED, AuditEvent.Outcome.SUCCESS, pending, null,
                    now));
            return;
        }
        Optional<Instant> next = outcome.result() == BackchannelDelivery.Result.RETRY
                ? schedule.next(attempts, now) : Optional.empty();
        if (next.isPresent()) {
            outbox.retryLater(pending.id(), attempts, next.get(), outcome.detail());
            return;
        }
        outbox.remove(pending.id());
        audit.fire(event(AuditEventName.BACKCHANNEL_LOGOUT_FAILED, AuditEvent.Outcome.FAILURE, pending,
                reason(outcome.detail()) + "_AFTER_" + attempts, now));
    }

    private static String reason(String detail) {
        return detail.replaceAll("[^A-Za-z0-9]+", "_").toUpperCase(java.util.Locale.ROOT);
    }

    private static AuditEvent event(AuditEventName name, AuditEvent.Outcome outcome, BackchannelOutbox.Pending p,
                                    String reason, Instant now) {
        // tokenId: the logout token's jti, which the client sees too
        return new AuditEvent(UUID.randomUUID().toString(), now, name, p.clientId(), null, outcome, null, reason,
                p.subject(), p.jwtId(), null, List.of(), p.sid());
    }
}
