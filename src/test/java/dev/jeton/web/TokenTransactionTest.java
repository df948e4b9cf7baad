package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.client.ClientSecretBasicAuthenticator;
import dev.jeton.token.CoreFixture;
import dev.jeton.token.GrantHandler;
import dev.jeton.token.GrantHandlers;
import dev.jeton.token.GrantResult;
import dev.jeton.vocabulary.GrantType;
import dev.jeton.token.TokenEndpoint;
import dev.jeton.token.TokenOutcome;
import dev.jeton.client.ClientAuthentication;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The grant handlers declare no transaction of their own (issue 12): a fault inside one must
 * still roll back everything the request wrote, because the client's retry would otherwise meet
 * a spent code or a rotated token and be taken for reuse.
 */
class TokenTransactionTest {

    private final CoreFixture core = new CoreFixture();
    private final List<AuditEvent> fired = new ArrayList<>();

    TokenTransactionTest() throws Exception {
    }

    @Test
    void aFaultInsideAGrantHandlerRollsBackTheWholeRequest() {
        List<String> written = new ArrayList<>();
        GrantHandler faulty = new GrantHandler() {
            public GrantType grantType() {
                return GrantType.CLIENT_CREDENTIALS;
            }

            public GrantResult handle(dev.jeton.token.TokenRequest request, dev.jeton.client.RegisteredClient c) {
                written.add("spent the code");
                throw new IllegalStateException("signer broke after the write");
            }
        };
        TokenTransaction transaction = transaction(faulty);

        assertThrows(TokenTransaction.RolledBack.class, () -> transaction.process(
                CoreFixture.request(CoreFixture.basic("service", CoreFixture.SECRET), "grant_type",
                        "client_credentials")));
        assertEquals(List.of("spent the code"), written, "the handler did run and write");
        assertTrue(fired.isEmpty(), "no event is stored with a transaction that rolls back");
    }

    @Test
    void aRefusalCommitsWithItsEvents() {
        TokenTransaction transaction = transaction(core.handlers.forType(GrantType.CLIENT_CREDENTIALS).orElseThrow());

        TokenOutcome outcome = transaction.process(CoreFixture.request(CoreFixture.basic("service", "wrong"),
                "grant_type", "client_credentials"));

        assertInstanceOf(TokenOutcome.Denied.class, outcome);
        assertEquals(outcome.events(), fired);
    }

    private TokenTransaction transaction(GrantHandler handler) {
        TokenTransaction t = new TokenTransaction();
        t.endpoint = new TokenEndpoint(new ClientAuthentication(id -> java.util.Optional.ofNullable(
                core.clients.get(id)), List.of(new ClientSecretBasicAuthenticator())),
                new GrantHandlers(List.of(handler)), core.dpop, core.settings,
                dev.jeton.throttle.ClientAuthenticationGate.open());
        t.audit = new Recording();
        t.transactions = new NeverDoomed();
        return t;
    }

    private final class Recording implements Event<AuditEvent> {
        public void fire(AuditEvent event) {
            fired.add(event);
        }

        public <U extends AuditEvent> CompletionStage<U> fireAsync(U event) {
            throw new UnsupportedOperationException();
        }

        public <U extends AuditEvent> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
            throw new UnsupportedOperationException();
        }

        public Event<AuditEvent> select(Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        public <U extends AuditEvent> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }

        public <U extends AuditEvent> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
            throw new UnsupportedOperationException();
        }
    }

    /** A transaction nothing marked for rollback: the handler's fault alone must decide it. */
    private static final class NeverDoomed implements TransactionSynchronizationRegistry {
        public Object getTransactionKey() { return "tx"; }
        public void putResource(Object key, Object value) { }
        public Object getResource(Object key) { return null; }
        public void registerInterposedSynchronization(Synchronization sync) { }
        public int getTransactionStatus() { return jakarta.transaction.Status.STATUS_ACTIVE; }
        public void setRollbackOnly() { }
        public boolean getRollbackOnly() { return false; }
    }
}
