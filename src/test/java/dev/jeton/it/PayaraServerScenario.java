package dev.jeton.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged WAR on Payara Server 6 (issue #15), set up exactly as {@code server-config/README.md} says:
 * the README's Payara Server steps of one path through it, run by bash as they are written there
 * ({@link ReadmeSteps}): a fresh domain, {@code asadmin multimode --file} with the command files of
 * {@code server-config/payara}, {@code fetch-resource-adapter.sh}, the WAR at {@code /}. Then a subset over
 * HTTP: client_credentials, authorization code with PKCE and sign-in, refresh, the audit event read off
 * the broker's queue, {@code /openapi}, {@code /health/ready}. The domain is stopped at the end, also when a
 * step failed. {@link PayaraServerIT}: embedded broker and H2; {@link PayaraServerPostgreSqlIT}: an
 * external broker and PostgreSQL.
 * <p>
 * Payara Server (a 170 MB zip from Maven Central, {@code fish.payara.distributions:payara}) is unpacked once
 * into {@code ~/.cache/jeton/payara-server-it} (outside target/, so that {@code mvn clean} does not cost
 * another download); every class makes a domain of its own in it ({@code jeton-it-<pid>}, deleted at the
 * end) on the first free port base from 28700 up in steps of 1000 (HTTP base + 80, administration
 * base + 48; below the ephemeral range the Arquillian servers' ports come from, clear of WildFly's
 * 8080 + offset), so that a run in another checkout neither stops nor deletes it. The broker: a free port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PayaraServerScenario {

    /** A domain of this run's own: runs of other checkouts must not stop or delete it (nor it theirs). */
    static final String DOMAIN = "jeton-it-" + ProcessHandle.current().pid();
    /** The domain's ports are these offsets from the port base (asadmin create-domain --portbase). */
    static final int[] PORT_OFFSETS = {9, 37, 38, 39, 48, 49, 59, 66, 76, 80, 81, 86};

    int portBase;
    static final String DEMO_SERVICE = "demo-service";
    static final String DEMO_APP = "demo-app";
    static final String DEMO_APP_REDIRECT = "http://127.0.0.1:9876/callback";
    static final String DEMO_USER = "demo";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ReadmeSteps readme;
    Map<String, String> settings;
    Path data;
    Path log;
    URI base;
    int brokerPort;

    /** The README's steps of this path, in order (after the install). */
    abstract List<String> steps();

    /** This path's own settings and the things it needs (a broker, a database) before the steps run. */
    abstract void prepare(Map<String, String> settings) throws Exception;

    /** What {@link #prepare} made, gone again. */
    void release() throws Exception {
    }

    @BeforeAll
    void setUp() throws Exception {
        Path repository = Path.of("").toAbsolutePath();
        readme = new ReadmeSteps(repository);
        data = Path.of(System.getProperty("jeton.it.work.dir", "target/resilience-it")).toAbsolutePath()
                .resolveSibling("payara-server-it");
        Path cache = Path.of(System.getProperty("jeton.it.payara-server.cache",
                System.getProperty("user.home") + "/.cache/jeton/payara-server-it"));
        String version = System.getProperty("jeton.it.payara-server.version", "6.2025.10");
        Files.createDirectories(cache);
        brokerPort = TcpProxy.freePort();
        portBase = freePortBase();
        settings = new HashMap<>();
        settings.put("PAYARA_VERSION", version);
        settings.put("PAYARA_PARENT", cache.toString());
        settings.put("JETON_DIR", data.toString());
        settings.put("JETON_WAR", Path.of(System.getProperty("jeton.war", "target/jeton.war")).toAbsolutePath().toString());
        settings.put("JETON_PORT_BASE", String.valueOf(portBase));
        settings.put("JETON_DOMAIN", DOMAIN);
        settings.put("JETON_BROKER_PORT", String.valueOf(brokerPort));
        // Payara Server on the JDK that runs the tests
        settings.put("AS_JAVA", System.getProperty("java.home"));
        base = URI.create("http://localhost:" + (portBase + 80));

        PayaraMicroProcess.deleteTree(data);
        Files.createDirectories(data);
        log = data.resolve("steps.log");
        if (!Files.exists(cache.resolve("payara6/bin/asadmin"))
                || !Files.exists(cache.resolve("payara-" + version + ".zip"))) {
            readme.run(List.of("server-install"), settings, log, 900);
        }
        try {
            prepare(settings);
            readme.run(steps(), settings, log, 900);
        } catch (Exception | AssertionError e) {
            stopDomain();
            release();
            throw e;
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            stopDomain();
            PayaraMicroProcess.deleteTree(domainDir());
        } finally {
            release();
        }
    }

    Path domainDir() {
        return Path.of(settings.get("PAYARA_PARENT"), "payara6/glassfish/domains", DOMAIN);
    }

    /**
     * A port base from 28700 up (in steps of 1000, below the ephemeral range) whose domain ports are all
     * free: another checkout's run, or a domain a killed run left behind, keeps its own.
     */
    static int freePortBase() {
        for (int base = Integer.getInteger("jeton.it.payara-server.port-base", 28700); base < 32700; base += 1000) {
            boolean free = true;
            for (int offset : PORT_OFFSETS) {
                try (java.net.ServerSocket probe = new java.net.ServerSocket(base + offset)) {
                    probe.setReuseAddress(true);
                } catch (IOException taken) {
                    free = false;
                    break;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free port base for Payara Server between 28700 and 32700");
    }

    /** The README's stop step; quiet when no domain runs (or none was made yet). */
    void stopDomain() throws IOException, InterruptedException {
        if (readme == null || settings == null) {
            return;
        }
        Path stopLog = data.resolveSibling("payara-server-it-stop.log");
        Files.createDirectories(stopLog.getParent());
        Map<String, String> env = new HashMap<>(settings);
        env.put("PATH", settings.get("PAYARA_PARENT") + "/payara6/bin:" + System.getenv("PATH"));
        env.put("AS_ADMIN_PORT", String.valueOf(portBase + 48));
        if (Files.exists(domainDir())) {
            try {
                readme.run(List.of("server-stop"), env, stopLog, 120);
            } catch (AssertionError notRunning) {
                // nothing was running: the log says so
            }
        }
    }

    String secret(String name) throws IOException {
        return Files.readString(data.resolve("secrets").resolve(name)).strip();
    }

    HttpResponse<String> post(String path, Map<String, String> form, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", Http.FORM).POST(HttpRequest.BodyPublishers.ofString(Http.form(form)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    @Test
    void clientCredentialsTokenAndItsAuditEventOnTheBrokersQueue() throws Exception {
        try (AuditQueue queue = new AuditQueue(brokerPort)) {
            HttpResponse<String> response = post("/oauth/token",
                    Map.of("grant_type", "client_credentials", "scope", "api.read"),
                    "Authorization", Http.basic(DEMO_SERVICE, secret("demo-client-secret")));
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""));
            JsonObject body = json(response);
            assertEquals("Bearer", body.getString("token_type"));
            assertEquals("api.read", body.getString("scope"));
            var claims = SignedJWT.parse(body.getString("access_token")).getJWTClaimsSet();
            assertEquals(base.toString(), claims.getIssuer());
            assertEquals(DEMO_SERVICE, claims.getStringClaim("client_id"));
            String jti = claims.getJWTID();

            JsonObject event = queue.await(e -> jti.equals(e.getString("jti", null))).body();
            assertEquals("token_issued", event.getString("event"));
            assertEquals("success", event.getString("outcome"));
            assertEquals(DEMO_SERVICE, event.getString("client_id"));
        }
    }

    @Test
    void aUserSignsInWithAuthorizationCodeAndPkceAndTheRefreshTokenRotates() throws Exception {
        Pkce pkce = Pkce.create();
        String state = UUID.randomUUID().toString();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", DEMO_APP);
        query.put("redirect_uri", DEMO_APP_REDIRECT);
        query.put("scope", "openid profile offline_access api.read");
        query.put("state", state);
        query.put("nonce", UUID.randomUUID().toString());
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        URI redirect = new UserAgent(base).authorize(Http.form(query), DEMO_USER, secret("demo-user-password"));
        assertTrue(redirect.toString().startsWith(DEMO_APP_REDIRECT + "?"), redirect.toString());
        assertEquals(state, UserAgent.parameter(redirect, "state"));
        assertEquals(base.toString(), UserAgent.parameter(redirect, "iss"), "RFC 9207");

        HttpResponse<String> tokens = post("/oauth/token", Map.of("grant_type", "authorization_code",
                "code", UserAgent.parameter(redirect, "code"), "redirect_uri", DEMO_APP_REDIRECT,
                "client_id", DEMO_APP, "code_verifier", pkce.verifier()));
        assertEquals(200, tokens.statusCode(), tokens.body());
        JsonObject body = json(tokens);
        assertNotNull(body.getString("id_token"));
        String refresh = body.getString("refresh_token");
        var claims = SignedJWT.parse(body.getString("access_token")).getJWTClaimsSet();
        assertEquals(base.toString(), claims.getIssuer());

        HttpResponse<String> userinfo = HTTP.send(HttpRequest.newBuilder(base.resolve("/oauth/userinfo"))
                .header("Authorization", "Bearer " + body.getString("access_token")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, userinfo.statusCode(), userinfo.body());
        assertEquals(DEMO_USER, json(userinfo).getString("preferred_username"));

        HttpResponse<String> refreshed = post("/oauth/token", Map.of("grant_type", "refresh_token",
                "refresh_token", refresh, "client_id", DEMO_APP));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        // a public client's refresh token rotates (RFC 9700 §4.14.2)
        assertNotEquals(refresh, json(refreshed).getString("refresh_token"));
        assertNotNull(json(refreshed).getString("access_token"));
    }

    @Test
    void openApiDocumentAndReadiness() throws Exception {
        HttpResponse<String> openapi = get("/openapi");
        assertEquals(200, openapi.statusCode(), openapi.body());
        assertTrue(openapi.body().contains("/oauth/token"), openapi.body());

        HttpResponse<String> ready = get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", json(ready).getString("status"), ready.body());
    }
}
