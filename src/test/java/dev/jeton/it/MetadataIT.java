package dev.jeton.it;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;

import static dev.jeton.it.Http.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery (RFC 8414), the JWKS (RFC 7517) and the OpenAPI document, on the real server. */
@ExtendWith(ArquillianExtension.class)
class MetadataIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return JetonWar.packaged();
    }

    @Test
    void bothWellKnownDocumentsDescribeWhatIsImplemented() {
        for (String path : List.of("/.well-known/oauth-authorization-server", "/.well-known/openid-configuration")) {
            HttpResponse<String> response = Http.get(path);
            assertEquals(200, response.statusCode(), path);
            JsonObject doc = json(response);
            String issuer = Http.base().toString();
            // RFC 8414 §3.3: issuer identical to the configured issuer
            assertEquals(issuer, doc.getString("issuer"));
            assertEquals(issuer + "/oauth/token", doc.getString("token_endpoint"));
            assertEquals(issuer + "/oauth/jwks", doc.getString("jwks_uri"));
            assertEquals(Set.of("authorization_code", "refresh_token", "client_credentials",
                    "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange"),
                    Set.copyOf(strings(doc, "grant_types_supported")));
            assertEquals(Set.of("client_secret_basic", "client_secret_post", "none"),
                    Set.copyOf(strings(doc, "token_endpoint_auth_methods_supported")));
            assertTrue(strings(doc, "scopes_supported").containsAll(List.of("openid", "offline_access", "api.read")));
            assertEquals(issuer + "/oauth/authorize", doc.getString("authorization_endpoint"));
            assertEquals(issuer + "/oauth/userinfo", doc.getString("userinfo_endpoint"));
            assertEquals(List.of("code"), strings(doc, "response_types_supported"), "no implicit, no hybrid");
            assertEquals(List.of("S256"), strings(doc, "code_challenge_methods_supported"), "no plain");
            assertTrue(strings(doc, "id_token_signing_alg_values_supported").contains("RS256"), "OIDC Core §15.1");
            assertEquals(List.of("public"), strings(doc, "subject_types_supported"));
            assertTrue(doc.getBoolean("authorization_response_iss_parameter_supported"), "RFC 9207");
            assertTrue(doc.getBoolean("claims_parameter_supported"));
            // RFC 8628 §4
            assertEquals(issuer + "/oauth/device_authorization", doc.getString("device_authorization_endpoint"));
            assertFalse(doc.containsKey("introspection_endpoint"), "not implemented yet, so not claimed");
            for (String member : doc.keySet()) {
                if (member.endsWith("_endpoint") || member.endsWith("_uri")) {
                    URI uri = URI.create(doc.getString(member));
                    assertTrue(uri.isAbsolute() && doc.getString(member).startsWith(issuer + "/"), member);
                }
            }
        }
    }

    @Test
    void theJwksPublishesPublicKeysWithKidUseAndAlg() throws Exception {
        HttpResponse<String> response = Http.get("/oauth/jwks");
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Cache-Control").orElse("").contains("max-age="));
        JWKSet set = JWKSet.parse(response.body());
        assertFalse(set.getKeys().isEmpty());
        for (JWK key : set.getKeys()) {
            assertNotNull(key.getKeyID());
            assertEquals("sig", key.getKeyUse().identifier());
            assertNotNull(key.getAlgorithm());
            assertFalse(key.isPrivate(), "no private parts");
            assertEquals(key.computeThumbprint().toString(), key.getKeyID(), "kid is the RFC 7638 thumbprint");
        }
        assertFalse(response.body().contains("\"d\""));
        assertTrue(set.getKeys().stream().anyMatch(k -> "ES256".equals(k.getAlgorithm().getName())));
        assertTrue(set.getKeys().stream().anyMatch(k -> "RS256".equals(k.getAlgorithm().getName())));
    }

    @Test
    void theOpenApiDocumentDescribesTheTokenEndpoint() {
        HttpResponse<String> response = Http.request("GET", "/openapi", null, "Accept", "application/json");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject post = json(response).getJsonObject("paths").getJsonObject("/oauth/token").getJsonObject("post");
        assertNotNull(post.getJsonObject("requestBody").getJsonObject("content")
                .getJsonObject("application/x-www-form-urlencoded"), "form request body");
        JsonObject responses = post.getJsonObject("responses");
        for (String status : List.of("200", "400", "401")) {
            assertTrue(responses.containsKey(status), status);
            assertNotNull(responses.getJsonObject(status).getJsonObject("content").getJsonObject("application/json")
                    .getJsonObject("schema"), status + " has a schema");
        }
        JsonObject schemas = json(response).getJsonObject("components").getJsonObject("schemas");
        assertTrue(schemas.getJsonObject("TokenResponse").getJsonObject("properties").containsKey("access_token"));
        assertTrue(schemas.getJsonObject("OAuthError").getJsonObject("properties").containsKey("error"));
        assertFalse(json(response).getJsonObject("paths").getJsonObject("/oauth/token").containsKey("get"),
                "the refusing methods are hidden");
    }

    @Test
    void unknownPathsAnswerJson404() {
        HttpResponse<String> response = Http.get("/no/such/thing");
        assertEquals(404, response.statusCode());
        assertFalse(response.body().contains("Exception"));
    }

    private static List<String> strings(JsonObject doc, String name) {
        return doc.getJsonArray(name).getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}
