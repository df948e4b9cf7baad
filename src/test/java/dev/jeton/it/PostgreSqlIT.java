package dev.jeton.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jeton on PostgreSQL as an operator sets it up: Payara Micro started by this class (one start)
 * with the operator's files of {@code server-config/payara/} (the embedded-broker post-boot commands,
 * their H2 datasource replaced by {@code datasource-postgresql.asadmin}) and the JDBC driver added
 * with {@code --addlibs}, on a database of the machine's PostgreSQL (127.0.0.1:5432, trust
 * authentication) that the class creates empty and drops after. The schema is made by the
 * migrations at deployment; then the main paths run on it.
 *
 * <p>Without PostgreSQL the class is skipped, saying so; under CI ({@code CI} set, where
 * {@code .ci/run} starts PostgreSQL) it fails instead.
 */
class PostgreSqlIT {

    static final String BASIC = "it-basic";
    static final String BASIC_SECRET = "it-basic-client-secret-of-at-least-32-chars";
    static final String SPA = "it-spa";
    static final String SPA_REDIRECT = "http://127.0.0.1:9876/callback";

    static Path work;
    static String database;
    static int brokerPort;
    static int httpPort;
    static PayaraMicroProcess server;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        MachinePostgres.requireFor(PostgreSqlIT.class);
        work = Path.of(System.getProperty("jeton.it.work.dir", "target/resilience-it")).resolveSibling("postgresql-it")
                .toAbsolutePath();
        PayaraMicroProcess.deleteTree(work);
        Files.createDirectories(work);
        database = "jeton_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(ResilienceIT.PG_ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        brokerPort = TcpProxy.freePort();
        httpPort = TcpProxy.freePort();
        writePostboot();
        server = PayaraMicroProcess.start(httpPort, work.resolve("payara"), work.resolve("server.log"),
                jvmOptions(),
                List.of("--postbootcommandfile", work.resolve("postboot.asadmin").toString(),
                        "--addlibs", Path.of(System.getProperty("jeton.runtime.dir", "target/runtime"), "postgresql.jar")
                                .toString()),
                Map.of("JETON_DB_PASSWORD", "unused-with-trust-authentication"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (database != null) {
            try (Connection c = DriverManager.getConnection(ResilienceIT.PG_ADMIN_URL);
                 Statement s = c.createStatement()) {
                s.execute("drop database if exists " + database + " with (force)");
            }
        }
    }

    // ---------------------------------------------------------------------------------------

    @Test
    void theSchemaWasMadeByTheMigrationsAtDeployment() throws Exception {
        List<String> expected = new ArrayList<>();
        // the version of each listed script (V<n>__...), which need not be consecutive (SchemaMigrationsTest)
        for (String script : dev.jeton.persistence.migration.SchemaMigrations.SCRIPTS) {
            expected.add(script.substring(1, script.indexOf("__")) + " SQL true");
        }
        assertEquals(expected, rows("select version || ' ' || type || ' ' || success"
                + " from flyway_schema_history where version is not null order by installed_rank"));
        Set<String> indexes = new TreeSet<>(rows("select indexname from pg_indexes where schemaname = 'public'"));
        for (String index : List.of("jeton_refresh_token_expires", "jeton_access_token_expires",
                "jeton_device_authorization_expires", "jeton_token_family_expiry", "jeton_token_family_client")) {
            assertTrue(indexes.contains(index), index + " in " + indexes);
        }
    }

    @Test
    void clientCredentialsTokenAndItsAuditEventOnTheQueue() throws Exception {
        JsonObject token = json(post("/oauth/token", Http.form(Map.of("grant_type", "client_credentials")),
                "Authorization", Http.basic(BASIC, BASIC_SECRET)), 200);
        String jti = claims(token.getString("access_token")).getString("jti");
        try (ResilienceIT.Queue queue = new ResilienceIT.Queue(brokerPort)) {
            Map<String, JsonObject> events = queue.readUntil(m -> m.values().stream()
                    .anyMatch(e -> jti.equals(e.getString("jti", null))), Duration.ofSeconds(30));
            JsonObject event = events.values().stream().filter(e -> jti.equals(e.getString("jti", null)))
                    .findFirst().orElseThrow(() -> new AssertionError("no audit event for " + jti + ": " + events));
            assertEquals(BASIC, event.getString("client_id"));
        }
        // the event went through the outbox table, which the relay empties once the broker has it
        String left = "";
        for (int i = 0; i < 40 && !"0".equals(left); i++) {
            left = rows("select count(*) from jeton_audit_outbox where payload like '%" + jti + "%'").get(0);
            Thread.sleep(250);
        }
        assertEquals("0", left);
    }

    @Test
    void authorizationCodeWithPkceAndSignInThenRefresh() throws Exception {
        Pkce pkce = Pkce.create();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", SPA);
        query.put("redirect_uri", SPA_REDIRECT);
        query.put("scope", "openid offline_access");
        query.put("state", UUID.randomUUID().toString());
        query.put("nonce", UUID.randomUUID().toString());
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        URI redirect = new UserAgent(base()).authorize(Http.form(query), "alice", "alice-password-for-tests");
        assertEquals(query.get("state"), UserAgent.parameter(redirect, "state"));
        String code = UserAgent.parameter(redirect, "code");

        JsonObject tokens = json(post("/oauth/token", Http.form(Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", SPA_REDIRECT, "client_id", SPA, "code_verifier", pkce.verifier()))), 200);
        assertTrue(tokens.containsKey("id_token"), tokens.toString());
        String refresh = tokens.getString("refresh_token");

        JsonObject refreshed = json(post("/oauth/token", Http.form(Map.of("grant_type", "refresh_token",
                "refresh_token", refresh, "client_id", SPA))), 200);
        assertNotEquals(refresh, refreshed.getString("refresh_token"), "the refresh token rotates");
        String subject = claims(tokens.getString("access_token")).getString("sub");
        assertEquals(subject, claims(refreshed.getString("access_token")).getString("sub"));
        // both refresh tokens of the grant are rows in PostgreSQL, the first one spent
        String grantRows = "select count(*) || ' ' || count(t.consumed_at) from jeton_refresh_token t"
                + " join jeton_token_family f on f.family_id = t.family_id where f.subject = '" + subject
                + "' and f.client_id = '" + SPA + "'";
        assertEquals(List.of("2 1"), rows(grantRows));

        // the code is spent: a second exchange is refused and ends the grant (RFC 6749 §4.1.2)
        JsonObject again = json(post("/oauth/token", Http.form(Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", SPA_REDIRECT, "client_id", SPA, "code_verifier", pkce.verifier()))), 400);
        assertEquals("invalid_grant", again.getString("error"));
        JsonObject revoked = json(post("/oauth/token", Http.form(Map.of("grant_type", "refresh_token",
                "refresh_token", refreshed.getString("refresh_token"), "client_id", SPA))), 400);
        assertEquals("invalid_grant", revoked.getString("error"));
        assertEquals(List.of("2 2"), rows(grantRows));
    }

    /**
     * Issue #18 on PostgreSQL: a session whose idle lifetime ran out is ended by the expiry sweep like a logout (a
     * logout token to the client's back-channel receiver, the third-party client's refresh token revoked, its
     * access token inactive, session_ended with reason expired), and once it ended longer ago than the retention
     * (7 days by default) the purge deletes it with its client rows. The test moves the clock of the rows, not the
     * server's: the sweep and the purge run every second here.
     */
    @Test
    void anExpiredSessionEndsLikeALogoutAndIsPurgedAfterTheRetention() throws Exception {
        try (BackchannelReceiver receiver = new BackchannelReceiver(LogoutSteps.A_PORT);
             ResilienceIT.Queue queue = new ResilienceIT.Queue(brokerPort)) {
            Pkce pkce = Pkce.create();
            URI redirect = new UserAgent(base()).authorize(Http.form(LogoutSteps.authorizationQuery(LogoutSteps.A,
                    LogoutSteps.A_REDIRECT, pkce)), "alice", "alice-password-for-tests");
            String asA = Http.basic(LogoutSteps.A, ResilienceIT.POST_SECRET);
            JsonObject tokens = json(post("/oauth/token", Http.form(Map.of("grant_type", "authorization_code",
                    "code", UserAgent.parameter(redirect, "code"), "redirect_uri", LogoutSteps.A_REDIRECT,
                    "code_verifier", pkce.verifier())), "Authorization", asA), 200);
            String sid = claims(tokens.getString("id_token")).getString("sid");
            String session = " from jeton_session where sid = '" + sid + "'";
            assertEquals(List.of("1"), rows("select count(*) from jeton_session_client where sid = '" + sid + "'"));

            execute("update jeton_session set idle_expires_at = now() - interval '1 second'"
                    + " where sid = '" + sid + "'");
            LogoutSteps.deliveryFor(receiver, LogoutSteps.A, sid, Duration.ofSeconds(20), base());
            assertEquals(List.of("EXPIRED"), rows("select ended_reason" + session));
            JsonObject refused = json(post("/oauth/token", Http.form(Map.of("grant_type", "refresh_token",
                    "refresh_token", tokens.getString("refresh_token"))), "Authorization", asA), 400);
            assertEquals("invalid_grant", refused.getString("error"), "a third party's refresh token goes with it");
            assertFalse(json(post("/oauth/introspect", Http.form(Map.of("token", tokens.getString("access_token"))),
                    "Authorization", asA), 200).getBoolean("active"));
            Map<String, JsonObject> events = queue.readUntil(m -> m.values().stream().anyMatch(e ->
                    "session_ended".equals(e.getString("event")) && sid.equals(e.getString("sid", null))),
                    Duration.ofSeconds(30));
            assertTrue(events.values().stream().anyMatch(e -> "session_ended".equals(e.getString("event"))
                    && sid.equals(e.getString("sid", null)) && "expired".equals(e.getString("reason", null))),
                    events.toString());

            execute("update jeton_session set ended_at = now() - interval '8 days' where sid = '" + sid + "'");
            String left = "";
            for (int i = 0; i < 40 && !"0 0".equals(left); i++) {
                Thread.sleep(250);
                left = rows("select count(*)" + session).get(0) + " "
                        + rows("select count(*) from jeton_session_client where sid = '" + sid + "'").get(0);
            }
            assertEquals("0 0", left, "the session and its client rows are purged");
        }
    }

    @Test
    void openApiDocumentAndReadiness() throws Exception {
        HttpResponse<String> openapi = get("/openapi");
        assertEquals(200, openapi.statusCode(), openapi.body());
        assertTrue(openapi.body().contains("openapi:") || openapi.body().contains("\"openapi\""), openapi.body());
        assertTrue(openapi.body().contains("/oauth/token"), "the token endpoint is documented");

        JsonObject ready = json(get("/health/ready"), 200);
        assertEquals("UP", ready.getString("status"), ready.toString());
        assertFalse(ready.getJsonArray("checks").isEmpty(), ready.toString());
    }

    // ---------------------------------------------------------------------------------------


    /**
     * The operator's command files as they are (server-config/payara: the embedded broker, the JMS
     * resources, the PostgreSQL datasource in place of H2's); their placeholders are the system
     * properties of {@link #jvmOptions}.
     */
    private static void writePostboot() throws IOException {
        Path file = PayaraMicroProcess.postboot(work.resolve("postboot.asadmin"), text -> text,
                "resource-adapter-embedded-broker.asadmin", "resource-adapter-deploy.asadmin",
                "jms-resources.asadmin", "datasource-postgresql.asadmin");
        List<String> commands = Files.readAllLines(file).stream().filter(l -> !l.startsWith("#")).toList();
        assertTrue(commands.stream().anyMatch(l -> l.contains("PGSimpleDataSource"))
                && commands.stream().noneMatch(l -> l.contains("h2")), String.join("\n", commands));
    }

    private static List<String> jvmOptions() {
        List<String> jvm = new ArrayList<>(ResilienceIT.jvmOptions(httpPort, work));
        jvm.addAll(List.of("-Djeton.broker.port=" + brokerPort, "-Djeton.broker.persistent=false",
                "-Djeton.data.dir=" + work, "-Djeton.resource-adapter.dir=" + PayaraMicroProcess.runtimeDir(),
                "-Djeton.db.host=127.0.0.1", "-Djeton.db.port=5432", "-Djeton.db.name=" + database,
                "-Djeton.db.user=postgres",
                // issue #18: the expiry sweep and the purge run every second (anExpiredSessionEndsLikeALogout...)
                "-Djeton.sessions.expiry-sweep-interval-seconds=1", "-Djeton.purge.interval-seconds=1"));
        return jvm;
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres");
             Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres");
             Statement s = c.createStatement()) {
            assertEquals(1, s.executeUpdate(sql), sql);
        }
    }

    private static URI base() {
        return URI.create("http://localhost:" + httpPort);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base().resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", Http.FORM).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static JsonObject claims(String jwt) {
        return Json.createReader(new StringReader(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                StandardCharsets.UTF_8))).readObject();
    }
}
