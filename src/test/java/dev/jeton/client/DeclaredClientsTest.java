package dev.jeton.client;

import dev.jeton.config.ConfigurationException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator's clients file; member names as in RFC 7591 §2. */
class DeclaredClientsTest {

    private static final String ENV_SECRET = "env-secret-0123456789-abcdefghijklmnopqrstuv";
    private static final String SHORT_SECRET = "only-20-characters!!";

    private final DeclaredClients clients = new DeclaredClients(Set.of("api.read", "api.write", "admin"), 32,
            Map.of("SERVICE_SECRET", ENV_SECRET, "SHORT_SECRET", SHORT_SECRET)::get);

    /** A valid confidential client; {@code change} adds, replaces or removes members. */
    private static JsonObject file(Consumer<JsonObjectBuilder> change) {
        JsonObjectBuilder client = Json.createObjectBuilder()
                .add("client_id", "service")
                .add("client_name", "Reporting service")
                .add("token_endpoint_auth_method", "client_secret_basic")
                .add("client_secret_hash", ClientSecrets.hash(ENV_SECRET))
                .add("grant_types", Json.createArrayBuilder().add("client_credentials"))
                .add("scope", "api.read api.write");
        change.accept(client);
        return Json.createObjectBuilder().add("clients", Json.createArrayBuilder().add(client)).build();
    }

    private RegisteredClient single(JsonObject root) {
        List<RegisteredClient> parsed = clients.parse(root);
        assertEquals(1, parsed.size());
        return parsed.get(0);
    }

    /** Asserts the file is refused and returns the message, which must name the property. */
    private String refused(JsonObject root) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> clients.parse(root));
        assertTrue(e.getMessage().startsWith("jeton.clients.file"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void validClientFromSecretHash() {
        RegisteredClient c = single(file(b -> { }));

        assertEquals("service", c.clientId());
        assertEquals("Reporting service", c.clientName());
        assertEquals(ClientAuthMethod.CLIENT_SECRET_BASIC, c.authMethod());
        assertEquals(ClientSecrets.hash(ENV_SECRET), c.secretHash());
        assertEquals(Set.of("client_credentials"), c.grantTypes());
        assertEquals(Set.of("api.read", "api.write"), c.scopes());
        assertTrue(c.enabled());
        assertNull(c.accessTokenTtl());
        assertNull(c.audience());
    }

    @Test
    void authMethodDefaultsToClientSecretBasic() {
        // RFC 7591 §2: token_endpoint_auth_method defaults to client_secret_basic
        assertEquals(ClientAuthMethod.CLIENT_SECRET_BASIC,
                single(file(b -> b.remove("token_endpoint_auth_method"))).authMethod());
    }

    @Test
    void validClientFromSecretEnvironmentVariable() {
        RegisteredClient c = single(file(b -> b.remove("client_secret_hash").add("client_secret_env", "SERVICE_SECRET")));

        assertEquals(ClientSecrets.hash(ENV_SECRET), c.secretHash());
        assertTrue(ClientSecrets.matches(ENV_SECRET, c.secretHash()));
    }

    @Test
    void clearTextSecretIsRefusedByName() {
        String message = refused(file(b -> b.add("client_secret", ENV_SECRET)));

        assertTrue(message.contains("client_secret"), message);
        assertFalse(message.contains(ENV_SECRET), "the secret itself must not be echoed: " + message);
    }

    @Test
    void secretHashAndSecretEnvTogetherAreRefused() {
        String message = refused(file(b -> b.add("client_secret_env", "SERVICE_SECRET")));

        assertTrue(message.contains("client_secret_hash") && message.contains("client_secret_env"), message);
    }

    @Test
    void confidentialClientWithoutAnySecretIsRefused() {
        refused(file(b -> b.remove("client_secret_hash")));
    }

    @Test
    void malformedSecretHashIsRefused() {
        refused(file(b -> b.add("client_secret_hash", "sha256:tooshort")));
        refused(file(b -> b.add("client_secret_hash", ENV_SECRET)));
    }

    @Test
    void missingEnvironmentVariableIsRefused() {
        String message = refused(file(b -> b.remove("client_secret_hash").add("client_secret_env", "NOT_SET")));

        assertTrue(message.contains("NOT_SET"), message);
    }

    @Test
    void environmentSecretShorterThanTheMinimumIsRefused() {
        String message = refused(file(b -> b.remove("client_secret_hash").add("client_secret_env", "SHORT_SECRET")));

        assertTrue(message.contains("jeton.clients.secret-min-length"), message);
        assertFalse(message.contains(SHORT_SECRET), "the secret itself must not be echoed: " + message);
    }

    @Test
    void unknownGrantTypeIsRefused() {
        String message = refused(file(b -> b.add("grant_types", Json.createArrayBuilder().add("password"))));

        assertTrue(message.contains("password"), message);
    }

    @Test
    void emptyGrantTypesAreRefused() {
        refused(file(b -> b.add("grant_types", Json.createArrayBuilder())));
        refused(file(b -> b.remove("grant_types")));
    }

    @Test
    void publicClientWithClientCredentialsIsRefused() {
        // RFC 6749 §4.4: the client credentials grant MUST only be used by confidential clients
        refused(file(b -> b.remove("client_secret_hash").add("token_endpoint_auth_method", "none")));
    }

    @Test
    void publicClientWithAnotherGrantIsAccepted() {
        // RFC 6749 §2.1: a public client has no secret
        RegisteredClient c = single(file(b -> b.remove("client_secret_hash")
                .add("token_endpoint_auth_method", "none")
                .add("grant_types", Json.createArrayBuilder().add("authorization_code"))));

        assertEquals(ClientAuthMethod.NONE, c.authMethod());
        assertNull(c.secretHash());
        assertFalse(c.confidential());
    }

    @Test
    void pkceIsRequiredByDefaultAndRelaxableOnlyForConfidentialClients() {
        RegisteredClient byDefault = single(file(b -> b.add("grant_types",
                Json.createArrayBuilder().add("authorization_code"))));
        assertTrue(byDefault.pkceRequired());
        RegisteredClient relaxed = single(file(b -> b.add("grant_types",
                Json.createArrayBuilder().add("authorization_code")).add("require_pkce", false)));
        assertFalse(relaxed.pkceRequired());
        assertFalse(relaxed.security().requirePkce());
        // RFC 9700 §2.1.1: public clients MUST use PKCE
        String message = refused(file(b -> b.remove("client_secret_hash").add("token_endpoint_auth_method", "none")
                .add("grant_types", Json.createArrayBuilder().add("authorization_code")).add("require_pkce", false)));
        assertTrue(message.contains("require_pkce"), message);
        refused(file(b -> b.add("require_pkce", "no")));
    }

    /** A client under the FAPI 2.0 profile as the profile allows it: private_key_jwt with its keys. */
    private static Consumer<JsonObjectBuilder> fapi2(Consumer<JsonObjectBuilder> more) {
        return b -> {
            b.remove("client_secret_hash");
            b.add("token_endpoint_auth_method", "private_key_jwt").add("fapi2_security_profile", true)
                    .add("jwks", Json.createReader(new java.io.StringReader(AssertionFixture.publicJwks(
                            AssertionFixture.EC))).readObject());
            more.accept(b);
        };
    }

    @Test
    void theFapi2ProfileIsAFlagThatNeverGoesWithoutPkce() {
        assertFalse(single(file(b -> { })).security().fapi2());
        RegisteredClient fapi = single(file(fapi2(b -> { })));
        assertTrue(fapi.security().fapi2());
        String message = refused(file(fapi2(b -> b.add("require_pkce", false))));
        assertTrue(message.contains("FAPI 2.0"), message);
    }

    @Test
    void aFapi2ClientIsConfidentialWithPrivateKeyJwtAndNeverRs256() {
        // FAPI 2.0 Security Profile §5.3.2.1 (client authentication), §5.4.1 (algorithms)
        for (String method : List.of("client_secret_basic", "client_secret_post")) {
            String message = refused(file(b -> b.add("token_endpoint_auth_method", method)
                    .add("fapi2_security_profile", true)));
            assertTrue(message.contains("private_key_jwt"), message);
        }
        assertTrue(refused(file(fapi2(b -> b.add("id_token_signed_response_alg", "RS256")))).contains("RS256"));
        // §5.3.2.2 (8): a plain http redirect URI only for a loopback IP literal (RFC 8252 §7.3)
        assertTrue(refused(file(fapi2(b -> b.add("redirect_uris", Json.createArrayBuilder()
                .add("http://app.example.com/cb"))))).contains("http://app.example.com/cb"));
        assertTrue(refused(file(fapi2(b -> b.add("redirect_uris", Json.createArrayBuilder()
                .add("http://localhost:8080/cb"))))).contains("loopback"));
        single(file(fapi2(b -> b.add("redirect_uris", Json.createArrayBuilder().add("http://127.0.0.1:9877/cb")
                .add("https://app.example.com/cb").add("com.example.app:/cb")))));
        assertTrue(refused(file(fapi2(b -> b.add("token_endpoint_auth_signing_alg", "RS256")))).contains("PS256"));
        assertTrue(refused(file(fapi2(b -> b.add("request_object_signing_alg", "RS512")))).contains("PS256"));
        assertEquals("PS256", single(file(fapi2(b -> b.add("token_endpoint_auth_signing_alg", "PS256"))))
                .security().tokenEndpointAuthSigningAlg());
    }

    @Test
    void aFapi2ClientMustPushIsSenderConstrainedAndGetsShortCodesAndEs256IdTokens() {
        RegisteredClient fapi = single(file(fapi2(b -> { })));
        RegisteredClient plain = single(file(b -> { }));
        assertTrue(fapi.parRequired());
        assertFalse(plain.parRequired());
        assertTrue(fapi.senderConstrained());
        assertFalse(plain.senderConstrained());
        assertEquals(java.time.Duration.ofSeconds(60), fapi.authorizationCodeTtl(java.time.Duration.ofSeconds(600)));
        assertEquals(java.time.Duration.ofSeconds(30), fapi.authorizationCodeTtl(java.time.Duration.ofSeconds(30)));
        assertEquals(java.time.Duration.ofSeconds(600), plain.authorizationCodeTtl(java.time.Duration.ofSeconds(600)));
        assertEquals(dev.jeton.config.SigningAlgorithm.ES256,
                fapi.idTokenAlgorithm(dev.jeton.config.SigningAlgorithm.RS256));
        assertEquals(dev.jeton.config.SigningAlgorithm.RS256,
                plain.idTokenAlgorithm(dev.jeton.config.SigningAlgorithm.RS256));
    }

    @Test
    void publicClientWithASecretIsRefused() {
        refused(file(b -> b.add("token_endpoint_auth_method", "none")
                .add("grant_types", Json.createArrayBuilder().add("authorization_code"))));
    }

    @Test
    void duplicateClientIdIsRefused() {
        JsonObject one = file(b -> { }).getJsonArray("clients").getJsonObject(0);
        JsonObject root = Json.createObjectBuilder().add("clients", Json.createArrayBuilder().add(one).add(one)).build();

        String message = refused(root);
        assertTrue(message.contains("service"), message);
    }

    @Test
    void unknownMemberIsRefusedByName() {
        String message = refused(file(b -> b.add("client_secret_expires_at", 0)));

        assertTrue(message.contains("client_secret_expires_at"), message);
    }

    @Test
    void privateKeyJwtWithoutKeysIsRefused() {
        String message = refused(file(b -> b.remove("client_secret_hash")
                .add("token_endpoint_auth_method", "private_key_jwt")));

        assertTrue(message.contains("private_key_jwt") && message.contains("jwks"), message);
    }

    private static JsonObject jwks(com.nimbusds.jose.jwk.JWK key, boolean publicOnly) {
        String json = new com.nimbusds.jose.jwk.JWKSet(key).toString(publicOnly);
        return Json.createReader(new java.io.StringReader(json)).readObject();
    }

    @Test
    void privateKeyJwtWithInlineJwksAndStrongClientMembers() {
        RegisteredClient c = single(file(b -> b.remove("client_secret_hash")
                .add("token_endpoint_auth_method", "private_key_jwt")
                .add("jwks", jwks(AssertionFixture.EC, true))
                .add("token_endpoint_auth_signing_alg", "ES256")
                .add("dpop_bound_access_tokens", true)
                .add("dpop_nonce_required", true)
                .add("require_pushed_authorization_requests", true)));

        assertEquals(ClientAuthMethod.PRIVATE_KEY_JWT, c.authMethod());
        assertNull(c.secretHash());
        assertTrue(c.security().jwks().contains(AssertionFixture.EC.getKeyID()));
        assertEquals("ES256", c.security().tokenEndpointAuthSigningAlg());
        assertTrue(c.security().dpopBoundAccessTokens());
        assertTrue(c.security().dpopNonceRequired());
        assertTrue(c.security().requirePushedAuthorizationRequests());
    }

    @Test
    void privateKeyInTheJwksIsRefused() {
        String message = refused(file(b -> b.remove("client_secret_hash")
                .add("token_endpoint_auth_method", "private_key_jwt")
                .add("jwks", jwks(AssertionFixture.EC, false))));

        assertTrue(message.contains("private key"), message);
    }

    @Test
    void jwksAndJwksUriTogetherAreRefused() {
        String message = refused(file(b -> b.remove("client_secret_hash")
                .add("token_endpoint_auth_method", "private_key_jwt")
                .add("jwks", jwks(AssertionFixture.EC, true))
                .add("jwks_uri", "https://client.example.org/jwks")));

        assertTrue(message.contains("jwks_uri"), message);
    }

    @Test
    void plainHttpJwksUriIsRefused() {
        String message = refused(file(b -> b.remove("client_secret_hash")
                .add("token_endpoint_auth_method", "private_key_jwt")
                .add("jwks_uri", "http://client.example.org/jwks")));

        assertTrue(message.contains("https"), message);
    }

    @Test
    void symmetricAssertionAlgorithmIsRefused() {
        String message = refused(file(b -> b.add("token_endpoint_auth_signing_alg", "HS256")));

        assertTrue(message.contains("token_endpoint_auth_signing_alg"), message);
    }

    @Test
    void scopeOutsideTheServerAllowedSetIsRefused() {
        String message = refused(file(b -> b.add("scope", "api.read billing")));

        assertTrue(message.contains("billing") && message.contains("jeton.scopes.allowed"), message);
    }

    @Test
    void anyScopeIsAcceptedWhenTheServerHasNoAllowedSet() {
        DeclaredClients open = new DeclaredClients(Set.of(), 32, name -> null);

        assertEquals(Set.of("billing", "api.read"), open.parse(file(b -> b.add("scope", "billing api.read")))
                .get(0).scopes());
    }

    @Test
    void invalidClientIdIsRefused() {
        // RFC 6749 Appendix A.1: client-id = *VSCHAR (%x20-7E)
        refused(file(b -> b.add("client_id", "caf\u00e9")));
        refused(file(b -> b.add("client_id", "tab\there")));
        refused(file(b -> b.add("client_id", " padded ")));
        refused(file(b -> b.add("client_id", "x".repeat(201))));
        refused(file(b -> b.add("client_id", "")));
        refused(file(b -> b.remove("client_id")));
    }

    @Test
    void colonAndSpaceAreAllowedInClientIds() {
        // RFC 6749 §2.3.1 form-encodes the id inside Basic precisely so that ':' survives
        DeclaredClients open = new DeclaredClients(Set.of(), 32, name -> null);
        assertEquals("my:client id", open.parse(file(b -> b.add("client_id", "my:client id"))).get(0).clientId());
    }

    @Test
    void tokenLifetimeOverridesAreParsed() {
        RegisteredClient c = single(file(b -> b.add("access_token_ttl_seconds", 120)
                .add("refresh_token_ttl_seconds", 86400)
                .add("audience", "https://api.example.com")
                .add("enabled", false)));

        assertEquals(Duration.ofSeconds(120), c.accessTokenTtl());
        assertEquals(Duration.ofSeconds(120), c.accessTokenTtlOverride().orElseThrow());
        assertEquals(Duration.ofDays(1), c.refreshTokenTtl());
        assertEquals("https://api.example.com", c.audience());
        assertFalse(c.enabled());
    }

    @Test
    void nonPositiveOrFractionalLifetimeIsRefused() {
        refused(file(b -> b.add("access_token_ttl_seconds", 0)));
        refused(file(b -> b.add("access_token_ttl_seconds", -5)));
        refused(file(b -> b.add("access_token_ttl_seconds", 1.5)));
        refused(file(b -> b.add("access_token_ttl_seconds", "600")));
    }

    @Test
    void missingClientsArrayIsRefused() {
        refused(Json.createObjectBuilder().build());
    }

    @Test
    void everyErrorMessageNamesTheClientsFileProperty() {
        List<JsonObject> bad = List.of(
                Json.createObjectBuilder().build(),
                Json.createObjectBuilder().add("clients", Json.createArrayBuilder().add("service")).build(),
                file(b -> b.add("client_secret", "x")),
                file(b -> b.add("client_name", 42)),
                file(b -> b.add("grant_types", "client_credentials")),
                file(b -> b.add("token_endpoint_auth_method", "tls_client_auth")));
        for (JsonObject root : bad) {
            refused(root);
        }
    }

    @Test
    void enabledMustBeABoolean() {
        assertTrue(refused(file(b -> b.add("enabled", "false"))).contains("enabled"));
        assertTrue(refused(file(b -> b.add("enabled", 0))).contains("enabled"));
        assertFalse(single(file(b -> b.add("enabled", false))).enabled());
    }

    @Test
    void clientsMustBeAnArray() {
        refused(Json.createObjectBuilder().add("clients", "x").build());
        refused(Json.createObjectBuilder().add("clients", Json.createObjectBuilder()).build());
    }

    @Test
    void registeredScopesMustBeScopeTokens() {
        // RFC 6749 §3.3: no '"' or '\\' in a scope token
        DeclaredClients open = new DeclaredClients(Set.of(), 32, name -> null);
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> open.parse(file(b -> b.add("scope", "a\"b c"))));
        assertTrue(e.getMessage().contains("scope token"), e.getMessage());
    }

    @Test
    void tokenExchangePolicyIsReadAndNeedsTheGrant() {
        String exchange = "urn:ietf:params:oauth:grant-type:token-exchange";
        RegisteredClient c = single(file(b -> b.add("grant_types", Json.createArrayBuilder().add(exchange))
                .add("token_exchange_audiences", Json.createArrayBuilder().add("https://api.example.com"))
                .add("token_exchange_impersonation", true)));
        assertEquals(new TokenExchangePolicy(Set.of("https://api.example.com"), true), c.tokenExchange());
        assertEquals(TokenExchangePolicy.NONE, single(file(b -> { })).tokenExchange());
        assertTrue(refused(file(b -> b.add("token_exchange_impersonation", true))).contains("token-exchange"));
        refused(file(b -> b.add("grant_types", Json.createArrayBuilder().add(exchange))
                .add("token_exchange_audiences", Json.createArrayBuilder().add("two words"))));
    }

    /** Issue #18: the logout members of the clients file; the refresh-token policy defaults by first_party. */
    @Test
    void logoutMembersAreReadAndChecked() {
        RegisteredClient client = single(file(c -> c.add("post_logout_redirect_uris",
                        Json.createArrayBuilder().add("https://rp.example/bye"))
                .add("backchannel_logout_uri", "https://rp.example/bc?x=1")
                .add("backchannel_logout_session_required", true)));
        assertEquals(List.of("https://rp.example/bye"), client.logout().postLogoutRedirectUris());
        assertEquals("https://rp.example/bc?x=1", client.logout().backchannelLogoutUri());
        assertTrue(client.logoutRevokesRefreshTokens(), "a third-party client's refresh tokens go with the session");
        assertFalse(single(file(c -> c.add("first_party", true))).logoutRevokesRefreshTokens());
        assertTrue(single(file(c -> c.add("first_party", true).add("logout_revokes_refresh_tokens", true)))
                .logoutRevokesRefreshTokens());
        assertTrue(refused(file(c -> c.add("backchannel_logout_uri", "https://rp.example/bc#f")))
                .contains("backchannel_logout_uri"));
        assertTrue(refused(file(c -> c.add("post_logout_redirect_uris", Json.createArrayBuilder().add("bye"))))
                .contains("post_logout_redirect_uris"));
    }

    /** Issue #14: the OpenID Connect Dynamic OP members, checked as dynamic registration checks them. */
    @Test
    void dynamicOpMembersAreReadAndChecked() {
        RegisteredClient client = single(file(c -> c
                .add("grant_types", Json.createArrayBuilder().add("authorization_code").add("implicit"))
                .add("redirect_uris", Json.createArrayBuilder().add("https://rp.example/cb"))
                .add("response_types", Json.createArrayBuilder().add("code").add("id_token token"))
                .add("userinfo_signed_response_alg", "ES256")
                .add("request_uris", Json.createArrayBuilder().add("https://rp.example/r.jwt"))));
        assertEquals(dev.jeton.config.SigningAlgorithm.ES256, client.oidc().userinfoSignedResponseAlg());
        assertEquals(Set.of("id_token token"), client.oidc().implicitResponseTypes());
        assertEquals(List.of("https://rp.example/r.jwt"), client.oidc().requestUris());
        assertTrue(client.allowsGrant("implicit"));
        assertEquals(OidcClientOptions.NONE, single(file(c -> { })).oidc());

        assertTrue(refused(file(c -> c.add("userinfo_signed_response_alg", "HS256")))
                .contains("userinfo_signed_response_alg"));
        assertTrue(refused(file(c -> c.add("request_uris", Json.createArrayBuilder().add("http://rp.example/r"))))
                .contains("request_uris"));
        assertTrue(refused(file(c -> c.add("grant_types", Json.createArrayBuilder().add("implicit"))))
                .contains("implicit"), "the implicit grant without an implicit response type");
        assertTrue(refused(file(fapi2(c -> c
                .add("grant_types", Json.createArrayBuilder().add("authorization_code").add("implicit"))
                .add("redirect_uris", Json.createArrayBuilder().add("https://rp.example/cb"))
                .add("response_types", Json.createArrayBuilder().add("id_token")))))
                .contains("not offered"), "FAPI 2.0 clients use the code flow only");
    }

    /** OIDC Registration §2: the operator may give a client its logo and links; only https URLs. */
    @Test
    void theLogoAndLinksAreReadFromTheFileAndOnlyHttps() {
        RegisteredClient c = single(file(b -> b.add("logo_uri", "https://rp.example.com/logo.png")
                .add("policy_uri", "https://rp.example.com/privacy")));
        assertEquals(new ClientLinks("https://rp.example.com/logo.png", null, "https://rp.example.com/privacy", null),
                c.oidc().links());
        assertTrue(refused(file(b -> b.add("tos_uri", "http://rp.example.com/tos"))).contains("tos_uri"));
    }
}
