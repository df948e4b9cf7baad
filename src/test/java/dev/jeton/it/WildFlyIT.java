package dev.jeton.it;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static dev.jeton.it.Http.form;
import static dev.jeton.it.Http.json;
import static dev.jeton.it.Http.postForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The unchanged WAR on WildFly 39 (standalone-full) prepared by {@code server-config/wildfly/jeton.cli}
 * with its defaults (H2, the embedded Artemis broker) and the Prometheus registry: every grant, the
 * sign-in, the audit event on the queue, the OpenAPI document, MicroProfile Health, Jeton's metrics
 * through Micrometer and SameSite on the session cookie. One WildFly start for the class, on ports
 * moved by {@code jeton.it.wildfly.port-offset}. Runs in its own failsafe execution ({@code wildfly}),
 * which sets {@code jeton.it.wildfly.home}; in the Payara execution it is skipped.
 */
class WildFlyIT {

    static final String SECRET = TokenEndpointIT.POST_SECRET;
    /** a client_secret_basic client for client_credentials (it-clients.json) */
    static final String BASIC_ID = "it-basic";
    static final String BASIC_SECRET = "it-basic-client-secret-of-at-least-32-chars";
    static final String USER = UserGrantsIT.USER;
    static final String PASSWORD = UserGrantsIT.PASSWORD;
    static final String REDIRECT = UserGrantsIT.WEB_REDIRECT;
    static final String[] AUDIT_READER = {"jeton-audit-reader", "audit-reader-password-1!"};

    private static WildFlyServer server;
    private static String previousPort;

    @BeforeAll
    static void startWildFly() throws Exception {
        String home = System.getProperty("jeton.it.wildfly.home");
        assumeTrue(home != null, "WildFlyIT runs in the wildfly failsafe execution (mvn verify)");
        // -Dit.test=SomeOtherIT: a focused run of other classes starts no WildFly
        assumeTrue(WildFlyServer.selected(WildFlyIT.class), "not selected by -Dit.test="
                + System.getProperty("jeton.it.selected"));
        int offset = Integer.parseInt(System.getProperty("jeton.it.wildfly.port-offset", "21000"));
        Path testClasses = Path.of(System.getProperty("jeton.it.test-classes", "target/test-classes"));
        Map<String, String> env = new LinkedHashMap<>();
        // Jeton's settings as an operator gives them to WildFly: MicroProfile Config reads the environment
        env.put("JETON_PROFILE", "dev");
        env.put("JETON_ISSUER", "http://localhost:" + (8080 + offset));
        env.put("JETON_CLIENTS_FILE", testClasses.resolve("it-clients.json").toString());
        env.put("JETON_SCOPES_ALLOWED", "openid,profile,email,offline_access,api.read,api.write,admin,jeton.admin,"
                + "jeton.introspect,jeton.register");
        env.put("JETON_DEV_DEMO_USER", USER);
        env.put("JETON_DEMO_USER_PASSWORD", PASSWORD);
        env.put("JETON_USERS_PBKDF2_ITERATIONS", "20000");
        env.put("JETON_DEVICE_INTERVAL_SECONDS", "1");
        env.put("JETON_TOKEN_EXCHANGE_TRUSTED_ISSUERS_FILE", testClasses.resolve("it-trusted-issuers.json").toString());
        server = WildFlyServer.start(Path.of(home), Path.of(System.getProperty("jeton.it.wildfly.base",
                        "target/wildfly-it")).toAbsolutePath(), offset,
                Path.of(System.getProperty("jeton.war", "target/jeton.war")),
                Path.of(System.getProperty("jeton.server.config.dir", "server-config"), "wildfly", "jeton.cli"),
                Map.of("jeton.metrics", "prometheus"), AUDIT_READER, env);
        // the shared helpers (Http, UserAgent) talk to the server at jeton.it.http.port
        previousPort = System.setProperty("jeton.it.http.port", String.valueOf(server.base().getPort()));
    }

    @AfterAll
    static void stopWildFly() throws Exception {
        if (server != null) {
            server.close();
        }
        if (previousPort != null) {
            System.setProperty("jeton.it.http.port", previousPort);
        }
    }

    @Test
    void clientCredentialsTokenAndItsAuditEventOnTheEmbeddedBroker() throws Exception {
        try (ArtemisAuditQueue queue = new ArtemisAuditQueue(server.base().getPort())) {
            HttpResponse<String> response = postForm("/oauth/token", form(Map.of("grant_type", "client_credentials",
                    "scope", "api.read")), "Authorization", Http.basic(BASIC_ID, BASIC_SECRET));
            assertEquals(200, response.statusCode(), response.body());
            JWTClaimsSet claims = SignedJWT.parse(json(response).getString("access_token")).getJWTClaimsSet();
            assertEquals(server.base().toString(), claims.getIssuer(), "the issuer is the server root");
            String jti = claims.getJWTID();
            JsonObject event = queue.await(e -> jti.equals(e.getString("jti", null)));
            assertEquals("token_issued", event.getString("event"));
            assertEquals(BASIC_ID, event.getString("client_id"));
            assertEquals("client_credentials", event.getString("grant_type"));
        }
    }

    @Test
    void authorizationCodeWithPkceSignInAndRefresh() throws Exception {
        UserAgent agent = new UserAgent();
        Pkce pkce = Pkce.create();
        String query = form(Map.of("response_type", "code", "client_id", "it-web", "redirect_uri", REDIRECT,
                "scope", "openid profile offline_access api.read", "state", "st-1", "code_challenge", pkce.challenge(),
                "code_challenge_method", "S256"));
        // the first answer starts the browser session: its cookie must say SameSite=Lax (web.xml's Servlet 6
        // attribute is ignored by WildFly's Undertow; WEB-INF/undertow-handlers.conf adds it)
        HttpResponse<String> first = agent.get(server.base().resolve("/oauth/authorize?" + query));
        String cookie = first.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("jeton_browser="))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie: " + first.headers().map()));
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);

        // sign-in and consent (Jeton's own Jakarta Security mechanism: needs integrated-jaspi=false)
        URI redirect = agent.follow(first, USER, PASSWORD);
        assertTrue(redirect.toString().startsWith(REDIRECT), redirect.toString());
        assertEquals("st-1", UserAgent.parameter(redirect, "state"));
        HttpResponse<String> tokens = postForm("/oauth/token", form(Map.of("grant_type", "authorization_code",
                "code", UserAgent.parameter(redirect, "code"), "redirect_uri", REDIRECT,
                "code_verifier", pkce.verifier())), "Authorization", Http.basic("it-web", SECRET));
        assertEquals(200, tokens.statusCode(), tokens.body());
        JsonObject body = json(tokens);
        assertEquals(SignedJWT.parse(body.getString("access_token")).getJWTClaimsSet().getSubject(),
                SignedJWT.parse(body.getString("id_token")).getJWTClaimsSet().getSubject());
        HttpResponse<String> userinfo = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "Bearer " + body.getString("access_token"));
        assertEquals(200, userinfo.statusCode(), userinfo.body());
        assertEquals(USER, json(userinfo).getString("preferred_username"));

        HttpResponse<String> refreshed = postForm("/oauth/token", form(Map.of("grant_type", "refresh_token",
                "refresh_token", body.getString("refresh_token"))), "Authorization", Http.basic("it-web", SECRET));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertFalse(json(refreshed).getString("refresh_token").equals(body.getString("refresh_token")), "rotated");
        // the spent refresh token is refused (RFC 9700 §4.14.2: reuse revokes the family)
        HttpResponse<String> reused = postForm("/oauth/token", form(Map.of("grant_type", "refresh_token",
                "refresh_token", body.getString("refresh_token"))), "Authorization", Http.basic("it-web", SECRET));
        assertEquals(400, reused.statusCode(), reused.body());
        assertEquals("invalid_grant", json(reused).getString("error"));
    }

    @Test
    void deviceAuthorizationGrant() throws Exception {
        HttpResponse<String> started = postForm("/oauth/device_authorization", form(Map.of("client_id", "it-tv",
                "scope", "openid profile api.read")));
        assertEquals(200, started.statusCode(), started.body());
        JsonObject device = json(started);
        HttpResponse<String> pending = poll(device.getString("device_code"));
        assertEquals(400, pending.statusCode(), pending.body());
        assertEquals("authorization_pending", json(pending).getString("error"));

        // the person at /activate signs in and approves
        UserAgent person = new UserAgent();
        HttpResponse<String> signInForm = person.signInPageAt(
                server.base().resolve("/activate?user_code=" + device.getString("user_code")));
        HttpResponse<String> page = person.signIn(signInForm, USER, PASSWORD);
        for (int i = 0; i < 4 && page.statusCode() / 100 == 3; i++) {
            page = person.get(page.uri().resolve(page.headers().firstValue("Location").orElseThrow()));
        }
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("value=\"approve\""), page.body());
        Map<String, String> decision = UserAgent.hiddenFields(page.body());
        decision.put("decision", "approve");
        HttpResponse<String> done = person.post(server.base().resolve("/activate/decision"), decision);
        assertTrue(done.statusCode() == 200 || done.statusCode() / 100 == 3, done.statusCode() + ": " + done.body());

        HttpResponse<String> tokens = poll(device.getString("device_code"));
        for (int i = 0; i < 10 && tokens.statusCode() == 400
                && "slow_down".equals(json(tokens).getString("error")); i++) {
            Thread.sleep(6_000);
            tokens = poll(device.getString("device_code"));
        }
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertEquals(USER, userinfoName(json(tokens).getString("access_token")));
    }

    @Test
    void tokenExchangeDelegation() throws Exception {
        // the user's token for the API (it-web-api's tokens carry aud https://api.example.com) ...
        UserAgent agent = new UserAgent();
        Pkce pkce = Pkce.create();
        URI redirect = agent.authorize(form(Map.of("response_type", "code", "client_id", "it-web-api",
                "redirect_uri", REDIRECT, "scope", "openid api.read", "state", "s", "code_challenge", pkce.challenge(),
                "code_challenge_method", "S256")), USER, PASSWORD);
        HttpResponse<String> user = postForm("/oauth/token", form(Map.of("grant_type", "authorization_code",
                "code", UserAgent.parameter(redirect, "code"), "redirect_uri", REDIRECT,
                "code_verifier", pkce.verifier())), "Authorization", Http.basic("it-web-api", SECRET));
        assertEquals(200, user.statusCode(), user.body());
        // ... exchanged by the API's resource server, with its own token as the actor (it may only
        // delegate, RFC 8693 §1.1), for one for the orders service
        HttpResponse<String> service = postForm("/oauth/token", form(Map.of("grant_type", "client_credentials",
                "scope", "api.read")), "Authorization", Http.basic("it-exchange", SECRET));
        assertEquals(200, service.statusCode(), service.body());
        HttpResponse<String> exchanged = postForm("/oauth/token", form(Map.of(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", json(user).getString("access_token"),
                "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "actor_token", json(service).getString("access_token"),
                "actor_token_type", "urn:ietf:params:oauth:token-type:access_token",
                "audience", "https://orders.example.com")), "Authorization", Http.basic("it-exchange", SECRET));
        assertEquals(200, exchanged.statusCode(), exchanged.body());
        assertEquals("urn:ietf:params:oauth:token-type:access_token", json(exchanged).getString("issued_token_type"));
        JWTClaimsSet claims = SignedJWT.parse(json(exchanged).getString("access_token")).getJWTClaimsSet();
        assertEquals(List.of("https://orders.example.com"), claims.getAudience());
        assertEquals("it-exchange", claims.getJSONObjectClaim("act").get("sub"));
    }

    @Test
    void theOpenApiDocumentParsesAndDescribesTheTokenEndpoint() {
        for (String accept : List.of("application/json", "application/yaml")) {
            HttpResponse<String> response = Http.request("GET", "/openapi", null, "Accept", accept);
            assertEquals(200, response.statusCode(), accept + ": " + response.body());
            SwaggerParseResult result = new OpenAPIV3Parser().readContents(response.body(), null, new ParseOptions());
            assertNotNull(result.getOpenAPI(), accept + ": " + result.getMessages());
            assertTrue(result.getOpenAPI().getOpenapi().startsWith("3."), result.getOpenAPI().getOpenapi());
            assertNotNull(result.getOpenAPI().getPaths().get("/oauth/token"), "the token endpoint is described");
            assertNotNull(result.getOpenAPI().getPaths().get("/oauth/token").getPost());
        }
    }

    @Test
    void readinessIsUpWithJetonsChecks() throws Exception {
        HttpResponse<String> ready = management("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        JsonObject health = json(ready);
        assertEquals("UP", health.getString("status"), ready.body());
        List<String> checks = health.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> "UP".equals(c.getString("status"))).map(c -> c.getString("name")).toList();
        assertTrue(checks.containsAll(List.of("jeton-database", "jeton-keystore", "jeton-audit-outbox")),
                checks.toString());
        HttpResponse<String> live = management("/health/live");
        assertEquals(200, live.statusCode(), live.body());
    }

    @Test
    void jetonsTokenCountersAreInTheMicrometerPrometheusRegistry() throws Exception {
        PrometheusText before = new PrometheusText(management("/prometheus").body());
        Map<String, String> grant = Map.of("grant", "client_credentials");
        double issued = before.value("jeton_tokens_issued_total", grant);
        double denied = before.value("jeton_tokens_denied_total", Map.of("grant", "client_credentials",
                "error", "invalid_client"));
        assertEquals(200, postForm("/oauth/token", form(Map.of("grant_type", "client_credentials")),
                "Authorization", Http.basic(BASIC_ID, BASIC_SECRET)).statusCode());
        assertEquals(401, postForm("/oauth/token", form(Map.of("grant_type", "client_credentials")),
                "Authorization", Http.basic(BASIC_ID, "wrong-secret-wrong-secret-wrong-secret")).statusCode());
        HttpResponse<String> scrape = management("/prometheus");
        assertEquals(200, scrape.statusCode());
        PrometheusText after = new PrometheusText(scrape.body());
        assertEquals(issued + 1, after.value("jeton_tokens_issued_total", grant), 0.0, after.toString());
        assertEquals(denied + 1, after.value("jeton_tokens_denied_total", Map.of("grant", "client_credentials",
                "error", "invalid_client")), 0.0);
        assertTrue(after.has("jeton_token_request_duration_seconds_count"), "the timer is exported");
        assertTrue(after.has("jeton_audit_outbox_backlog"), "the backlog gauge is exported");
    }

    private static HttpResponse<String> poll(String deviceCode) {
        return postForm("/oauth/token", form(Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                "client_id", "it-tv", "device_code", deviceCode)));
    }

    private static String userinfoName(String accessToken) {
        HttpResponse<String> userinfo = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "Bearer " + accessToken);
        assertEquals(200, userinfo.statusCode(), userinfo.body());
        return json(userinfo).getString("preferred_username");
    }

    private static HttpResponse<String> management(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.management().resolve(path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The audit queue read off WildFly's embedded Artemis as an operator's consumer would: Artemis' own
     * JMS client over the HTTP port (HTTP upgrade to the core protocol, the http-acceptor of
     * standalone-full), as an application user in the guest role. WildFly names its JMS queues with
     * the 1.x prefix (jms.queue.jeton.audit), which enable1xPrefixes maps.
     */
    static final class ArtemisAuditQueue implements AutoCloseable {
        private final Connection connection;
        private final MessageConsumer consumer;

        ArtemisAuditQueue(int httpPort) throws Exception {
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + httpPort
                    + "?httpUpgradeEnabled=true&httpUpgradeEndpoint=http-acceptor&enable1xPrefixes=true");
            connection = factory.createConnection(AUDIT_READER[0], AUDIT_READER[1]);
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            consumer = session.createConsumer(session.createQueue("jeton.audit"));
        }

        JsonObject await(Predicate<JsonObject> wanted) throws Exception {
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                Message message = consumer.receive(500);
                if (message instanceof TextMessage text) {
                    JsonObject body = Json.createReader(new StringReader(text.getText())).readObject();
                    if (wanted.test(body)) {
                        return body;
                    }
                }
            }
            throw new AssertionError("no matching audit event on the queue within 20 s");
        }

        @Override
        public void close() throws Exception {
            connection.close();
        }
    }

    /**
     * Issue #14: the implicit response types are off unless the operator turns them on (RFC 9700 §2.1.2), as on this
     * server: discovery does not offer them, and a client registered for them gets unsupported_response_type.
     */
    @Test
    void theImplicitFlowIsOffByDefault() {
        JsonObject doc = json(Http.get("/.well-known/openid-configuration"));
        assertEquals(List.of("code"), doc.getJsonArray("response_types_supported").getValuesAs(
                jakarta.json.JsonString::getString));
        assertFalse(doc.getJsonArray("grant_types_supported").getValuesAs(jakarta.json.JsonString::getString)
                .contains("implicit"));
        assertTrue(doc.getBoolean("request_uri_parameter_supported"), "request_uri by reference is always served");
        HttpResponse<String> refused = new UserAgent().get(server.base().resolve("/oauth/authorize?" + form(Map.of(
                "response_type", "id_token token", "client_id", "it-implicit", "redirect_uri", REDIRECT,
                "scope", "openid", "state", "s-off", "nonce", "n-off"))));
        assertEquals(302, refused.statusCode(), refused.body());
        URI location = URI.create(refused.headers().firstValue("Location").orElseThrow());
        assertTrue(location.toString().startsWith(REDIRECT + "#"), location.toString());
        assertTrue(location.getRawFragment().contains("error=unsupported_response_type"), location.toString());
        assertFalse(location.getRawFragment().contains("access_token"));
    }
}
