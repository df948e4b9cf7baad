package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.logout.BackchannelRelay;
import dev.jeton.logout.SessionEnding;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How a resource ends sessions: {@link SessionEnding} in one {@link AuditedTransaction} with the audit events (the
 * session row, the revocations, the queued logout tokens and the events commit together, or nothing does), then
 * the back-channel relay is woken; the response never waits for a delivery.
 */
@ApplicationScoped
public class SessionEnds {

    @Inject
    AuditedTransaction transaction;
    @Inject
    BackchannelRelay relay;

    /**
     * @param change the ending, in the transaction
     * @param extra  further events of the outcome (e.g. {@code user_signed_out}), committed with it
     * @throws RuntimeException when nothing could be committed
     */
    List<SessionEnding.Ended> commit(Supplier<List<SessionEnding.Ended>> change,
                                     Function<List<SessionEnding.Ended>, List<AuditEvent>> extra) {
        List<SessionEnding.Ended> ended = transaction.commit(change, outcome -> {
            List<AuditEvent> events = new ArrayList<>();
            outcome.forEach(e -> events.addAll(e.events()));
            events.addAll(extra.apply(outcome));
            return events;
        }, outcome -> false);
        if (ended.stream().anyMatch(e -> !e.notified().isEmpty())) {
            relay.kick();
        }
        return ended;
    }
}
