package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientAuthentication;
import dev.jeton.client.ClientSecretBasicAuthenticator;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.registration.ClientMetadataValidator;
import dev.jeton.client.registration.ClientRegistration;
import dev.jeton.client.registration.RegistrationStore;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.throttle.ClientAuthenticationGate;
import dev.jeton.token.CoreFixture;
import dev.jeton.token.GrantHandler;
import dev.jeton.token.GrantHandlers;
import dev.jeton.token.GrantResult;
import dev.jeton.token.TokenEndpoint;
import dev.jeton.token.TokenOutcome;
import dev.jeton.token.TokenRequest;
import dev.jeton.vocabulary.GrantType;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One rule for every endpoint that changes state (issue 12): its state and its audit events
 * commit together or not at all. JTA is played by {@link #inTransaction}: what a store writes and
 * what the outbox records inside {@link AuditedTransaction#commit} becomes visible only when it
 * returns, as the {@code @Transactional} interceptor does; a throw discards both.
 */
class AuditedTransactionTest {

    private static final Instant NOW = CoreFixture.NOW;
    private static final String ADDRESS = "192.0.2.9";

    private final CoreFixture core = new CoreFixture();
    /** Rows and events that committed; the pending ones belong to the transaction in progress. */
    private final Map<String, RegistrationStore.Registration> rows = new HashMap<>();
    private final List<AuditEvent> recorded = new ArrayList<>();
    private final Map<String, RegistrationStore.Registration> pendingRows = new HashMap<>();
    private final List<AuditEvent> pendingEvents = new ArrayList<>();
    private boolean inProgress;
    private boolean outboxDown;

    AuditedTransactionTest() throws Exception {
    }

    // --- the token endpoint ---

    @Test
    void aFaultInsideAGrantHandlerRollsBackTheWholeRequest() {
        List<String> written = new ArrayList<>();
        GrantHandler faulty = new GrantHandler() {
            public GrantType grantType() {
                return GrantType.CLIENT_CREDENTIALS;
            }

            public GrantResult handle(TokenRequest request, RegisteredClient c) {
                written.add("spent the code");
                throw new IllegalStateException("signer broke after the write");
            }
        };
        TokenEndpoint endpoint = endpoint(faulty);
        TokenRequest request = CoreFixture.request(CoreFixture.basic("service", CoreFixture.SECRET),
                "grant_type", "client_credentials");

        TokenOutcome outcome = token(endpoint, request);

        assertEquals(List.of("spent the code"), written, "the handler did run and write");
        assertEquals(OAuthErrorCode.SERVER_ERROR, assertInstanceOf(TokenOutcome.Denied.class, outcome).error().code());
        assertEquals(List.of(outcome.events().get(0).id()), recorded.stream().map(AuditEvent::id).toList(),
                "only the server_error denial, recorded on its own after the rollback");
    }

    @Test
    void aTokenRefusalCommitsWithItsEvents() {
        TokenOutcome outcome = token(endpoint(core.handlers.forType(GrantType.CLIENT_CREDENTIALS).orElseThrow()),
                CoreFixture.request(CoreFixture.basic("service", "wrong"), "grant_type", "client_credentials"));

        assertInstanceOf(TokenOutcome.Denied.class, outcome);
        assertEquals(outcome.events(), recorded);
    }

    // --- dynamic client registration (the same mechanism) ---

    @Test
    void aRegistrationCommitsTheClientAndItsEventTogether() {
        ClientRegistration.Outcome outcome = register(registration(store(false)));

        assertEquals(201, outcome.status());
        String clientId = outcome.body().getString("client_id");
        assertEquals(Set.of(clientId), rows.keySet());
        assertEquals(List.of(AuditEventName.CLIENT_REGISTERED), names());
        assertEquals(clientId, recorded.get(0).clientId());
    }

    @Test
    void aFailureAfterTheClientWasWrittenRollsBackTheClientAndItsEvent() {
        ClientRegistration.Outcome outcome = register(registration(store(true)));

        assertEquals(500, outcome.status());
        assertEquals("server_error", outcome.error().code());
        assertTrue(rows.isEmpty(), "the client written before the failure did not commit");
        assertEquals(List.of(AuditEventName.REGISTRATION_DENIED), names(),
                "no client_registered event; the denial recorded on its own");
        assertEquals("SERVER_FAULT", recorded.get(0).reason());
    }

    @Test
    void anOutboxThatCannotStoreTheEventRollsBackTheClient() {
        outboxDown = true;
        ClientRegistration registration = registration(store(false));
        List<AuditEvent> attempted = new ArrayList<>();
        StateChanges changes = changes();
        changes.audit = new Recording(attempted::add);

        ClientRegistration.Outcome outcome = changes.commit(() -> registration.register(metadata(), NOW, ADDRESS),
                o -> List.of(o.event()), o -> o.status() >= 500,
                () -> registration.serverFault(null, NOW, ADDRESS));

        assertEquals(500, outcome.status());
        assertTrue(rows.isEmpty(), "the client did not commit without its event");
        assertTrue(recorded.isEmpty(), "nothing reached the outbox");
        assertEquals(List.of(AuditEventName.REGISTRATION_DENIED), attempted.stream().map(AuditEvent::name).toList(),
                "the denial is still handed to the recorder, which logs it when the database is down");
    }

    // --- the harness ---

    private TokenOutcome token(TokenEndpoint endpoint, TokenRequest request) {
        return changes().commit(() -> endpoint.process(request), TokenOutcome::events,
                o -> o instanceof TokenOutcome.Denied d && d.error().code() == OAuthErrorCode.SERVER_ERROR,
                () -> endpoint.serverFault(request));
    }

    private ClientRegistration.Outcome register(ClientRegistration registration) {
        return changes().commit(() -> registration.register(metadata(), NOW, ADDRESS), o -> List.of(o.event()),
                o -> o.status() >= 500, () -> registration.serverFault(null, NOW, ADDRESS));
    }

    private StateChanges changes() {
        AuditedTransaction transaction = new AuditedTransaction() {
            @Override
            public <T> T commit(Supplier<T> change, Function<T, List<AuditEvent>> events, Predicate<T> faulted) {
                return inTransaction(() -> super.commit(change, events, faulted));
            }
        };
        transaction.audit = new Recording(this::record);
        transaction.transactions = new NeverDoomed();
        StateChanges changes = new StateChanges();
        changes.transaction = transaction;
        changes.audit = new Recording(this::record);
        return changes;
    }

    /** The {@code @Transactional} interceptor: commit what was written if the call returns, discard it if it throws. */
    private <T> T inTransaction(Supplier<T> call) {
        inProgress = true;
        try {
            T result = call.get();
            rows.putAll(pendingRows);
            recorded.addAll(pendingEvents);
            return result;
        } finally {
            pendingRows.clear();
            pendingEvents.clear();
            inProgress = false;
        }
    }

    /** The AuditRecorder: in the transaction in progress, or on its own outside one. */
    private void record(AuditEvent event) {
        if (inProgress) {
            if (outboxDown) {
                throw new IllegalStateException("outbox insert failed");
            }
            pendingEvents.add(event);
        } else if (!outboxDown) {
            recorded.add(event);
        }
    }

    private List<AuditEventName> names() {
        return recorded.stream().map(AuditEvent::name).toList();
    }

    private static JsonObject metadata() {
        return Json.createObjectBuilder().add("client_name", "Reports")
                .add("grant_types", Json.createArrayBuilder().add("client_credentials"))
                .add("scope", "api.read").add("token_endpoint_auth_method", "client_secret_basic").build();
    }

    private ClientRegistration registration(RegistrationStore store) {
        return new ClientRegistration(new ClientMetadataValidator(Set.of(ClientAuthMethod.CLIENT_SECRET_BASIC),
                Set.of("client_credentials"), Set.of("client_credentials"), Set.of("api.read"), Set.of()),
                store, id -> URI.create("https://as.example.com/oauth/register/" + id));
    }

    /** Writes into the transaction in progress; {@code failAfterWrite} fails right after the write. */
    private RegistrationStore store(boolean failAfterWrite) {
        return new RegistrationStore() {
            public void create(RegisteredClient client, String hash, Instant now) {
                pendingRows.put(client.clientId(), new Registration(client, hash, now));
                if (failAfterWrite) {
                    throw new IllegalStateException("constraint violated at flush");
                }
            }

            public Optional<Registration> find(String clientId) {
                return Optional.ofNullable(rows.get(clientId));
            }

            public void update(RegisteredClient client, Instant now) {
                throw new UnsupportedOperationException();
            }

            public void delete(String clientId, Instant now) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private TokenEndpoint endpoint(GrantHandler handler) {
        return new TokenEndpoint(new ClientAuthentication(id -> Optional.ofNullable(core.clients.get(id)),
                List.of(new ClientSecretBasicAuthenticator())), new GrantHandlers(List.of(handler)), core.dpop,
                core.settings, ClientAuthenticationGate.open());
    }

    private static final class Recording implements Event<AuditEvent> {
        private final java.util.function.Consumer<AuditEvent> sink;

        Recording(java.util.function.Consumer<AuditEvent> sink) {
            this.sink = sink;
        }

        public void fire(AuditEvent event) {
            sink.accept(event);
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

    /** A transaction nothing marked for rollback: the outcome alone must decide it. */
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
