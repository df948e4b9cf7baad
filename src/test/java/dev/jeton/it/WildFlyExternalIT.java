package dev.jeton.it;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.jeton.it.Http.form;
import static dev.jeton.it.Http.json;
import static dev.jeton.it.Http.postForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The other variant of server-config/wildfly/README.md: WildFly 39 prepared by {@code jeton.cli} with
 * {@code -Djeton.database=postgresql -Djeton.postgresql.jar=... -Djeton.broker=external}, the database and
 * broker given by the environment at server start (JETON_DB_*, JETON_BROKER_*), exactly as the README says.
 * {@link WildFlyIT} covers the defaults (H2, the embedded broker).
 *
 * <p>The external broker is an ActiveMQ Artemis broker (the version WildFly ships) in this test's JVM,
 * configured as the README asks an operator's broker to be: the anycast queue {@code jeton.audit} on the
 * address {@code jeton.audit}, authentication on (one user, the one in JETON_BROKER_USER), and no
 * auto-created addresses or queues, so a wrong queue name or prefix in jeton.cli fails the audit relay
 * here instead of filling a queue nobody reads. PostgreSQL is the machine's (127.0.0.1:5432, trust
 * authentication, as for PostgreSqlIT); the test makes a fresh database and drops it. Without PostgreSQL
 * the class is skipped, saying so; under CI ({@code CI} set) it fails instead.
 *
 * <p>One WildFly start, on ports moved by {@code jeton.it.wildfly.external.port-offset}; runs in the
 * {@code wildfly} failsafe execution next to WildFlyIT.
 */
class WildFlyExternalIT {

    static final String BASIC_ID = WildFlyIT.BASIC_ID;
    static final String BASIC_SECRET = WildFlyIT.BASIC_SECRET;
    static final String BROKER_USER = "jeton-relay";
    static final String BROKER_PASSWORD = "broker-password-for-the-wildfly-it";
    static final String DB_PASSWORD = WildFlyServer.DB_PASSWORD;

    private static EmbeddedActiveMQ broker;
    private static int brokerPort;
    private static String database;
    private static Path baseDir;
    private static WildFlyServer server;
    private static String previousPort;

    @BeforeAll
    static void start() throws Exception {
        String home = System.getProperty("jeton.it.wildfly.home");
        assumeTrue(home != null, "WildFlyExternalIT runs in the wildfly failsafe execution (mvn verify)");
        // -Dit.test=SomeOtherIT: a focused run of other classes starts no WildFly
        assumeTrue(WildFlyServer.selected(WildFlyExternalIT.class), "not selected by -Dit.test="
                + System.getProperty("jeton.it.selected"));
        MachinePostgres.requireFor(WildFlyExternalIT.class);

        database = "jeton_wf_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var c = DriverManager.getConnection(ResilienceIT.PG_ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        baseDir = Path.of(System.getProperty("jeton.it.wildfly.external.base", "target/wildfly-external-it"))
                .toAbsolutePath();
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            brokerPort = probe.getLocalPort();
        }
        broker = ArtemisBrokers.start(baseDir.resolveSibling(baseDir.getFileName() + "-broker"), brokerPort,
                BROKER_USER, BROKER_PASSWORD);

        int offset = Integer.parseInt(System.getProperty("jeton.it.wildfly.external.port-offset", "22000"));
        Path testClasses = Path.of(System.getProperty("jeton.it.test-classes", "target/test-classes"));
        // server-config/wildfly/README.md, step 2, and jeton.cli's variants: what the server reads at start
        Map<String, String> env = WildFlyServer.postgresqlAndExternalBrokerEnvironment(database, brokerPort,
                BROKER_USER, BROKER_PASSWORD);
        env.put("JETON_PROFILE", "dev");
        env.put("JETON_ISSUER", "http://localhost:" + (8080 + offset));
        env.put("JETON_CLIENTS_FILE", testClasses.resolve("it-clients.json").toString());
        env.put("JETON_SCOPES_ALLOWED", "openid,profile,email,offline_access,api.read,api.write,admin,jeton.admin,"
                + "jeton.introspect,jeton.register");
        env.put("JETON_TOKEN_EXCHANGE_TRUSTED_ISSUERS_FILE", testClasses.resolve("it-trusted-issuers.json").toString());
        server = WildFlyServer.start(Path.of(home), baseDir, offset,
                Path.of(System.getProperty("jeton.war", "target/jeton.war")),
                Path.of(System.getProperty("jeton.server.config.dir", "server-config"), "wildfly", "jeton.cli"),
                WildFlyServer.postgresqlAndExternalBroker(),
                null, env);
        previousPort = System.setProperty("jeton.it.http.port", String.valueOf(server.base().getPort()));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (previousPort != null) {
                System.setProperty("jeton.it.http.port", previousPort);
            }
            if (broker != null) {
                broker.stop();
            }
            if (database != null) {
                try (var c = DriverManager.getConnection(ResilienceIT.PG_ADMIN_URL); Statement s = c.createStatement()) {
                    s.execute("drop database if exists " + database + " with (force)");
                }
            }
        }
    }

    @Test
    void clientCredentialsTokenAndItsAuditEventOnTheExternalBrokersQueue() throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
        try (factory; Connection connection = factory.createConnection(BROKER_USER, BROKER_PASSWORD)) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("jeton.audit"));

            HttpResponse<String> response = postForm("/oauth/token", form(Map.of("grant_type", "client_credentials",
                    "scope", "api.read")), "Authorization", Http.basic(BASIC_ID, BASIC_SECRET));
            assertEquals(200, response.statusCode(), response.body());
            JWTClaimsSet claims = SignedJWT.parse(json(response).getString("access_token")).getJWTClaimsSet();
            assertEquals(server.base().toString(), claims.getIssuer());
            String jti = claims.getJWTID();

            // the outbox relay sends every 5 s (jeton.audit.relay-interval-seconds)
            JsonObject event = null;
            long deadline = System.currentTimeMillis() + 30_000;
            while (event == null && System.currentTimeMillis() < deadline) {
                Message message = consumer.receive(500);
                if (message instanceof TextMessage text) {
                    JsonObject body = Json.createReader(new StringReader(text.getText())).readObject();
                    if (jti.equals(body.getString("jti", null))) {
                        event = body;
                    }
                }
            }
            assertTrue(event != null, "no token_issued event for " + jti + " on the external broker's jeton.audit "
                    + "within 30 s; see " + server.log());
            assertEquals("token_issued", event.getString("event"));
            assertEquals(BASIC_ID, event.getString("client_id"));
            assertEquals("client_credentials", event.getString("grant_type"));
        }
        // WildFly's own naming (jms.queue.jeton.audit, the Artemis 1.x prefix) did not reach this broker
        assertNull(broker.getActiveMQServer().getAddressInfo(SimpleString.of("jms.queue.jeton.audit")));
    }

    @Test
    void jetonsTablesAreInThePostgreSqlDatabase() throws Exception {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres");
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("select count(*), bool_and(success) from flyway_schema_history")) {
            assertTrue(rows.next());
            assertTrue(rows.getInt(1) > 0, "Flyway's migrations ran in " + database);
            assertTrue(rows.getBoolean(2), "every migration succeeded");
        }
        // and not in an H2 file next to the server (the default variant's place)
        assertFalse(Files.exists(baseDir.resolve("data/jeton/h2.mv.db")), "no H2 database was made");
    }

    @Test
    void readinessIsUpWithJetonsChecks() throws Exception {
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        server.management().resolve("/health/ready")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode(), ready.body());
        JsonObject health = json(ready);
        assertEquals("UP", health.getString("status"), ready.body());
        List<String> checks = health.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> "UP".equals(c.getString("status"))).map(c -> c.getString("name")).toList();
        assertTrue(checks.containsAll(List.of("jeton-database", "jeton-keystore", "jeton-audit-outbox")),
                checks.toString());
    }

    @Test
    void theSecretsStayEnvironmentReferencesInTheServerConfiguration() throws Exception {
        String config = Files.readString(baseDir.resolve("configuration/standalone-full.xml"));
        assertTrue(config.contains("${env.JETON_DB_PASSWORD}"), "the datasource's password");
        assertTrue(config.contains("${env.JETON_BROKER_PASSWORD"), "the connection factory's password");
        assertFalse(config.contains(DB_PASSWORD) || config.contains(BROKER_PASSWORD), "no password in the file");
    }
}
