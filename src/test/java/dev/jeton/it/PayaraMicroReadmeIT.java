package dev.jeton.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import com.nimbusds.jwt.SignedJWT;
import org.apache.activemq.broker.BrokerService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Payara Micro part of {@code server-config/README.md}, run as it is written ({@link ReadmeSteps}):
 * Payara Micro and the resource adapter fetched, the post-boot file joined from the command files for an
 * external broker and PostgreSQL, Payara Micro started by the README's command. The external broker is
 * an ActiveMQ broker in this test's JVM; PostgreSQL is the machine's (127.0.0.1:5432, trust
 * authentication, as for ResilienceIT; the test makes and drops its own database; without PostgreSQL
 * the class is skipped, under CI it fails). The README's block for the embedded broker and H2 is run
 * too: it must join exactly the file the Arquillian ITs boot with (Maven's concatenation).
 */
class PayaraMicroReadmeIT {

    static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    static ReadmeSteps readme;
    static Path data;
    static Path log;
    static Map<String, String> settings;
    static BrokerService broker;
    static int brokerPort;
    static String database;
    static Process server;
    static URI base;

    @BeforeAll
    static void start() throws Exception {
        MachinePostgres.requireFor(PayaraMicroReadmeIT.class);

        readme = new ReadmeSteps(Path.of("").toAbsolutePath());
        data = Path.of(System.getProperty("jeton.it.work.dir", "target/resilience-it")).toAbsolutePath()
                .resolveSibling("payara-micro-readme-it");
        PayaraMicroProcess.deleteTree(data);
        Files.createDirectories(data);
        log = data.resolve("steps.log");

        database = "jeton_readme_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var c = DriverManager.getConnection(PG_ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        brokerPort = TcpProxy.freePort();
        broker = new BrokerService();
        broker.setPersistent(false);
        broker.setUseJmx(false);
        broker.setBrokerName("readme-it-external");
        broker.addConnector("tcp://127.0.0.1:" + brokerPort);
        broker.start();
        broker.waitUntilStarted();

        int httpPort = TcpProxy.freePort();
        base = URI.create("http://localhost:" + httpPort);
        settings = new HashMap<>();
        settings.put("PAYARA_VERSION", System.getProperty("jeton.it.payara.version", "6.2025.10"));
        settings.put("JETON_DIR", data.toString());
        settings.put("JETON_WAR", Path.of(System.getProperty("jeton.war", "target/jeton.war")).toAbsolutePath().toString());
        settings.put("JETON_HTTP_PORT", String.valueOf(httpPort));
        settings.put("JETON_BROKER_PORT", String.valueOf(brokerPort));
        settings.put("JETON_BROKER_HOST", "127.0.0.1");
        // a broker without authentication: any user and password
        settings.put("JETON_BROKER_USER", "jeton");
        settings.put("JETON_BROKER_PASSWORD", "unused");
        settings.put("JETON_DB_HOST", "127.0.0.1");
        settings.put("JETON_DB_NAME", database);
        settings.put("JETON_DB_USER", "postgres");
        settings.put("JETON_DB_PASSWORD", "unused-with-trust-authentication");

        readme.run(List.of("micro-install"), settings, log, 600);
        server = readme.start(List.of("secrets", "micro-external-postgresql", "micro-start"), settings, log);
        awaitReady(Duration.ofSeconds(300));
    }

    static void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new AssertionError("Payara Micro exited with " + server.exitValue() + ":\n" + ReadmeSteps.tail(log));
            }
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            if (text.contains("Exception while loading the app") || text.contains("ConfigurationException")
                    || java.util.regex.Pattern.compile("Boot Command \\S+ failed").matcher(text).find()) {
                throw new AssertionError("Jeton was not deployed:\n" + ReadmeSteps.tail(log));
            }
            try {
                // Jeton's own document: Payara's /health answers before the WAR is deployed
                if (get("/.well-known/oauth-authorization-server").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Jeton did not get ready within " + timeout.toSeconds() + " s:\n" + ReadmeSteps.tail(log));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        if (broker != null) {
            broker.stop();
            broker.waitUntilStopped();
        }
        if (database != null) {
            try (var c = DriverManager.getConnection(PG_ADMIN_URL); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + database + " with (force)");
            }
        }
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    @Test
    void clientCredentialsTokenAndItsAuditEventOnTheExternalBroker() throws Exception {
        String secret = Files.readString(data.resolve("secrets/demo-client-secret")).strip();
        try (AuditQueue queue = new AuditQueue(brokerPort)) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/oauth/token"))
                    .header("Content-Type", Http.FORM).header("Authorization", Http.basic("demo-service", secret))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=api.read")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            String jti = SignedJWT.parse(json(response).getString("access_token")).getJWTClaimsSet().getJWTID();
            JsonObject event = queue.await(e -> jti.equals(e.getString("jti", null))).body();
            assertEquals("token_issued", event.getString("event"));
            assertEquals("demo-service", event.getString("client_id"));
        }
        // the grant's rows went to the PostgreSQL database the README's datasource names
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres");
             var tables = c.getMetaData().getTables(null, "public", "%", new String[]{"TABLE"})) {
            assertTrue(tables.next(), "Jeton's tables are in " + database);
        }
    }

    @Test
    void openApiAndReadiness() throws Exception {
        HttpResponse<String> openapi = get("/openapi");
        assertEquals(200, openapi.statusCode());
        assertTrue(openapi.body().contains("/oauth/token"));
        HttpResponse<String> ready = get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", json(ready).getString("status"));
    }

    @Test
    void theReadmesEmbeddedBrokerAndH2BlockJoinsTheFileTheArquillianItsBootWith() throws Exception {
        Path joined = data.resolve("embedded-h2");
        Files.createDirectories(joined);
        Map<String, String> env = new HashMap<>(settings);
        env.put("JETON_DIR", joined.toString());
        readme.run(List.of("micro-embedded-h2"), env, joined.resolve("steps.log"), 60);
        assertEquals(Files.readString(Path.of("target/payara/postboot-embedded-broker-h2.asadmin")),
                Files.readString(joined.resolve("postboot.asadmin")));
    }
}
