package dev.jeton.client;

import dev.jeton.error.OAuthErrorCode;
import dev.jeton.request.FormParameters;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Client authentication at the token endpoint (RFC 6749 §2.3, §3.2.1). */
class ClientAuthenticationTest {

    private static final String BASIC_SECRET = "basic-secret-0123456789-abcdefghijklmnop";
    private static final String POST_SECRET = "post-secret-0123456789-abcdefghijklmnopq";

    private final Map<String, RegisteredClient> clients = List.of(
                    client("service", ClientAuthMethod.CLIENT_SECRET_BASIC, BASIC_SECRET, true),
                    client("poster", ClientAuthMethod.CLIENT_SECRET_POST, POST_SECRET, true),
                    client("spa", ClientAuthMethod.NONE, null, true),
                    client("retired", ClientAuthMethod.CLIENT_SECRET_BASIC, BASIC_SECRET, false))
            .stream().collect(Collectors.toMap(RegisteredClient::clientId, Function.identity()));

    private final ClientAuthentication authentication = new ClientAuthentication(
            id -> Optional.ofNullable(clients.get(id)),
            List.of(new ClientSecretBasicAuthenticator(), new ClientSecretPostAuthenticator(),
                    new PublicClientAuthenticator()));

    private static RegisteredClient client(String id, ClientAuthMethod method, String secret, boolean enabled) {
        return new RegisteredClient(id, null, secret == null ? null : ClientSecrets.hash(secret), method,
                Set.of("client_credentials"), Set.of("api.read"), List.of(), null, null, null, enabled);
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static ClientAuthRequest request(String authorization, String... nameValuePairs) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            pairs.add(new AbstractMap.SimpleImmutableEntry<>(nameValuePairs[i], nameValuePairs[i + 1]));
        }
        return new ClientAuthRequest(FormParameters.of(pairs), authorization,
                URI.create("https://as.example.com/oauth/token"), Instant.parse("2026-01-02T03:04:05Z"));
    }

    private ClientAuthentication.Result.Failed failed(ClientAuthRequest request, AuthFailure reason,
                                                      OAuthErrorCode code) {
        ClientAuthentication.Result.Failed f = assertInstanceOf(ClientAuthentication.Result.Failed.class,
                authentication.authenticate(request));
        assertEquals(reason, f.reason());
        assertEquals(code, f.error().code());
        return f;
    }

    private ClientAuthentication.Result.Authenticated authenticated(ClientAuthRequest request) {
        return assertInstanceOf(ClientAuthentication.Result.Authenticated.class, authentication.authenticate(request));
    }

    @Test
    void basicWithTheRightSecretAuthenticates() {
        var ok = authenticated(request(basic("service", BASIC_SECRET), "grant_type", "client_credentials"));

        assertEquals("service", ok.client().clientId());
        assertEquals(ClientAuthMethod.CLIENT_SECRET_BASIC, ok.method());
    }

    @Test
    void postWithTheRightSecretAuthenticates() {
        var ok = authenticated(request(null, "client_id", "poster", "client_secret", POST_SECRET));

        assertEquals("poster", ok.client().clientId());
        assertEquals(ClientAuthMethod.CLIENT_SECRET_POST, ok.method());
    }

    @Test
    void basicAndBodySecretTogetherAreMultipleMethods() {
        // RFC 6749 §2.3: the client MUST NOT use more than one authentication method in each request
        failed(request(basic("service", BASIC_SECRET), "client_id", "service", "client_secret", BASIC_SECRET),
                AuthFailure.MULTIPLE_METHODS, OAuthErrorCode.INVALID_REQUEST);
    }

    @Test
    void clientAssertionIsUnsupportedWithoutThePrivateKeyJwtAuthenticator() {
        // RFC 7523 §2.2: without a private_key_jwt authenticator deployed, an assertion is not understood
        failed(request(null, "client_id", "service",
                        "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"),
                AuthFailure.UNSUPPORTED_METHOD, OAuthErrorCode.INVALID_CLIENT);
        failed(request(null, "client_assertion", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln"),
                AuthFailure.UNSUPPORTED_METHOD, OAuthErrorCode.INVALID_CLIENT);
    }

    @Test
    void noCredentialsAtAll() {
        // RFC 6749 §5.2: invalid_client, "no client authentication included"
        var f = failed(request(null, "grant_type", "client_credentials"),
                AuthFailure.NO_CREDENTIALS, OAuthErrorCode.INVALID_CLIENT);
        assertEquals(401, f.error().httpStatus());
    }

    @Test
    void clientIdAloneAuthenticatesAPublicClient() {
        // RFC 6749 §2.1, §3.2.1: a public client identifies itself with client_id only
        var ok = authenticated(request(null, "client_id", "spa"));

        assertEquals("spa", ok.client().clientId());
        assertEquals(ClientAuthMethod.NONE, ok.method());
    }

    @Test
    void clientIdAloneDoesNotAuthenticateAConfidentialClient() {
        // RFC 6749 §3.2.1: confidential clients MUST authenticate
        failed(request(null, "client_id", "service"), AuthFailure.METHOD_NOT_REGISTERED, OAuthErrorCode.INVALID_CLIENT);
    }

    @Test
    void basicClientUsingPostIsRefused() {
        failed(request(null, "client_id", "service", "client_secret", BASIC_SECRET),
                AuthFailure.METHOD_NOT_REGISTERED, OAuthErrorCode.INVALID_CLIENT);
    }

    @Test
    void postClientUsingBasicIsRefused() {
        failed(request(basic("poster", POST_SECRET)), AuthFailure.METHOD_NOT_REGISTERED, OAuthErrorCode.INVALID_CLIENT);
    }

    @Test
    void unknownClient() {
        var f = failed(request(basic("nobody", BASIC_SECRET)), AuthFailure.UNKNOWN_CLIENT, OAuthErrorCode.INVALID_CLIENT);
        assertEquals("nobody", f.claimedClientId());
    }

    /** A metadata document is public: the client hears why its document was refused (no probing to hide). */
    @Test
    void aRefusedMetadataDocumentIsInvalidClientWithItsReason() {
        ClientStore documents = new ClientStore() {
            @Override
            public Optional<RegisteredClient> find(String clientId) {
                return Optional.empty();
            }

            @Override
            public Optional<String> refusal(String clientId) {
                return Optional.of("The client metadata document was not accepted: the server answered 404.");
            }
        };
        ClientAuthentication.Result.Failed f = assertInstanceOf(ClientAuthentication.Result.Failed.class,
                new ClientAuthentication(documents, List.of(new PublicClientAuthenticator()))
                        .authenticate(request(null, "client_id", "https://agent.example/c.json")));
        assertEquals(AuthFailure.METADATA_DOCUMENT_REFUSED, f.reason());
        assertEquals(OAuthErrorCode.INVALID_CLIENT, f.error().code());
        assertEquals("The client metadata document was not accepted: the server answered 404.",
                f.error().description());
    }

    @Test
    void disabledClient() {
        failed(request(basic("retired", BASIC_SECRET)), AuthFailure.CLIENT_DISABLED, OAuthErrorCode.INVALID_CLIENT);
    }

    @Test
    void wrongSecret() {
        failed(request(basic("service", BASIC_SECRET + "x")), AuthFailure.BAD_CREDENTIALS, OAuthErrorCode.INVALID_CLIENT);
        failed(request(null, "client_id", "poster", "client_secret", BASIC_SECRET),
                AuthFailure.BAD_CREDENTIALS, OAuthErrorCode.INVALID_CLIENT);
    }

    @Test
    void bodyClientIdDifferentFromBasicIdIsAMismatch() {
        var f = failed(request(basic("service", BASIC_SECRET), "client_id", "poster"),
                AuthFailure.CLIENT_ID_MISMATCH, OAuthErrorCode.INVALID_REQUEST);
        assertEquals("service", f.claimedClientId());
    }

    @Test
    void bodyClientIdEqualToBasicIdIsAccepted() {
        assertEquals("service", authenticated(request(basic("service", BASIC_SECRET), "client_id", "service"))
                .client().clientId());
    }

    @Test
    void failuresThatDependOnTheClientIdAllReadTheSame() {
        // RFC 6749 §5.2: one invalid_client for unknown client, wrong secret, wrong method;
        // the description must not tell a caller which ids are registered
        List<ClientAuthentication.Result.Failed> failures = List.of(
                failed(request(basic("nobody", BASIC_SECRET)), AuthFailure.UNKNOWN_CLIENT, OAuthErrorCode.INVALID_CLIENT),
                failed(request(basic("retired", BASIC_SECRET)), AuthFailure.CLIENT_DISABLED, OAuthErrorCode.INVALID_CLIENT),
                failed(request(basic("poster", POST_SECRET)), AuthFailure.METHOD_NOT_REGISTERED, OAuthErrorCode.INVALID_CLIENT),
                failed(request(null, "client_id", "service"), AuthFailure.METHOD_NOT_REGISTERED, OAuthErrorCode.INVALID_CLIENT),
                failed(request(basic("service", "wrong")), AuthFailure.BAD_CREDENTIALS, OAuthErrorCode.INVALID_CLIENT));

        String description = failures.get(0).error().description();
        assertNotNull(description);
        assertAll(failures.stream().map(f -> () -> {
            assertEquals(description, f.error().description(), f.reason().name());
            assertEquals(401, f.error().httpStatus(), f.reason().name());
        }));
        for (String id : List.of("nobody", "retired", "poster", "service")) {
            assertFalse(description.contains(id), "description names a client id: " + description);
        }
    }

    @Test
    void basicTogetherWithAClientAssertionIsTwoMethods() {
        // RFC 6749 §2.3: one method per request, even when the second one is not supported
        failed(request(basic("service", BASIC_SECRET),
                        "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion", "x.y.z"),
                AuthFailure.MULTIPLE_METHODS, OAuthErrorCode.INVALID_REQUEST);
    }
}
