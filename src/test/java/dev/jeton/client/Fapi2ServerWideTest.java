package dev.jeton.client;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.jeton.client.registration.ClientMetadataValidator;
import dev.jeton.config.ConfigurationException;
import dev.jeton.request.FormParameters;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jeton.fapi2.enabled}: the FAPI 2.0 Security Profile for every client. Each rule the switch
 * adds to a client that did not ask for the profile is broken here once, and must be refused.
 */
class Fapi2ServerWideTest {

    private static final Fapi2Settings ON = Fapi2Settings.from(name -> Optional.of("true").filter(
            v -> name.equals(Fapi2Settings.ENABLED)));
    private static final String SECRET = "a-client-secret-of-more-than-32-characters";

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    private static String jwks() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k").generate();
        return new JWKSet(key.toPublicJWK()).toString().replace('"', '\'');
    }

    @Test
    void theSwitchIsOffByDefaultAndMarksEveryClientWhenOn() {
        assertFalse(Fapi2Settings.from(name -> Optional.empty()).serverWide());
        RegisteredClient plain = new RegisteredClient("c", "c", null, ClientAuthMethod.PRIVATE_KEY_JWT,
                Set.of("authorization_code"), Set.of("openid"), List.of("https://c.example/cb"), null, null, null, true);
        assertSame(plain, Fapi2Settings.OFF.applyTo(plain));
        RegisteredClient held = ON.applyTo(plain);
        // §5.3.2.2 PAR and PKCE, §5.3.2.1 sender-constrained tokens and 60 s codes, §5.4.1 no RS256 ID tokens
        assertTrue(held.parRequired());
        assertTrue(held.pkceRequired());
        assertTrue(held.senderConstrained());
        assertEquals(60, held.authorizationCodeTtl(java.time.Duration.ofMinutes(10)).toSeconds());
        assertEquals(dev.jeton.config.SigningAlgorithm.ES256,
                held.idTokenAlgorithm(dev.jeton.config.SigningAlgorithm.RS256));
    }

    @Test
    void theClientsFileMayDeclareOnlyClientsTheProfileAllows() throws Exception {
        DeclaredClients strict = new DeclaredClients(Set.of("api.read"), 32, name -> SECRET, true);
        for (String refused : List.of(
                "{'client_id':'s','token_endpoint_auth_method':'client_secret_basic','client_secret_env':'X',"
                        + "'grant_types':['client_credentials']}",
                "{'client_id':'p','token_endpoint_auth_method':'none','grant_types':['authorization_code'],"
                        + "'redirect_uris':['https://p.example/cb']}",
                "{'client_id':'r','token_endpoint_auth_method':'private_key_jwt','jwks':" + jwks()
                        + ",'id_token_signed_response_alg':'RS256','grant_types':['client_credentials']}")) {
            JsonObject root = json("{'clients':[" + refused + "]}");
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> strict.parse(root));
            assertTrue(e.getMessage().contains("FAPI 2.0"), e.getMessage());
        }
        RegisteredClient ok = strict.parse(json("{'clients':[{'client_id':'m','token_endpoint_auth_method':"
                + "'tls_client_auth','tls_client_auth_san_dns':'m.example','grant_types':['client_credentials']}]}"))
                .get(0);
        assertTrue(ok.security().fapi2());
    }

    @Test
    void dynamicRegistrationAcceptsOnlyClientsTheProfileAllows() throws Exception {
        ClientMetadataValidator validator = new ClientMetadataValidator(Set.of(ClientAuthMethod.values()),
                Set.of("authorization_code", "client_credentials"), Set.of("client_credentials"), Set.of(),
                Set.of("openid"), r -> false, true);
        for (String refused : List.of("{'token_endpoint_auth_method':'client_secret_basic','grant_types':"
                        + "['client_credentials']}",
                "{'token_endpoint_auth_method':'none','redirect_uris':['https://p.example/cb']}",
                "{'token_endpoint_auth_method':'self_signed_tls_client_auth','jwks':" + jwks()
                        + ",'grant_types':['client_credentials'],'id_token_signed_response_alg':'RS256'}",
                // §5.4.1: RS256 assertions
                "{'token_endpoint_auth_method':'private_key_jwt','jwks':" + jwks()
                        + ",'grant_types':['client_credentials'],'token_endpoint_auth_signing_alg':'RS256'}",
                // §5.3.2.2 (8): http redirect URIs only by loopback IP literal (RFC 8252 §7.3)
                "{'token_endpoint_auth_method':'private_key_jwt','jwks':" + jwks()
                        + ",'redirect_uris':['http://localhost:8080/cb']}")) {
            assertInstanceOf(ClientMetadataValidator.Result.Invalid.class, validator.validate(json(refused)), refused);
        }
        assertInstanceOf(ClientMetadataValidator.Result.Valid.class, validator.validate(json(
                "{'token_endpoint_auth_method':'self_signed_tls_client_auth','jwks':" + jwks()
                        + ",'grant_types':['client_credentials']}")));
        assertInstanceOf(ClientMetadataValidator.Result.Valid.class, validator.validate(json(
                "{'token_endpoint_auth_method':'private_key_jwt','jwks':" + AssertionFixture.publicJwks(
                        AssertionFixture.ED).replace('"', '\'') + ",'token_endpoint_auth_signing_alg':'EdDSA',"
                        + "'redirect_uris':['http://127.0.0.1:9877/cb','https://app.example/cb']}")));
    }

    @Test
    void aClientPutUnderTheProfileLaterCannotAuthenticateWithItsSecretAnyMore() {
        RegisteredClient legacy = new RegisteredClient("legacy", "legacy", ClientSecrets.hash(SECRET),
                ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of("client_credentials"), Set.of("api.read"), List.of(),
                null, null, null, true);
        ClientAuthRequest request = new ClientAuthRequest(FormParameters.of(List.of(
                new AbstractMap.SimpleImmutableEntry<>("grant_type", "client_credentials"))),
                "Basic " + Base64.getEncoder().encodeToString(("legacy:" + SECRET).getBytes(StandardCharsets.UTF_8)),
                URI.create("https://as.example.com/oauth/token"), Instant.now());
        List<ClientAuthenticator> methods = List.of(new ClientSecretBasicAuthenticator());
        assertInstanceOf(ClientAuthentication.Result.Authenticated.class,
                new ClientAuthentication(id -> Optional.of(legacy), methods).authenticate(request));
        ClientAuthentication.Result.Failed failed = assertInstanceOf(ClientAuthentication.Result.Failed.class,
                new ClientAuthentication(id -> Optional.of(ON.applyTo(legacy)), methods).authenticate(request));
        // FAPI 2.0 Security Profile §5.3.2.1: private_key_jwt or mutual TLS only
        assertEquals(AuthFailure.METHOD_NOT_ALLOWED_BY_PROFILE, failed.reason());
    }
}
