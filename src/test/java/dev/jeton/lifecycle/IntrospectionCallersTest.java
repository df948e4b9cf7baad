package dev.jeton.lifecycle;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientAuthRequest;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.request.FormParameters;
import dev.jeton.throttle.ClientAuthenticationGate;
import dev.jeton.token.CoreFixture;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7662 §2.1 caller policy, without HTTP: who may introspect and what each refusal records. */
class IntrospectionCallersTest {

    private static final String ADDRESS = "192.0.2.7";
    private final CoreFixture core = new CoreFixture();
    private final IntrospectionCallers callers;

    IntrospectionCallersTest() throws Exception {
        core.add(new dev.jeton.client.RegisteredClient("gone", "gone", null, ClientAuthMethod.CLIENT_SECRET_BASIC,
                Set.of("client_credentials"), Set.of("api.read"), List.of(), null, null, null, false));
        callers = new IntrospectionCallers(core.authentication, ClientAuthenticationGate.open(),
                id -> Optional.ofNullable(core.clients.get(id)),
                LifecycleSettings.from(name -> Optional.empty()));
    }

    @Test
    void aConfidentialClientWithItsSecretMayIntrospect() {
        IntrospectionCallers.Decision decision = callers.byClientAuthentication(
                request(CoreFixture.basic("service", CoreFixture.SECRET)), ADDRESS);

        assertEquals("service", assertInstanceOf(IntrospectionCallers.Decision.Allowed.class, decision)
                .caller().clientId());
        assertTrue(decision.events().stream().noneMatch(e -> e.name() == AuditEventName.INTROSPECTION_DENIED));
    }

    @Test
    void aWrongSecretIsInvalidClientAndRecordedAsADenial() {
        IntrospectionCallers.Decision decision = callers.byClientAuthentication(
                request(CoreFixture.basic("service", "wrong")), ADDRESS);

        IntrospectionCallers.Decision.Refused refused = assertInstanceOf(
                IntrospectionCallers.Decision.Refused.class, decision);
        assertEquals(OAuthErrorCode.INVALID_CLIENT, refused.error().code());
        assertEquals(401, refused.error().httpStatus());
        AuditEvent denial = denial(decision);
        assertEquals("service", denial.clientId());
        assertEquals(ADDRESS, denial.clientAddress());
    }

    @Test
    void aPublicClientMayNotIntrospect() {
        IntrospectionCallers.Decision decision = callers.byClientAuthentication(
                request(null, "client_id", "spa"), ADDRESS);

        IntrospectionCallers.Decision.Refused refused = assertInstanceOf(
                IntrospectionCallers.Decision.Refused.class, decision);
        assertEquals(OAuthErrorCode.INVALID_CLIENT, refused.error().code());
        assertEquals("PUBLIC_CLIENT", denial(decision).reason());
    }

    @Test
    void anAccessTokenStandsForItsClientWhileThatClientIsRegisteredAndEnabled() {
        assertEquals("service", assertInstanceOf(IntrospectionCallers.Decision.Allowed.class,
                callers.byAccessToken("service", CoreFixture.NOW, ADDRESS)).caller().clientId());
        for (String clientId : new String[]{"gone", "never-registered", null}) {
            IntrospectionCallers.Decision decision = callers.byAccessToken(clientId, CoreFixture.NOW, ADDRESS);
            assertInstanceOf(IntrospectionCallers.Decision.Refused.class, decision, String.valueOf(clientId));
            assertEquals("UNKNOWN_CLIENT", denial(decision).reason());
        }
    }

    @Test
    void theAccessTokenMustCarryTheConfiguredScope() {
        IntrospectionCallers configured = new IntrospectionCallers(core.authentication,
                ClientAuthenticationGate.open(), id -> Optional.empty(), LifecycleSettings.from(
                        name -> Optional.ofNullable(Map.of(LifecycleSettings.INTROSPECTION_SCOPE, "rs.check")
                                .get(name))));
        assertEquals("rs.check", configured.requiredScope());
        assertEquals("jeton.introspect", callers.requiredScope());
    }

    private static AuditEvent denial(IntrospectionCallers.Decision decision) {
        List<AuditEvent> denials = decision.events().stream()
                .filter(e -> e.name() == AuditEventName.INTROSPECTION_DENIED).toList();
        assertEquals(1, denials.size(), "one denial event: " + decision.events());
        return denials.get(0);
    }

    private static ClientAuthRequest request(String authorization, String... pairs) {
        List<Map.Entry<String, String>> entries = new java.util.ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            entries.add(new AbstractMap.SimpleImmutableEntry<>(pairs[i], pairs[i + 1]));
        }
        return new ClientAuthRequest(FormParameters.of(entries), authorization,
                URI.create("https://as.example.com/oauth/introspect"), CoreFixture.NOW);
    }
}
