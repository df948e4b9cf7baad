package dev.jeton.it;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.HttpMethod;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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
            // issue #14: implicit because the IT server turned it on (jeton.oidc.implicit.enabled; off by default)
            assertEquals(Set.of("authorization_code", "refresh_token", "client_credentials", "implicit",
                    "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange"),
                    Set.copyOf(strings(doc, "grant_types_supported")));
            // RFC 8705 §2: tls_client_auth because the IT server has trusted CAs (jeton.mtls.trusted-cas)
            assertEquals(Set.of("client_secret_basic", "client_secret_post", "none", "private_key_jwt",
                    "tls_client_auth", "self_signed_tls_client_auth"),
                    Set.copyOf(strings(doc, "token_endpoint_auth_methods_supported")));
            // RFC 8705 §3.3; §5: the HTTPS listener of the IT server is jeton.mtls.endpoint-alias-base (StrongClientsIT)
            assertTrue(doc.getBoolean("tls_client_certificate_bound_access_tokens"));
            assertTrue(doc.getJsonObject("mtls_endpoint_aliases").getString("token_endpoint")
                    .matches("https://localhost:\\d+/oauth/token"), doc.toString());
            assertTrue(strings(doc, "scopes_supported").containsAll(List.of("openid", "offline_access", "api.read")));
            assertTrue(strings(doc, "scopes_supported").stream().noneMatch(s -> s.startsWith("jeton.")),
                    "the operator's own scopes are not advertised");
            // OIDC Discovery §3 (issue #14): the claims, and the one acr every sign-in reaches
            assertTrue(strings(doc, "claims_supported").containsAll(List.of("sub", "acr", "auth_time", "name",
                    "email", "email_verified", "address", "phone_number")), doc.toString());
            assertEquals(List.of("urn:jeton:acr:password"), strings(doc, "acr_values_supported"));
            assertEquals(issuer + "/oauth/authorize", doc.getString("authorization_endpoint"));
            assertEquals(issuer + "/oauth/userinfo", doc.getString("userinfo_endpoint"));
            // the Dynamic OP profile's response types (OIDC Core §3.2), on here; no bare token, no hybrid
            assertEquals(List.of("code", "id_token", "id_token token"), strings(doc, "response_types_supported"));
            assertEquals(List.of("S256"), strings(doc, "code_challenge_methods_supported"), "no plain");
            // Form Post Response Mode; fragment for the implicit response types only
            assertEquals(List.of("query", "fragment", "form_post"), strings(doc, "response_modes_supported"));
            // OIDC Core §5.3.2, §6.2 (issue #14): signed userinfo with the algorithms Jeton signs with; request_uri
            // by reference, from registered request_uris only
            assertEquals(List.of("RS256", "ES256"), strings(doc, "userinfo_signing_alg_values_supported"));
            assertTrue(doc.getBoolean("request_uri_parameter_supported"));
            assertTrue(doc.getBoolean("require_request_uri_registration"));
            assertTrue(strings(doc, "id_token_signing_alg_values_supported").contains("RS256"), "OIDC Core §15.1");
            assertEquals(List.of("public", "pairwise"), strings(doc, "subject_types_supported"), "OIDC Core §8.1");
            assertTrue(doc.getBoolean("authorization_response_iss_parameter_supported"), "RFC 9207");
            assertTrue(doc.getBoolean("claims_parameter_supported"));
            // RFC 8707 defines no metadata; Jeton's own member says resource is honoured
            assertTrue(doc.getBoolean("resource_indicators_supported"));
            // RFC 8628 §4
            assertEquals(issuer + "/oauth/device_authorization", doc.getString("device_authorization_endpoint"));
            assertEquals(issuer + "/oauth/introspect", doc.getString("introspection_endpoint"));
            assertEquals(issuer + "/oauth/revoke", doc.getString("revocation_endpoint"));
            assertEquals(issuer + "/oauth/register", doc.getString("registration_endpoint"));
            for (String member : doc.keySet()) {
                if (member.endsWith("_endpoint") || member.endsWith("_uri")) {
                    URI uri = URI.create(doc.getString(member));
                    assertTrue(uri.isAbsolute() && doc.getString(member).startsWith(issuer + "/"), member);
                }
            }
        }
    }

    // ---- operations (issue #15): MicroProfile Health and Metrics ----

    private static Map<String, JsonObject> checksByName(JsonObject health) {
        Map<String, JsonObject> checks = new TreeMap<>();
        health.getJsonArray("checks").forEach(c -> checks.put(c.asJsonObject().getString("name"), c.asJsonObject()));
        return checks;
    }

    @Test
    void readinessChecksTheDatabaseTheKeystoreAndTheAuditBacklog() {
        HttpResponse<String> response = Http.get("/health/ready");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject health = json(response);
        assertEquals("UP", health.getString("status"), response.body());
        Map<String, JsonObject> checks = checksByName(health);
        assertEquals(Set.of("jeton-database", "jeton-keystore", "jeton-audit-outbox"), checks.keySet(), response.body());
        checks.values().forEach(c -> assertEquals("UP", c.getString("status"), c.toString()));

        JsonObject database = checks.get("jeton-database").getJsonObject("data");
        assertTrue(database.containsKey("query_ms"), database.toString());
        assertFalse(database.containsKey("error"), database.toString());
        JsonObject keystore = checks.get("jeton-keystore").getJsonObject("data");
        // the IT keystore: ES256 access tokens, RS256 ID tokens; the kid is what the JWKS publishes
        String accessKey = keystore.getString("access_token_key");
        assertTrue(accessKey.startsWith("ES256 "), keystore.toString());
        assertTrue(Http.get("/oauth/jwks").body().contains(accessKey.substring("ES256 ".length())), accessKey);
        assertTrue(keystore.getString("id_token_key").startsWith("RS256 "), keystore.toString());
        JsonObject outbox = checks.get("jeton-audit-outbox").getJsonObject("data");
        for (String member : List.of("pending", "older_than_max_age", "oldest_age_seconds", "max_age_seconds")) {
            assertTrue(outbox.containsKey(member), member + " in " + outbox);
        }
        assertEquals("0", outbox.get("older_than_max_age").toString().replace("\"", ""), outbox.toString());
    }

    @Test
    void livenessIsCheapAndNamesTheRelay() {
        HttpResponse<String> response = Http.get("/health/live");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject health = json(response);
        assertEquals("UP", health.getString("status"));
        Map<String, JsonObject> checks = checksByName(health);
        assertEquals(Set.of("jeton-audit-relay"), checks.keySet(), "no database or broker check: " + response.body());
        assertEquals("running", checks.get("jeton-audit-relay").getJsonObject("data").getString("relay_thread"));
        // MicroProfile Health: /health is readiness and liveness together
        assertTrue(checksByName(json(Http.get("/health"))).keySet().containsAll(
                Set.of("jeton-audit-relay", "jeton-database", "jeton-keystore", "jeton-audit-outbox")));
    }

    @Test
    void theMetricsCountIssuedAndDeniedTokensByGrantAndErrorAndShowTheAuditBacklog() throws Exception {
        Map<String, String> cc = Map.of("grant", "client_credentials");
        Map<String, String> badClient = Map.of("grant", "client_credentials", "error", "invalid_client");
        Map<String, String> unsupported = Map.of("grant", "unsupported", "error", "unsupported_grant_type");
        PrometheusText before = PrometheusText.scrape();

        assertEquals(200, Http.postForm("/oauth/token", "grant_type=client_credentials",
                "Authorization", Http.basic(TokenEndpointIT.BASIC_ID, TokenEndpointIT.BASIC_SECRET)).statusCode());
        assertEquals(401, Http.postForm("/oauth/token", "grant_type=client_credentials",
                "Authorization", Http.basic(TokenEndpointIT.BASIC_ID, "wrong-secret")).statusCode());
        // a grant type nobody knows: counted under one label, never a series of its own
        String invented = "urn:example:" + java.util.UUID.randomUUID();
        assertEquals(400, Http.postForm("/oauth/token", "grant_type=" + invented,
                "Authorization", Http.basic(TokenEndpointIT.BASIC_ID, TokenEndpointIT.BASIC_SECRET)).statusCode());

        PrometheusText after = PrometheusText.scrape();
        assertEquals(before.value("jeton_tokens_issued_total", cc) + 1, after.value("jeton_tokens_issued_total", cc));
        assertEquals(before.value("jeton_tokens_denied_total", badClient) + 1,
                after.value("jeton_tokens_denied_total", badClient));
        assertEquals(before.value("jeton_tokens_denied_total", unsupported) + 1,
                after.value("jeton_tokens_denied_total", unsupported));
        assertFalse(after.toString().contains(invented), "no label from input");
        // the latency timer: every answered request, in seconds
        double timed = after.value("jeton_token_request_duration_seconds_count", cc)
                - before.value("jeton_token_request_duration_seconds_count", cc);
        assertEquals(2, timed, 0.0);
        double seconds = after.value("jeton_token_request_duration_seconds_sum", cc);
        assertTrue(seconds > 0 && seconds < 3600, "a plausible sum in seconds: " + seconds);
        // the outbox backlog and its oldest age are gauges; the relay's delay a timer that moves as events go out
        assertTrue(after.has("jeton_audit_outbox_backlog"), "backlog gauge");
        assertTrue(after.has("jeton_audit_outbox_oldest_age_seconds"), "oldest age gauge");
        double relayedBefore = before.value("jeton_audit_relay_delay_seconds_count", Map.of());
        long deadline = System.currentTimeMillis() + 15_000;
        double relayed = relayedBefore;
        while (relayed < relayedBefore + 3 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
            relayed = PrometheusText.scrape().value("jeton_audit_relay_delay_seconds_count", Map.of());
        }
        assertTrue(relayed >= relayedBefore + 3, "the three events went through the relay: " + relayed);
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
        // the license of the LICENSE file
        assertEquals("Apache-2.0", json(response).getJsonObject("info").getJsonObject("license").getString("name"));
        JsonObject post = json(response).getJsonObject("paths").getJsonObject("/oauth/token").getJsonObject("post");
        assertNotNull(post.getJsonObject("requestBody").getJsonObject("content")
                .getJsonObject("application/x-www-form-urlencoded"), "form request body");
        JsonObject responses = post.getJsonObject("responses");
        JsonObject shared = json(response).getJsonObject("components").getJsonObject("responses");
        for (String status : List.of("200", "400", "401")) {
            assertTrue(responses.containsKey(status), status);
            JsonObject r = responses.getJsonObject(status);
            if (r.containsKey("$ref")) {
                // a shared response (META-INF/openapi.yaml, OpenApiRefs)
                String ref = r.getString("$ref");
                r = shared.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
            }
            assertNotNull(r.getJsonObject("content").getJsonObject("application/json").getJsonObject("schema"),
                    status + " has a schema");
        }
        JsonObject schemas = json(response).getJsonObject("components").getJsonObject("schemas");
        assertTrue(schemas.getJsonObject("TokenResponse").getJsonObject("properties").containsKey("access_token"));
        assertTrue(schemas.getJsonObject("OAuthError").getJsonObject("properties").containsKey("error"));
        assertFalse(json(response).getJsonObject("paths").getJsonObject("/oauth/token").containsKey("get"),
                "the refusing methods are hidden");
    }

    private static String openApiJson() {
        HttpResponse<String> response = Http.request("GET", "/openapi", null, "Accept", "application/json");
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static OpenAPI parsedOpenApi() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(openApiJson(), null, options);
        assertNotNull(result.getOpenAPI(), String.valueOf(result.getMessages()));
        return result.getOpenAPI();
    }

    @Test
    void theOpenApiDocumentValidatesAgainstTheOpenApi3Specification() {
        for (String accept : List.of("application/json", "application/yaml")) {
            // YAML is what /openapi answers without an Accept header (MicroProfile OpenAPI)
            HttpResponse<String> response = accept.equals("application/json")
                    ? Http.request("GET", "/openapi", null, "Accept", accept) : Http.get("/openapi");
            assertEquals(200, response.statusCode(), accept);
            SwaggerParseResult result = new OpenAPIV3Parser().readContents(response.body(), null, new ParseOptions());
            assertNotNull(result.getOpenAPI(), accept + ": " + result.getMessages());
            // Payara Micro 6.2025.10 adds a top-level "endpoints" member of its own (FISH-12303, fixed upstream
            // by renaming it x-endpoints); everything else must be clean OpenAPI 3
            List<String> messages = result.getMessages().stream()
                    .filter(m -> !m.equals("attribute endpoints is unexpected")).toList();
            assertEquals(List.of(), messages, accept + ": the document breaks the OpenAPI 3 specification");
            assertTrue(result.getOpenAPI().getOpenapi().startsWith("3."), result.getOpenAPI().getOpenapi());
        }
    }

    /**
     * Every JAX-RS resource method of the WAR, found by scanning the {@code dev.jeton.web} classes, is
     * an operation of the document, and every operation is a resource method. The one allowed gap: a
     * method hidden with {@code @Operation(hidden = true)} on a path whose real method is documented
     * (the token endpoint answers GET, PUT, ... with an RFC error only). Nothing is listed by hand,
     * so an endpoint added later without annotations fails here.
     */
    @Test
    void everyJaxRsResourceMethodIsInTheOpenApiDocument() {
        Map<String, Set<String>> served = new TreeMap<>();
        Map<String, Set<String>> hidden = new TreeMap<>();
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.jeton.web");
        for (JavaClass javaClass : classes) {
            Class<?> type = javaClass.reflect();
            jakarta.ws.rs.Path classPath = type.getAnnotation(jakarta.ws.rs.Path.class);
            if (classPath == null) {
                continue;
            }
            for (Method method : type.getDeclaredMethods()) {
                String httpMethod = httpMethod(method);
                if (httpMethod == null) {
                    continue;
                }
                jakarta.ws.rs.Path methodPath = method.getAnnotation(jakarta.ws.rs.Path.class);
                String path = normalize(classPath.value() + "/" + (methodPath == null ? "" : methodPath.value()));
                Operation operation = method.getAnnotation(Operation.class);
                (operation != null && operation.hidden() ? hidden : served)
                        .computeIfAbsent(path, k -> new TreeSet<>()).add(httpMethod);
            }
        }
        assertTrue(served.containsKey("/oauth/token") && served.size() >= 8, "the scan found the resources: " + served);

        Map<String, Set<String>> documented = new TreeMap<>();
        parsedOpenApi().getPaths().forEach((path, item) -> item.readOperationsMap().keySet().forEach(m ->
                documented.computeIfAbsent(path, k -> new TreeSet<>()).add(m.name().toLowerCase(Locale.ROOT))));
        assertEquals(served, documented, "every resource method is documented, and nothing else is");
        for (Map.Entry<String, Set<String>> refusing : hidden.entrySet()) {
            assertTrue(documented.containsKey(refusing.getKey()), "a hidden method " + refusing.getValue() + " on "
                    + refusing.getKey() + " is allowed only beside a documented one");
        }
    }

    /** Every status of every operation says what comes back: a description, and a body for each error. */
    @Test
    void everyOperationDocumentsItsErrorEnvelopesHeadersAndSecurity() {
        OpenAPI api = parsedOpenApi();
        Map<String, ApiResponse> shared = api.getComponents().getResponses();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String where = method + " " + path;
            assertNotNull(operation.getSummary(), where + " has a summary");
            assertFalse(operation.getResponses().isEmpty(), where);
            assertTrue(operation.getResponses().keySet().stream().anyMatch(s -> s.startsWith("2") || s.startsWith("3")),
                    where + " documents its success");
            operation.getResponses().forEach((status, response) -> {
                ApiResponse r = response.get$ref() == null ? response
                        : shared.get(response.get$ref().substring(response.get$ref().lastIndexOf('/') + 1));
                assertNotNull(r, where + " " + status + " refers to " + response.get$ref());
                assertNotNull(r.getDescription(), where + " " + status);
                if (Integer.parseInt(status) >= 400) {
                    assertTrue(r.getContent() != null && !r.getContent().isEmpty(),
                            where + " " + status + " documents its error body");
                    r.getContent().forEach((media, content) -> assertNotNull(content.getSchema(),
                            where + " " + status + " " + media));
                }
            });
        }));

        Map<String, SecurityScheme> schemes = api.getComponents().getSecuritySchemes();
        assertEquals("basic", schemes.get("client_secret_basic").getScheme());
        assertEquals("bearer", schemes.get("bearer").getScheme());
        assertEquals("DPoP", schemes.get("dpop").getScheme());
        io.swagger.v3.oas.models.Operation token = api.getPaths().get("/oauth/token").getPost();
        assertTrue(token.getSecurity().stream().anyMatch(r -> r.containsKey("client_secret_basic")));
        ApiResponse badRequest = shared.get("OAuthBadRequest");
        assertTrue(badRequest.getHeaders().containsKey("DPoP-Nonce"));
        assertTrue(shared.get("BearerUnauthorized").getHeaders().containsKey("WWW-Authenticate"));
        assertTrue(shared.get("OAuthInvalidClient").getHeaders().containsKey("WWW-Authenticate"));
        io.swagger.v3.oas.models.Operation userinfo = api.getPaths().get("/oauth/userinfo").getGet();
        assertTrue(userinfo.getSecurity().stream().anyMatch(r -> r.containsKey("bearer")));
        assertTrue(userinfo.getSecurity().stream().anyMatch(r -> r.containsKey("dpop")));
    }

    /** The token request body has an example for every grant the server announces, and both token types. */
    @Test
    void theTokenEndpointDocumentsEveryAnnouncedGrantAndBothTokenTypes() {
        OpenAPI api = parsedOpenApi();
        MediaType form = api.getPaths().get("/oauth/token").getPost().getRequestBody().getContent()
                .get("application/x-www-form-urlencoded");
        assertNotNull(form, "form request body");
        io.swagger.v3.oas.models.media.Schema<?> body = form.getSchema();
        if (body.get$ref() != null) {
            body = api.getComponents().getSchemas().get(body.get$ref().substring(body.get$ref().lastIndexOf('/') + 1));
        }
        List<?> grantEnum = ((io.swagger.v3.oas.models.media.Schema<?>) body.getProperties().get("grant_type")).getEnum();
        // RFC 8707: the resource parameter, described for every grant
        io.swagger.v3.oas.models.media.Schema<?> resource =
                (io.swagger.v3.oas.models.media.Schema<?>) body.getProperties().get("resource");
        assertNotNull(resource, "the token request documents resource");
        assertTrue(resource.getDescription().contains("invalid_target"), resource.getDescription());
        for (String grant : strings(json(Http.get("/.well-known/oauth-authorization-server")),
                "grant_types_supported")) {
            if (grant.equals("implicit")) {
                continue; // RFC 6749 §4.2: its tokens come from the authorization endpoint; there is no token request
            }
            assertTrue(form.getExamples() != null && form.getExamples().containsKey(grant),
                    "an example request body for " + grant);
            assertTrue(grantEnum.contains(grant), "grant_type enumerates " + grant);
        }
        io.swagger.v3.oas.models.media.Schema<?> tokenType = (io.swagger.v3.oas.models.media.Schema<?>) api
                .getComponents().getSchemas().get("TokenResponse").getProperties().get("token_type");
        assertTrue(tokenType.getEnum().containsAll(List.of("Bearer", "DPoP")), String.valueOf(tokenType.getEnum()));
    }

    private static String httpMethod(Method method) {
        for (java.lang.annotation.Annotation a : method.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** "/admin/users/" + "{username: .+}/password" is "/admin/users/{username}/password". */
    private static String normalize(String path) {
        String p = ("/" + path).replaceAll("\\{\\s*([\\w.-]+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
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
