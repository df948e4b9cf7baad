package dev.jeton.it;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.broker.BrokerService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults, on a Payara Micro this class starts and stops itself (not Arquillian: the server must
 * be restarted in the middle of a test), with the external-broker post-boot file of
 * {@code server-config/payara/} and the PostgreSQL datasource of the same place:
 * <ul>
 *   <li>the broker is an ActiveMQ {@link BrokerService} in this JVM with a persistent store in
 *       {@code target/}, which the test stops and starts;</li>
 *   <li>the database is the machine's PostgreSQL (127.0.0.1:5432, database {@code test}, trust
 *       authentication; a fresh database per run) behind a {@link TcpProxy} the test cuts off,
 *       reopens, or lets break a connection in the middle of a transaction.</li>
 * </ul>
 * Without PostgreSQL the class is skipped, saying so; under CI ({@code CI} set, where
 * {@code .ci/run} starts PostgreSQL) it fails instead.
 */
class ResilienceIT {

    static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    static final String BASIC = "it-basic";
    static final String BASIC_SECRET = "it-basic-client-secret-of-at-least-32-chars";
    static final String POST = "it-post";
    static final String POST_SECRET = "it-post-client-secret-of-at-least-32-chars";
    static final String WEB = "it-web";
    static final String WEB_REDIRECT = "https://client.example.org/cb";
    static final String SPA = "it-spa";
    static final String SPA_REDIRECT = "http://127.0.0.1:9876/callback";

    static Path work;
    static String database;
    static TcpProxy db;
    static int brokerPort;
    static BrokerService broker;
    static int httpPort;
    static PayaraMicroProcess server;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        MachinePostgres.requireFor(ResilienceIT.class);
        work = Path.of(System.getProperty("jeton.it.work.dir", "target/resilience-it")).toAbsolutePath();
        PayaraMicroProcess.deleteTree(work);
        Files.createDirectories(work);

        database = "jeton_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var c = DriverManager.getConnection(PG_ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        db = new TcpProxy(TcpProxy.freePort(), new InetSocketAddress("127.0.0.1", 5432));
        db.open();
        brokerPort = TcpProxy.freePort();
        startBroker();
        httpPort = TcpProxy.freePort();
        writePostboot();
        server = startServer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.stop();
            broker.waitUntilStopped();
        }
        if (db != null) {
            db.close();
        }
        if (database != null) {
            try (var c = DriverManager.getConnection(PG_ADMIN_URL); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + database + " with (force)");
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Audit events: never lost, delivered once the broker is back, in order per grant

    @Test
    void auditEventsOfABrokerOutageAndAServerRestartAllArriveOnceInOrder() throws Exception {
        // the path works with the broker up
        String before = clientCredentials(BASIC, BASIC_SECRET, true);
        try (Queue queue = new Queue(brokerPort)) {
            queue.readUntil(m -> m.values().stream().anyMatch(e -> before.equals(e.getString("jti", null))),
                    Duration.ofSeconds(30));
        }

        stopBroker();
        // what happens while the broker is away: every request is answered, every event kept
        List<Expected> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            boolean basic = i % 2 == 0;
            String jti = basic ? clientCredentials(BASIC, BASIC_SECRET, true)
                    : clientCredentials(POST, POST_SECRET, false);
            expected.add(Expected.issued(jti));
        }
        for (int i = 0; i < 2; i++) {
            String ghost = "ghost-" + UUID.randomUUID();
            HttpResponse<String> denied = post(form(Map.of("grant_type", "client_credentials", "client_id", ghost,
                    "client_secret", "not-a-secret-of-anyone")));
            assertEquals(401, denied.statusCode(), denied.body());
            expected.add(Expected.denied(ghost));
        }
        // one grant's story, whose order must survive: code, then two rotations
        Pkce pkce = Pkce.create();
        String code = authorize(WEB, WEB_REDIRECT, "openid offline_access", pkce);
        JsonObject redeemed = json(post(form(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", WEB_REDIRECT, "code_verifier", pkce.verifier())), "Authorization",
                basic(WEB, POST_SECRET)), 200);
        List<String> story = new ArrayList<>();
        story.add(jti(redeemed));
        String refresh = redeemed.getString("refresh_token");
        for (int i = 0; i < 2; i++) {
            JsonObject rotated = json(post(form(Map.of("grant_type", "refresh_token", "refresh_token", refresh)),
                    "Authorization", basic(WEB, POST_SECRET)), 200);
            story.add("rotated");
            story.add(jti(rotated));
            refresh = rotated.getString("refresh_token");
        }
        int storyEvents = story.size();
        assertTrue(outboxRows() >= expected.size() + storyEvents, "the events wait in the database's outbox");

        // Jeton restarts while the broker is still away, then the broker comes back
        server.close();
        server = startServer();
        assertTrue(outboxRows() >= expected.size() + storyEvents, "a restart loses nothing");
        startBroker();

        try (Queue queue = new Queue(brokerPort)) {
            Set<String> wanted = expected.stream().map(Expected::key).collect(Collectors.toSet());
            wanted.addAll(story.stream().filter(s -> !"rotated".equals(s)).map(j -> "jti:" + j).toList());
            queue.readUntil(m -> m.values().stream().map(ResilienceIT::key).collect(Collectors.toSet())
                    .containsAll(wanted), Duration.ofSeconds(60));
            // a little longer, so that a late duplicate would be seen too
            Map<String, JsonObject> byId = queue.readUntil(m -> false, Duration.ofSeconds(3));

            for (Expected e : expected) {
                long copies = byId.values().stream().filter(m -> e.key().equals(key(m))).count();
                assertEquals(1, copies, "exactly one event (after deduplication by event_id) for " + e.key());
            }
            // per-grant order: the code's token_issued, then (refresh_rotated, token_issued) twice
            List<String> seen = byId.values().stream().filter(m -> WEB.equals(m.getString("client_id", null)))
                    .map(m -> "refresh_rotated".equals(m.getString("event")) ? "rotated" : m.getString("jti", ""))
                    .filter(s -> story.contains(s))
                    .toList();
            assertEquals(story, seen, "the grant's events arrive in the order they happened");
            System.out.printf("ResilienceIT: %d messages received, %d distinct event ids, %d expected%n",
                    queue.messages, byId.size(), expected.size() + storyEvents);
        }
        assertEquals(0, outboxRows(), "the outbox is empty once the broker took everything");
    }

    // ---------------------------------------------------------------------------------------
    // Database faults: plain server_error, no half-written grant, service resumes by itself

    @Test
    void aDatabaseFailingMidTransactionLeavesNoHalfWrittenGrant() throws Exception {
        Pkce pkce = Pkce.create();
        String code = authorize(SPA, SPA_REDIRECT, "openid offline_access", pkce);
        String refresh = json(post(form(Map.of("grant_type", "authorization_code", "code", code, "client_id", SPA,
                "redirect_uri", SPA_REDIRECT, "code_verifier", pkce.verifier()))), 200).getString("refresh_token");

        // the rotation has spent the token and stored its successor when the connection dies on
        // the audit event's insert, before the commit
        db.breakConnectionsCarrying("insert into jeton_audit_outbox", 1);
        HttpResponse<String> failed = post(form(Map.of("grant_type", "refresh_token", "client_id", SPA,
                "refresh_token", refresh)));
        assertEquals(0, db.breaksLeft(), "the connection was broken inside the transaction");
        assertPlainServerError(failed);

        // nothing of it was kept: the token is not spent, so using it is no reuse
        HttpResponse<String> retried = post(form(Map.of("grant_type", "refresh_token", "client_id", SPA,
                "refresh_token", refresh)));
        assertEquals(200, retried.statusCode(), "the failed rotation left nothing behind: " + retried.body());

        // One broken connection must not poison the pool: every connection the pool hands out next works.
        // (With Payara's fail-all-connections the errored connection went back to the pool still marked
        // invalid, and a later request, often a sign-in, got "Managed Connection is not valid" as a 500.)
        assertNotNull(authorize(SPA, SPA_REDIRECT, "openid", Pkce.create()), "a sign-in right after the fault");
        for (int round = 0; round < 3; round++) {
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                burst.add(HTTP.sendAsync(HttpRequest.newBuilder(base().resolve("/oauth/token"))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", Http.FORM)
                        .header("Authorization", basic(BASIC, BASIC_SECRET))
                        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "client_credentials"))))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (var pending : burst) {
                HttpResponse<String> r = pending.get();
                assertEquals(200, r.statusCode(), "every pooled connection works after the fault: " + r.body());
            }
        }
    }

    @Test
    void whileTheDatabaseIsAwayRequestsGetAPlainServerErrorAndServiceResumesByItself() throws Exception {
        Pkce pkce = Pkce.create();
        String code = authorize(SPA, SPA_REDIRECT, "openid offline_access", pkce);
        String refresh = json(post(form(Map.of("grant_type", "authorization_code", "code", code, "client_id", SPA,
                "redirect_uri", SPA_REDIRECT, "code_verifier", pkce.verifier()))), 200).getString("refresh_token");

        db.cutOff();
        try {
            for (int i = 0; i < 3; i++) {
                assertPlainServerError(post(form(Map.of("grant_type", "client_credentials")), "Authorization",
                        basic(BASIC, BASIC_SECRET)));
                assertPlainServerError(post(form(Map.of("grant_type", "refresh_token", "client_id", SPA,
                        "refresh_token", refresh))));
            }
        } finally {
            db.open();
        }
        // no restart, no operator: the pool validates its connections and replaces the dead ones
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> answer;
        do {
            Thread.sleep(500);
            answer = post(form(Map.of("grant_type", "client_credentials")), "Authorization", basic(BASIC, BASIC_SECRET));
        } while (answer.statusCode() != 200 && System.nanoTime() < deadline);
        assertEquals(200, answer.statusCode(), "service resumed: " + answer.body());
        HttpResponse<String> rotated = post(form(Map.of("grant_type", "refresh_token", "client_id", SPA,
                "refresh_token", refresh)));
        assertEquals(200, rotated.statusCode(), "the outage spent nothing: " + rotated.body());
    }

    private static void assertPlainServerError(HttpResponse<String> response) {
        assertEquals(500, response.statusCode(), response.body());
        JsonObject body = Json.createReader(new StringReader(response.body())).readObject();
        assertEquals("server_error", body.getString("error"));
        assertEquals(Set.of("error", "error_description"), body.keySet(), response.body());
        String description = body.getString("error_description");
        for (String detail : List.of("Exception", "java.", "SQL", "jdbc", "at ", "org.", "jakarta.")) {
            assertFalse(description.contains(detail), "no internal detail: " + description);
        }
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
    }

    // ---------------------------------------------------------------------------------------
    // the parts


    private static long outboxRows() throws SQLException {
        try (var c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres");
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("select count(*) from jeton_audit_outbox")) {
            r.next();
            return r.getLong(1);
        }
    }

    static void startBroker() throws Exception {
        broker = Brokers.start("resilience-it", work.resolve("broker"), brokerPort);
    }

    static void stopBroker() throws Exception {
        broker.stop();
        broker.waitUntilStopped();
        broker = null;
    }

    /**
     * The operator's command files: the external broker and the PostgreSQL datasource (pointed at the
     * proxy through the system properties in startServer).
     */
    private static void writePostboot() throws IOException {
        PayaraMicroProcess.postboot(work.resolve("postboot.asadmin"),
                // statement texts on every execution, so that the proxy can see which statement it cuts
                text -> text.replace(":password=", ":prepareThreshold=0:password="),
                "resource-adapter-external-broker.asadmin", "resource-adapter-deploy.asadmin",
                "jms-resources.asadmin", "datasource-postgresql.asadmin");
    }

    private static PayaraMicroProcess startServer() throws IOException, InterruptedException {
        List<String> jvm = new ArrayList<>(jvmOptions(httpPort, work));
        // the command files' placeholders
        jvm.addAll(List.of("-Djeton.broker.host=127.0.0.1", "-Djeton.broker.port=" + brokerPort,
                "-Djeton.broker.user=jeton", "-Djeton.resource-adapter.dir=" + PayaraMicroProcess.runtimeDir(),
                "-Djeton.db.host=127.0.0.1", "-Djeton.db.port=" + db.port(), "-Djeton.db.name=" + database,
                "-Djeton.db.user=postgres"));
        List<String> micro = List.of("--postbootcommandfile", work.resolve("postboot.asadmin").toString(),
                "--addlibs", Path.of(System.getProperty("jeton.runtime.dir", "target/runtime"), "postgresql.jar")
                        .toString());
        return PayaraMicroProcess.start(httpPort, work.resolve("payara"), work.resolve("server.log"), jvm, micro,
                // trust authentication, and a broker without authentication: neither password is checked
                Map.of("JETON_DB_PASSWORD", "unused-with-trust-authentication", "JETON_BROKER_PASSWORD", "unused"));
    }

    /** The JVM options of a server this class (or CrashIT) starts: the IT clients, user alice, strict rotation. */
    static List<String> jvmOptions(int httpPort, Path work) {
        return List.of("-Xmx512m",
                "-Dhibernate.transaction.jta.platform=" + System.getProperty("jeton.jta.platform"),
                "-Djeton.profile=dev",
                "-Djeton.issuer=http://localhost:" + httpPort,
                "-Djeton.keystore.path=" + work.resolve("keystore.bcfks"),
                "-Djeton.clients.file=" + Path.of("target/test-classes/it-clients.json").toAbsolutePath(),
                "-Djeton.scopes.allowed=openid,profile,email,offline_access,api.read,api.write,admin,jeton.admin,jeton.introspect,jeton.register",
                "-Djeton.dev.demo-user=alice",
                "-Djeton.users.pbkdf2-iterations=20000",
                "-Djeton.refresh-token.reuse-grace-seconds=0",
                "-Djeton.audit.relay-interval-seconds=1");
    }

    // HTTP

    private static URI base() {
        return URI.create("http://localhost:" + httpPort);
    }

    private static HttpResponse<String> post(String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base().resolve("/oauth/token")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", Http.FORM).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> parameters) {
        return Http.form(parameters);
    }

    private static String basic(String id, String secret) {
        return Http.basic(id, secret);
    }

    private static JsonObject json(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    /** A client_credentials token; returns its jti. */
    private static String clientCredentials(String id, String secret, boolean basic) throws Exception {
        HttpResponse<String> r = basic
                ? post(form(Map.of("grant_type", "client_credentials")), "Authorization", basic(id, secret))
                : post(form(Map.of("grant_type", "client_credentials", "client_id", id, "client_secret", secret)));
        return jti(json(r, 200));
    }

    private static String jti(JsonObject tokenResponse) {
        String payload = tokenResponse.getString("access_token").split("\\.")[1];
        return Json.createReader(new StringReader(new String(Base64.getUrlDecoder().decode(payload),
                StandardCharsets.UTF_8))).readObject().getString("jti");
    }

    private static String authorize(String clientId, String redirectUri, String scope, Pkce pkce) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("scope", scope);
        query.put("state", UUID.randomUUID().toString());
        query.put("nonce", UUID.randomUUID().toString());
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        URI redirect = new UserAgent(base()).authorize(form(query), "alice", "alice-password-for-tests");
        return UserAgent.parameter(redirect, "code");
    }

    // the queue

    /** What an expected event is known by: the token's jti, or the unknown client id a denial claimed. */
    record Expected(String key) {
        static Expected issued(String jti) {
            return new Expected("jti:" + jti);
        }

        static Expected denied(String clientId) {
            return new Expected("denied:" + clientId);
        }
    }

    private static String key(JsonObject event) {
        if (event.containsKey("jti")) {
            return "jti:" + event.getString("jti");
        }
        if ("token_denied".equals(event.getString("event")) && event.containsKey("client_id")) {
            return "denied:" + event.getString("client_id");
        }
        return "other:" + event.getString("event_id");
    }

    /**
     * A consumer of jeton.audit on the broker at 127.0.0.1:{@code port} that deduplicates by the
     * event_id message property, as a consumer should (also used by CrashIT).
     */
    static final class Queue implements AutoCloseable {
        private final Connection connection;
        private final MessageConsumer consumer;
        private final Map<String, JsonObject> byId = new LinkedHashMap<>();
        private final Map<String, String> bodies = new HashMap<>();
        /** Each event's order key, the message property {@code seq} (the outbox's sequence). */
        private final Map<String, Long> sequences = new HashMap<>();
        int messages;

        Queue(int port) throws JMSException {
            this(new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port).createConnection());
        }

        /** The queue over a connection (not started yet) of any JMS client: an Artemis broker's, for WildFly. */
        Queue(Connection connection) throws JMSException {
            this.connection = connection;
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            consumer = session.createConsumer(session.createQueue("jeton.audit"));
        }

        /** Reads until {@code done} holds for what was received (deduplicated, in arrival order) or time is up. */
        Map<String, JsonObject> readUntil(java.util.function.Predicate<Map<String, JsonObject>> done,
                                          Duration timeout) throws JMSException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(byId) && System.nanoTime() < deadline) {
                Message m = consumer.receive(250);
                if (m instanceof TextMessage text) {
                    messages++;
                    String id = text.getStringProperty("event_id");
                    JsonObject body = Json.createReader(new StringReader(text.getText())).readObject();
                    assertEquals(id, body.getString("event_id"), "the message property and the body agree");
                    String earlier = bodies.putIfAbsent(id, text.getText());
                    Long seq = text.propertyExists("seq") ? text.getLongProperty("seq") : null;
                    if (earlier == null) {
                        byId.put(id, body);
                        sequences.put(id, seq);
                    } else {
                        assertEquals(earlier, text.getText(), "a redelivery is the same event");
                        assertEquals(sequences.get(id), seq, "a redelivery has the same order key");
                    }
                }
            }
            return new LinkedHashMap<>(byId);
        }

        /** The order key ({@code seq} property) of a received event, or null when it had none. */
        Long sequence(String eventId) {
            return sequences.get(eventId);
        }

        @Override
        public void close() throws JMSException {
            connection.close();
        }
    }
}
