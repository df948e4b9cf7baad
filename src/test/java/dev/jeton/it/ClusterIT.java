package dev.jeton.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.apache.activemq.broker.BrokerService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several nodes, one database, one broker (issue #19): two, then three Payara Micro nodes with the
 * packaged WAR on the machine's PostgreSQL (a fresh database per run) and ONE external ActiveMQ broker
 * in this JVM, behind a round-robin proxy on loopback that is the issuer every client sees. No session
 * affinity anywhere. Nodes a and b start together; node c joins the running cluster (it starts while
 * the first tests run on a and b, behind the same proxy, which skips it until it listens) and the
 * later tests run on all three. The tests that must know which node serves a step talk to a node's own
 * port (the issuer, and so every URL the server makes, stays the proxy's); the load goes through the
 * proxy. What is shown across nodes:
 * <ul>
 *   <li>a code, and a refresh token, redeemed on both nodes at once: exactly one winner each;</li>
 *   <li>reuse on node B of a refresh token rotated on node A revokes the family;</li>
 *   <li>a client assertion's jti and a DPoP proof replayed on the other node are refused;</li>
 *   <li>a DPoP nonce from node A is accepted by node B (the nonce key is shared through the database);</li>
 *   <li>a sign-in started on node A completes on node B (browser state in the database, not an HTTP session);</li>
 *   <li>a node joining the running cluster uses the cluster's DPoP nonce key and browser state;</li>
 *   <li>the throttle's limit is one limit for the three nodes;</li>
 *   <li>a client narrowed through node C is held to it by A and B at once, disabled by the operator through A
 *       ({@code PUT /admin/clients/{id}/enabled}) is refused by B and C at once and accepted by A once enabled
 *       through B, and deleted through A is refused by B and C at once, each having cached it;</li>
 *   <li>key rotation: a new key is in all three nodes' JWKS before any signs with it;</li>
 *   <li>{@code kill -9} of a node under load on three nodes: every acknowledged token's audit event reaches
 *       the queue, the survivors' relays deliver what the dead node left in the outbox (the test holds every
 *       relay back for the last 3 s before the kill, so it leaves some), and each grant's events
 *       arrive in the order they happened, with increasing order keys (the message property {@code seq}: the
 *       outbox's sequence, taken from the database in the insert).</li>
 * </ul>
 * Without PostgreSQL the class is skipped, saying so; under CI it fails instead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final String PG_ADMIN_URL = MachinePostgres.ADMIN_URL;
    static final String POST_SECRET = "it-post-client-secret-of-at-least-32-chars";
    static final String BASIC_SECRET = "it-basic-client-secret-of-at-least-32-chars";
    static final String FIRST = "it-first";
    static final String FIRST_REDIRECT = "https://client.example.org/cb";
    static final String USER = "alice";
    static final String PASSWORD = "alice-password-for-tests";
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** Failed client authentications per client id and address, for the whole cluster. */
    static final int CLIENT_FAILURES = 4;

    static Path work;
    static String database;
    static BrokerService broker;
    static int brokerPort;
    static RoundRobinProxy proxy;
    static URI issuer;
    static final Node A = new Node("a");
    static final Node B = new Node("b");
    /** The node that joins the running cluster. */
    static final Node C = new Node("c");
    static final List<Node> ALL = List.of(A, B, C);
    /** Node c's start, begun once a and b are ready; the tests from {@link #joined()} on wait for it. */
    static ExecutorService joiner;
    static Future<Void> cJoins;
    static long twoReady;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** One Payara Micro process of the cluster, on a port of its own. */
    static final class Node {
        final String name;
        int port;
        volatile PayaraMicroProcess process;

        Node(String name) {
            this.name = name;
        }

        URI base() {
            return URI.create("http://localhost:" + port);
        }

        URI at(String path) {
            return base().resolve(path);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        MachinePostgres.requireFor(ClusterIT.class);
        long started = System.nanoTime();
        work = Path.of(System.getProperty("jeton.it.cluster.dir", "target/cluster-it")).toAbsolutePath();
        PayaraMicroProcess.deleteTree(work);
        Files.createDirectories(work);
        database = "jeton_cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var c = DriverManager.getConnection(PG_ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        brokerPort = TcpProxy.freePort();
        broker = Brokers.start("cluster-it", work.resolve("broker"), brokerPort);
        // one keystore file for both nodes, made before either starts (the dev profile would make one each)
        keyTool("create");
        A.port = TcpProxy.freePort();
        B.port = TcpProxy.freePort();
        C.port = TcpProxy.freePort();
        // c's port refuses connections until c has joined: the proxy passes on to the next node meanwhile
        proxy = new RoundRobinProxy(TcpProxy.freePort(), List.of(A.port, B.port, C.port));
        issuer = URI.create("http://localhost:" + proxy.port());
        PayaraMicroProcess.postboot(work.resolve("postboot.asadmin"), text -> text,
                "resource-adapter-external-broker.asadmin", "resource-adapter-deploy.asadmin",
                "jms-resources.asadmin", "datasource-postgresql.asadmin");
        Files.writeString(work.resolve("preboot.asadmin"),
                "set configs.config.server-config.hazelcast-config-specific-configuration.enabled=false\n");
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> starts = new ArrayList<>();
            for (Node node : List.of(A, B)) {
                starts.add(both.submit(() -> {
                    startNode(node);
                    return null;
                }));
            }
            for (Future<Void> f : starts) {
                f.get();
            }
        } finally {
            both.shutdownNow();
        }
        twoReady = System.nanoTime();
        System.out.printf("ClusterIT: two nodes ready in %d s%n", Duration.ofNanos(twoReady - started).toSeconds());
        joiner = Executors.newSingleThreadExecutor();
        cJoins = joiner.submit(() -> {
            startNode(C);
            System.out.printf("ClusterIT: node c joined %d s after a and b were ready%n",
                    Duration.ofNanos(System.nanoTime() - twoReady).toSeconds());
            return null;
        });
    }

    /** Waits for node c to have joined (it started in the background after a and b). */
    static void joined() throws Exception {
        long waiting = System.nanoTime();
        cJoins.get(300, java.util.concurrent.TimeUnit.SECONDS);
        long waited = Duration.ofNanos(System.nanoTime() - waiting).toSeconds();
        if (waited > 0) {
            System.out.printf("ClusterIT: waited %d s for node c%n", waited);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (joiner != null) {
            joiner.shutdown();
            joiner.awaitTermination(300, java.util.concurrent.TimeUnit.SECONDS);
        }
        // the nodes stop together: an orderly stop each, in parallel (one after the other cost 10 s and more)
        List<Thread> stopping = new ArrayList<>();
        for (Node node : ALL) {
            PayaraMicroProcess process = node.process;
            if (process != null) {
                Thread t = new Thread(() -> {
                    try {
                        process.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "stop-" + node.name);
                t.start();
                stopping.add(t);
            }
        }
        for (Thread t : stopping) {
            t.join();
        }
        if (proxy != null) {
            proxy.close();
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

    private static void startNode(Node node) throws IOException, InterruptedException {
        List<String> jvm = new ArrayList<>(List.of("-Xmx384m",
                "-Dhibernate.transaction.jta.platform=" + System.getProperty("jeton.jta.platform"),
                "-Djeton.profile=dev",
                "-Djeton.issuer=" + issuer,
                "-Djeton.keystore.path=" + work.resolve("keystore.bcfks"),
                "-Djeton.clients.file=" + Path.of("target/test-classes/it-clients.json").toAbsolutePath(),
                "-Djeton.scopes.allowed=openid,profile,email,offline_access,api.read,api.write,admin,jeton.admin,"
                        + "jeton.introspect,jeton.register",
                "-Djeton.dev.demo-user=alice",
                "-Djeton.users.pbkdf2-iterations=20000",
                "-Djeton.refresh-token.reuse-grace-seconds=0",
                "-Djeton.audit.relay-interval-seconds=1",
                "-Djeton.keys.reload-interval-seconds=1",
                "-Djeton.jwks.max-age-seconds=1",
                "-Djeton.throttle.client.max-failures=" + CLIENT_FAILURES,
                "-Djeton.broker.host=127.0.0.1", "-Djeton.broker.port=" + brokerPort, "-Djeton.broker.user=jeton",
                "-Djeton.resource-adapter.dir=" + PayaraMicroProcess.runtimeDir(),
                "-Djeton.db.host=127.0.0.1", "-Djeton.db.port=5432", "-Djeton.db.name=" + database,
                "-Djeton.db.user=postgres"));
        List<String> micro = List.of("--nohazelcast", "--prebootcommandfile", work.resolve("preboot.asadmin").toString(),
                "--postbootcommandfile", work.resolve("postboot.asadmin").toString(),
                "--addlibs", PayaraMicroProcess.runtimeDir().resolve("postgresql.jar").toString());
        node.process = PayaraMicroProcess.start(node.port, work.resolve("payara-" + node.name),
                work.resolve("server-" + node.name + ".log"), jvm, micro,
                Map.of("JETON_DB_PASSWORD", "unused-with-trust-authentication", "JETON_BROKER_PASSWORD", "unused"));
    }

    // ---------------------------------------------------------------------------------------------
    // grant state: one winner, family revocation across nodes

    @Test
    @Order(1)
    void aCodeAndARefreshTokenRedeemedOnBothNodesAtOnceHaveOneWinnerEach() throws Exception {
        Pkce pkce = Pkce.create();
        String code = code(A, A, pkce);
        String redeem = form(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", FIRST_REDIRECT,
                "code_verifier", pkce.verifier()));
        List<HttpResponse<String>> codeAnswers = atOnce(() -> token(A, redeem, basic(FIRST, POST_SECRET)),
                () -> token(B, redeem, basic(FIRST, POST_SECRET)));
        assertOneWinner(codeAnswers, "the code");

        // a family of its own: the code's loser was taken for code reuse, which revoked what the code gave
        Pkce other = Pkce.create();
        String refresh = json(token(A, form(Map.of("grant_type", "authorization_code", "code", code(A, A, other),
                "redirect_uri", FIRST_REDIRECT, "code_verifier", other.verifier())), basic(FIRST, POST_SECRET)), 200)
                .getString("refresh_token");
        String rotate = form(Map.of("grant_type", "refresh_token", "refresh_token", refresh));
        List<HttpResponse<String>> refreshAnswers = atOnce(() -> token(A, rotate, basic(FIRST, POST_SECRET)),
                () -> token(B, rotate, basic(FIRST, POST_SECRET)));
        assertOneWinner(refreshAnswers, "the refresh token");
    }

    @Test
    @Order(2)
    void reuseOnNodeBOfATokenRotatedOnNodeARevokesTheFamily() throws Exception {
        Pkce pkce = Pkce.create();
        JsonObject first = json(token(A, form(Map.of("grant_type", "authorization_code", "code", code(A, A, pkce),
                "redirect_uri", FIRST_REDIRECT, "code_verifier", pkce.verifier())), basic(FIRST, POST_SECRET)), 200);
        String spent = first.getString("refresh_token");
        JsonObject rotated = json(token(A, form(Map.of("grant_type", "refresh_token", "refresh_token", spent)),
                basic(FIRST, POST_SECRET)), 200);
        assertEquals(200, userinfo(B, rotated.getString("access_token")));

        HttpResponse<String> reuse = token(B, form(Map.of("grant_type", "refresh_token", "refresh_token", spent)),
                basic(FIRST, POST_SECRET));
        assertEquals(400, reuse.statusCode(), reuse.body());
        assertEquals("invalid_grant", json(reuse).getString("error"));

        HttpResponse<String> successor = token(A, form(Map.of("grant_type", "refresh_token",
                "refresh_token", rotated.getString("refresh_token"))), basic(FIRST, POST_SECRET));
        assertEquals(400, successor.statusCode(), "the family is revoked on node A too: " + successor.body());
        assertEquals(401, userinfo(A, rotated.getString("access_token")), "and its access tokens with it");
    }

    // ---------------------------------------------------------------------------------------------
    // replay caches, nonces, sign-in state, throttle, client changes

    @Test
    @Order(3)
    void aClientAssertionOrADpopProofReplayedOnTheOtherNodeIsRefused() throws Exception {
        RSAKey rsa = (RSAKey) key("it-pkjwt-rs.private.jwk.json");
        String assertion = sign(rsa, JWSAlgorithm.RS256, null, null, new JWTClaimsSet.Builder().issuer("it-pkjwt-rs")
                .subject("it-pkjwt-rs").audience(issuer.resolve("/oauth/token").toString())
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString()).build());
        String body = form(Map.of("grant_type", "client_credentials", "scope", "api.read",
                "client_assertion_type", JWT_BEARER, "client_assertion", assertion));
        assertEquals(200, token(A, body).statusCode());
        HttpResponse<String> replayed = token(B, body);
        assertEquals(401, replayed.statusCode(), replayed.body());
        assertEquals("invalid_client", json(replayed).getString("error"));

        ECKey dpop = new ECKeyGenerator(Curve.P_256).generate();
        String proof = proof(dpop, null);
        String basicBody = form(Map.of("grant_type", "client_credentials", "scope", "api.read"));
        HttpResponse<String> bound = token(A, basicBody, basic("it-basic", BASIC_SECRET), "DPoP", proof);
        assertEquals(200, bound.statusCode(), bound.body());
        assertEquals("DPoP", json(bound).getString("token_type"));
        HttpResponse<String> proofAgain = token(B, basicBody, basic("it-basic", BASIC_SECRET), "DPoP", proof);
        assertEquals(400, proofAgain.statusCode(), proofAgain.body());
        assertEquals("invalid_dpop_proof", json(proofAgain).getString("error"));
    }

    @Test
    @Order(4)
    void aDpopNonceFromNodeAIsAcceptedByNodeB() throws Exception {
        ECKey dpop = new ECKeyGenerator(Curve.P_256).generate();
        String body = form(Map.of("grant_type", "client_credentials", "client_id", "it-dpop-nonce",
                "client_secret", POST_SECRET, "scope", "api.read"));
        HttpResponse<String> asked = token(A, body, "DPoP", proof(dpop, null));
        assertEquals(400, asked.statusCode(), asked.body());
        assertEquals("use_dpop_nonce", json(asked).getString("error"));
        String nonce = asked.headers().firstValue("DPoP-Nonce").orElseThrow();

        HttpResponse<String> onB = token(B, body, "DPoP", proof(dpop, nonce));
        assertEquals(200, onB.statusCode(), "node B accepts node A's nonce: " + onB.body());
    }

    @Test
    @Order(5)
    void aSignInStartedOnNodeACompletesOnNodeB() throws Exception {
        Pkce pkce = Pkce.create();
        String code = code(A, B, pkce);
        HttpResponse<String> redeemed = token(A, form(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", FIRST_REDIRECT, "code_verifier", pkce.verifier())), basic(FIRST, POST_SECRET));
        assertEquals(200, redeemed.statusCode(), redeemed.body());
        assertTrue(json(redeemed).containsKey("id_token"));
    }

    // ---------------------------------------------------------------------------------------------
    // a third node joins the running cluster; from here on every check runs on three nodes

    @Test
    @Order(6)
    void aNodeJoiningTheRunningClusterSharesTheNonceKeyBrowserStateAndGrantState() throws Exception {
        joined();
        // the nonce key: node c read the one the first node stored, it did not make its own
        ECKey dpop = new ECKeyGenerator(Curve.P_256).generate();
        String body = form(Map.of("grant_type", "client_credentials", "client_id", "it-dpop-nonce",
                "client_secret", POST_SECRET, "scope", "api.read"));
        String fromA = token(A, body, "DPoP", proof(dpop, null)).headers().firstValue("DPoP-Nonce").orElseThrow();
        HttpResponse<String> onC = token(C, body, "DPoP", proof(dpop, fromA));
        assertEquals(200, onC.statusCode(), "node c accepts node a's nonce: " + onC.body());
        HttpResponse<String> askedC = token(C, body, "DPoP", proof(dpop, null));
        assertEquals("use_dpop_nonce", json(askedC, 400).getString("error"));
        String fromC = askedC.headers().firstValue("DPoP-Nonce").orElseThrow();
        HttpResponse<String> onB = token(B, body, "DPoP", proof(dpop, fromC));
        assertEquals(200, onB.statusCode(), "node b accepts node c's nonce: " + onB.body());

        // a sign-in started on the new node completes on an old one, and its code is redeemed on the third
        Pkce pkce = Pkce.create();
        String code = code(C, A, pkce);
        HttpResponse<String> redeemed = token(B, form(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", FIRST_REDIRECT, "code_verifier", pkce.verifier())), basic(FIRST, POST_SECRET));
        JsonObject tokens = json(redeemed, 200);
        assertEquals(200, userinfo(C, tokens.getString("access_token")));

        // and its refresh token presented to the three nodes at once: one winner
        String rotate = form(Map.of("grant_type", "refresh_token", "refresh_token", tokens.getString("refresh_token")));
        assertOneWinner(atOnce(() -> token(A, rotate, basic(FIRST, POST_SECRET)),
                () -> token(B, rotate, basic(FIRST, POST_SECRET)), () -> token(C, rotate, basic(FIRST, POST_SECRET))),
                "the refresh token");
    }

    @Test
    @Order(7)
    void theThrottleLimitIsOneLimitForTheCluster() throws Exception {
        joined();
        // the failures spread over the three nodes: none of them alone sees more than two of the four
        String wrong = form(Map.of("grant_type", "client_credentials"));
        for (int i = 0; i < CLIENT_FAILURES; i++) {
            Node node = ALL.get(i % ALL.size());
            HttpResponse<String> failed = token(node, wrong, basic("it-throttle", "wrong-secret-" + i));
            assertEquals(401, failed.statusCode(), "failure " + (i + 1) + " on node " + node.name);
        }
        for (Node node : ALL) {
            HttpResponse<String> locked = token(node, wrong, basic("it-throttle", "wrong-secret-again"));
            assertEquals(429, locked.statusCode(), "node " + node.name + " counts the other nodes' failures: "
                    + locked.body());
            assertEquals("slow_down", json(locked).getString("error"));
        }
    }

    @Test
    @Order(8)
    void aClientChangedOrDeletedThroughOneNodeIsHeldToItByTheOthersAtOnce() throws Exception {
        joined();
        String initial = json(token(A, form(Map.of("grant_type", "client_credentials", "scope", "jeton.register")),
                basic("it-registrar", POST_SECRET)), 200).getString("access_token");
        HttpResponse<String> registered = HTTP.send(HttpRequest.newBuilder(A.at("/oauth/register"))
                .header("Authorization", "Bearer " + initial).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_name\":\"Cluster\",\"grant_types\":"
                        + "[\"client_credentials\"],\"scope\":\"api.read api.write\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject client = json(registered, 201);
        String id = client.getString("client_id");
        String secret = client.getString("client_secret");
        String registration = client.getString("registration_access_token");
        URI manage = URI.create(client.getString("registration_client_uri"));
        String write = form(Map.of("grant_type", "client_credentials", "scope", "api.write"));
        String read = form(Map.of("grant_type", "client_credentials", "scope", "api.read"));
        for (Node node : ALL) {
            assertEquals(200, token(node, write, basic(id, secret)).statusCode(), "node " + node.name
                    + " knows the new client (and caches it)");
        }

        // narrowed through the node that joined last: the others refuse the scope it lost on their next request
        HttpResponse<String> narrowed = HTTP.send(HttpRequest.newBuilder(C.at(manage.getRawPath()))
                .header("Authorization", "Bearer " + registration).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"client_id\":\"" + id + "\",\"client_name\":\"Cluster\","
                        + "\"grant_types\":[\"client_credentials\"],\"scope\":\"api.read\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, narrowed.statusCode(), narrowed.body());
        for (Node node : List.of(A, B)) {
            HttpResponse<String> refused = token(node, write, basic(id, secret));
            assertEquals(400, refused.statusCode(), "node " + node.name + " holds the client to its new scope: "
                    + refused.body());
            assertEquals("invalid_scope", json(refused).getString("error"));
            assertEquals(200, token(node, read, basic(id, secret)).statusCode(), "node " + node.name
                    + " caches the changed client");
        }

        // issue #19: disabled by the operator through node a (PUT /admin/clients/{id}/enabled): b and c, each having
        // cached the client, refuse it on their next request; enabled again through b: a accepts it again
        String admin = json(token(A, form(Map.of("grant_type", "client_credentials", "scope", "jeton.admin")),
                basic("it-admin", POST_SECRET)), 200).getString("access_token");
        HttpResponse<String> disabled = switchClient(A, admin, id, false);
        assertEquals(204, disabled.statusCode(), disabled.body());
        for (Node node : List.of(B, C)) {
            HttpResponse<String> refused = token(node, read, basic(id, secret));
            assertEquals(401, refused.statusCode(), "node " + node.name + " refuses the client disabled through a: "
                    + refused.body());
            assertEquals("invalid_client", json(refused).getString("error"));
        }
        assertFalse(json(HTTP.send(HttpRequest.newBuilder(C.at("/admin/clients/" + id))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()), 200)
                .getBoolean("enabled"), "node c's admin API reads it disabled");
        // the client's own update of its registration (RFC 7592 §2.2) through c does not undo the operator's switch
        HttpResponse<String> selfUpdate = HTTP.send(HttpRequest.newBuilder(C.at(manage.getRawPath()))
                .header("Authorization", "Bearer " + registration).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"client_id\":\"" + id + "\",\"client_name\":\"Cluster\","
                        + "\"grant_types\":[\"client_credentials\"],\"scope\":\"api.read\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, selfUpdate.statusCode(), selfUpdate.body());
        // read through the admin API, not a refused token request: the deletion below adds two failed client
        // authentications to these two, and the cluster's limit is CLIENT_FAILURES (4)
        assertFalse(json(HTTP.send(HttpRequest.newBuilder(A.at("/admin/clients/" + id))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString()), 200)
                .getBoolean("enabled"), "still disabled after its own update");
        HttpResponse<String> enabled = switchClient(B, admin, id, true);
        assertEquals(204, enabled.statusCode(), enabled.body());
        assertEquals(200, token(A, read, basic(id, secret)).statusCode(), "node a accepts the client enabled through b");
        assertEquals(404, switchClient(C, admin, "it-no-such-client", false).statusCode());

        // deleted (a client can no longer authenticate) through node a: refused by b and c at once
        HttpResponse<String> deleted = HTTP.send(HttpRequest.newBuilder(A.at(manage.getRawPath()))
                .header("Authorization", "Bearer " + registration).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, deleted.statusCode(), deleted.body());
        for (Node node : List.of(B, C)) {
            HttpResponse<String> refused = token(node, read, basic(id, secret));
            assertEquals(401, refused.statusCode(), "node " + node.name + " checks its cache on every request: "
                    + refused.body());
            assertEquals("invalid_client", json(refused).getString("error"));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // key rotation: published on every node before any node signs with it

    @Test
    @Order(9)
    void aNewKeyIsPublishedByEveryNodeBeforeAnyNodeSignsWithIt() throws Exception {
        joined();
        String oldKid = accessTokenKid(A);
        Set<String> published = jwksKids(A);
        for (Node node : ALL) {
            assertEquals(oldKid, accessTokenKid(node), "one keystore, one active key: node " + node.name);
            assertEquals(published, jwksKids(node), "one keystore, one JWKS: node " + node.name);
        }
        // the rule (server-config/KEYS.md): written pre-publication before it signs, longer than max-age (1 s here)
        // plus the reload interval (1 s here); 12 s leaves room for a busy machine
        Instant activation = Instant.now().plusSeconds(12).truncatedTo(ChronoUnit.SECONDS);
        keyTool("add", "--algorithm", "ES256", "--activate", activation.toString());
        Instant written = Instant.now();

        Map<String, Set<String>> seen = new LinkedHashMap<>();
        for (Node node : ALL) {
            seen.put(node.name, awaitNewKid(node, published));
        }
        Instant allSeen = Instant.now();
        assertTrue(allSeen.isBefore(activation), "every node publishes it before it signs (" + allSeen + " < "
                + activation + ")");
        assertEquals(1, Set.copyOf(seen.values()).size(), "every node publishes the same keys: " + seen);
        String newKid = seen.get(A.name).stream().filter(k -> !published.contains(k)).findFirst().orElseThrow();
        for (Node node : ALL) {
            assertEquals(oldKid, accessTokenKid(node), "node " + node.name + " still signs with the old key");
        }
        System.out.printf("ClusterIT: new key on all three JWKS %d ms after the write, %d s before it signs%n",
                Duration.between(written, allSeen).toMillis(), Duration.between(allSeen, activation).toSeconds());

        while (Instant.now().isBefore(activation.plusMillis(500))) {
            Thread.sleep(200);
        }
        for (Node node : ALL) {
            assertEquals(newKid, accessTokenKid(node), "node " + node.name + " signs with the new key after its start");
            assertTrue(jwksKids(node).contains(oldKid), "the old key stays published while its tokens live");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // kill -9 under load

    @Test
    @Order(100)
    void aNodeKilledUnderLoadLosesNoAcknowledgedGrantStateAndNoAuditEvent() throws Exception {
        joined();
        for (Node node : ALL) {
            ensureRunning(node);
        }
        // refresh chains need codes; they are made before the load starts
        List<String> chainStarts = new ArrayList<>();
        // each chain whose request is on the killed node at that moment stops there: enough of them to have
        // some that run to the end
        for (int i = 0; i < 8; i++) {
            Pkce pkce = Pkce.create();
            JsonObject tokens = json(token(ALL.get(i % ALL.size()), form(Map.of("grant_type", "authorization_code",
                    "code", code(A, A, pkce), "redirect_uri", FIRST_REDIRECT, "code_verifier", pkce.verifier())),
                    basic(FIRST, POST_SECRET)), 200);
            chainStarts.add(tokens.getString("refresh_token"));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<Chain> chains = Collections.synchronizedList(new ArrayList<>());
        ExecutorService load = Executors.newFixedThreadPool(10);
        List<Future<int[]>> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            workers.add(load.submit(() -> clientCredentialsLoad(running, acknowledged)));
        }
        for (String start : chainStarts) {
            workers.add(load.submit(() -> refreshChain(start, running, chains)));
        }
        Thread.sleep(2_000);
        long killedAt;
        long leftInOutbox;
        // the test holds a row lock on an outbox row: every relay (they lock from the head, in seq order, and do not
        // skip locked rows) stops there, so what node a acknowledges from now on is still in the outbox when it dies
        try (var head = DriverManager.getConnection(databaseUrl())) {
            head.setAutoCommit(false);
            long held = lockAnOutboxRow(head);
            int aBefore = proxy.served(0);
            Thread.sleep(3_000);
            A.process.crash();
            killedAt = System.nanoTime();
            leftInOutbox = outboxRows();
            assertTrue(proxy.served(0) > aBefore, "node a took requests while no relay could send");
            assertTrue(leftInOutbox > 0, "the dead node left events in the outbox");
            System.out.printf("ClusterIT: relays held at seq %d for 3 s; node a killed with %d events in the outbox%n",
                    held, leftInOutbox);
            head.rollback();
        }
        Thread.sleep(6_000);
        running.set(false);
        int[] totals = new int[3];
        for (Future<int[]> f : workers) {
            int[] t = f.get();
            for (int i = 0; i < 3; i++) {
                totals[i] += t[i];
            }
        }
        load.shutdownNow();
        assertTrue(proxy.served(0) > 0 && proxy.served(1) > 0 && proxy.served(2) > 0, "the load reached the three nodes");
        assertTrue(totals[0] > 20, "tokens were acknowledged: " + totals[0]);
        assertTrue(totals[1] > 0, "the kill cut requests off: " + totals[1]);

        // every acknowledged token's event is on the queue; the survivor's relay empties the outbox
        Set<String> wanted = new java.util.HashSet<>(acknowledged);
        chains.forEach(c -> wanted.addAll(c.jtis));
        try (ResilienceIT.Queue queue = new ResilienceIT.Queue(brokerPort)) {
            Map<String, JsonObject> events = queue.readUntil(m -> m.values().stream()
                    .map(e -> e.getString("jti", "")).collect(Collectors.toSet()).containsAll(wanted),
                    Duration.ofSeconds(60));
            Set<String> jtis = events.values().stream().map(e -> e.getString("jti", "")).collect(Collectors.toSet());
            List<String> missing = wanted.stream().filter(j -> !jtis.contains(j)).toList();
            assertEquals(List.of(), missing, "acknowledged tokens whose audit event never arrived");
            // per grant, in order: the chain's tokens arrive in the order they were acknowledged, and their
            // order keys (seq) increase along the chain, whichever node served each step and whichever relayed it
            for (Chain chain : chains) {
                List<Map.Entry<String, JsonObject>> ofChain = events.entrySet().stream()
                        .filter(e -> chain.jtis.contains(e.getValue().getString("jti", ""))).toList();
                assertEquals(chain.jtis, ofChain.stream().map(e -> e.getValue().getString("jti")).toList(),
                        "one grant's events arrive in the order they happened");
                Long previous = null;
                for (Map.Entry<String, JsonObject> event : ofChain) {
                    Long seq = queue.sequence(event.getKey());
                    assertTrue(seq != null && (previous == null || seq > previous), "the order key increases along"
                            + " the grant: " + seq + " after " + previous);
                    previous = seq;
                }
            }
            System.out.printf("ClusterIT: %d tokens acknowledged (%d in %d refresh chains), %d requests cut off by"
                            + " the kill, %d answered otherwise; %d distinct events on the queue; nodes a, b and c took"
                            + " %d, %d and %d connections; outbox empty %d ms after the kill%n",
                    totals[0], chains.stream().mapToInt(c -> c.jtis.size()).sum(), chains.size(), totals[1], totals[2],
                    events.size(), proxy.served(0), proxy.served(1), proxy.served(2),
                    Duration.ofNanos(awaitEmptyOutbox() - killedAt).toMillis());
        }
        assertEquals(0, outboxRows(), "the surviving node's relay delivered what the dead node left");

        // the grant state every acknowledged rotation wrote is there: each chain not cut off by the kill goes on
        long going = chains.stream().filter(c -> !c.cut).count();
        assertTrue(going > 0, "some chains ran to the end of the load");
        for (Chain chain : chains) {
            if (!chain.cut) {
                HttpResponse<String> next = token(B, form(Map.of("grant_type", "refresh_token",
                        "refresh_token", chain.last)), basic(FIRST, POST_SECRET));
                assertEquals(200, next.statusCode(), "the last acknowledged rotation is on disk: " + next.body());
            }
        }
    }

    /** One refresh-token chain of the load: its acknowledged access tokens in order, the last refresh token. */
    private static final class Chain {
        final List<String> jtis = new ArrayList<>();
        volatile String last;
        /** A rotation's answer was lost: its outcome is unknown, so the chain stopped there. */
        volatile boolean cut;
    }

    /** client_credentials through the proxy, a new connection per request; returns {acknowledged, cut off, other}. */
    private static int[] clientCredentialsLoad(AtomicBoolean running, List<String> acknowledged) {
        int[] counts = new int[3];
        String body = form(Map.of("grant_type", "client_credentials", "scope", "api.read"));
        while (running.get()) {
            OneShot.Answer answer = OneShot.post(proxy.port(), "/oauth/token", body,
                    "Authorization", basic("it-basic", BASIC_SECRET));
            if (answer == null) {
                counts[1]++;
            } else if (answer.status() == 200) {
                acknowledged.add(jti(Json.createReader(new StringReader(answer.body())).readObject()));
                counts[0]++;
            } else {
                counts[2]++;
            }
        }
        return counts;
    }

    /**
     * Rotates one refresh token after another through the proxy; the acknowledged access tokens are the chain.
     * A rotation whose answer was lost to the kill ends the chain: its outcome is unknown, and presenting the
     * same token again would be reuse. Returns {acknowledged, cut off, other}.
     */
    private static int[] refreshChain(String refresh, AtomicBoolean running, List<Chain> chains) {
        int[] counts = new int[3];
        Chain chain = new Chain();
        chain.last = refresh;
        chains.add(chain);
        while (running.get() && !chain.cut) {
            OneShot.Answer answer = OneShot.post(proxy.port(), "/oauth/token",
                    form(Map.of("grant_type", "refresh_token", "refresh_token", chain.last)),
                    "Authorization", basic(FIRST, POST_SECRET));
            if (answer == null) {
                counts[1]++;
                chain.cut = true;
            } else if (answer.status() == 200) {
                JsonObject tokens = Json.createReader(new StringReader(answer.body())).readObject();
                chain.jtis.add(jti(tokens));
                chain.last = tokens.getString("refresh_token");
                counts[0]++;
            } else {
                counts[2]++;
                chain.cut = true;
            }
        }
        return counts;
    }

    private static void ensureRunning(Node node) throws Exception {
        if (node.process == null || !isUp(node)) {
            startNode(node);
        }
    }

    private static boolean isUp(Node node) {
        try {
            return HTTP.send(HttpRequest.newBuilder(node.at("/.well-known/oauth-authorization-server"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static long awaitEmptyOutbox() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (outboxRows() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return System.nanoTime();
    }

    /**
     * Locks one row of the outbox in {@code c}'s transaction and returns its seq. Under load rows come and go
     * within milliseconds (each commit kicks its node's relay), so this polls; rows a relay has locked are skipped.
     */
    private static long lockAnOutboxRow(java.sql.Connection c) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        try (Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet r = s.executeQuery("select seq from jeton_audit_outbox order by seq limit 1 for update"
                        + " skip locked")) {
                    if (r.next()) {
                        return r.getLong(1);
                    }
                }
                Thread.sleep(2);
            }
        }
        throw new AssertionError("no outbox row to hold under load within 20 s");
    }

    private static String databaseUrl() {
        return "jdbc:postgresql://127.0.0.1:5432/" + database + "?user=postgres";
    }

    private static long outboxRows() throws Exception {
        try (var c = DriverManager.getConnection(databaseUrl());
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("select count(*) from jeton_audit_outbox")) {
            r.next();
            return r.getLong(1);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // the parts

    /**
     * A code for it-first (first party: no consent page) with alice: the authorization request and the
     * sign-in page on {@code start}, the sign-in posted to {@code finish}, and every later step on {@code finish}.
     * The browser's cookies are the same on both (one host), as they are behind a balancer.
     */
    private static String code(Node start, Node finish, Pkce pkce) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", FIRST);
        query.put("redirect_uri", FIRST_REDIRECT);
        query.put("scope", "openid offline_access");
        query.put("state", UUID.randomUUID().toString());
        query.put("nonce", UUID.randomUUID().toString());
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        HttpResponse<String> authorize = browser.send(HttpRequest.newBuilder(start.at("/oauth/authorize?"
                + form(query))).build(), HttpResponse.BodyHandlers.ofString());
        URI login = on(start, location(authorize));
        assertEquals("/login", login.getPath(), "to the sign-in page: " + authorize.body());
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(login).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        Map<String, String> fields = UserAgent.hiddenFields(page.body());
        fields.put("username", USER);
        fields.put("password", PASSWORD);
        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(finish.at("/login"))
                .header("Content-Type", Http.FORM).POST(HttpRequest.BodyPublishers.ofString(form(fields))).build(),
                HttpResponse.BodyHandlers.ofString());
        for (int step = 0; step < 6; step++) {
            assertEquals(3, answer.statusCode() / 100, "a redirect: " + answer.statusCode() + " " + answer.body());
            URI next = location(answer);
            if (next.toString().startsWith(FIRST_REDIRECT)) {
                return UserAgent.parameter(next, "code");
            }
            answer = browser.send(HttpRequest.newBuilder(on(finish, next)).build(), HttpResponse.BodyHandlers.ofString());
        }
        throw new AssertionError("the sign-in did not end at the client");
    }

    /** {@code uri} (made from the issuer, the proxy) sent to {@code node} itself. */
    private static URI on(Node node, URI uri) {
        return node.at(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private static URI location(HttpResponse<String> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no Location: " + response.statusCode() + " " + response.body())));
    }

    private static HttpResponse<String> token(Node node, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.at("/oauth/token")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", Http.FORM).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> token(Node node, String body, String authorization) throws Exception {
        return token(node, body, "Authorization", authorization);
    }

    private static HttpResponse<String> token(Node node, String body, String authorization, String name, String value)
            throws Exception {
        return token(node, body, "Authorization", authorization, name, value);
    }

    /** The operator's switch (issue #19): PUT /admin/clients/{id}/enabled on {@code node}. */
    private static HttpResponse<String> switchClient(Node node, String adminToken, String clientId, boolean enabled)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(node.at("/admin/clients/" + clientId + "/enabled"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":" + enabled + "}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int userinfo(Node node, String accessToken) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(node.at("/oauth/userinfo"))
                .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @SafeVarargs
    private static List<HttpResponse<String>> atOnce(Callable<HttpResponse<String>>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (Callable<HttpResponse<String>> call : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertOneWinner(List<HttpResponse<String>> answers, String what) {
        List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).sorted().toList();
        List<Integer> oneWinner = new ArrayList<>(Collections.nCopies(answers.size(), 400));
        oneWinner.set(0, 200);
        assertEquals(oneWinner, statuses, what + " on " + answers.size() + " nodes at once: " + answers.stream()
                .map(HttpResponse::body).toList());
        for (HttpResponse<String> loser : answers.stream().filter(r -> r.statusCode() == 400).toList()) {
            assertEquals("invalid_grant", json(loser).getString("error"));
        }
    }

    private static String accessTokenKid(Node node) throws Exception {
        JsonObject tokens = json(token(node, form(Map.of("grant_type", "client_credentials", "scope", "api.read")),
                basic("it-basic", BASIC_SECRET)), 200);
        return SignedJWT.parse(tokens.getString("access_token")).getHeader().getKeyID();
    }

    private static Set<String> jwksKids(Node node) throws Exception {
        HttpResponse<String> jwks = HTTP.send(HttpRequest.newBuilder(node.at("/oauth/jwks")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JWKSet.parse(jwks.body()).getKeys().stream().map(JWK::getKeyID).collect(Collectors.toSet());
    }

    /** The node's JWKS once it has a key that is not in {@code before} (it reads the keystore every second here). */
    private static Set<String> awaitNewKid(Node node, Set<String> before) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Set<String> kids = jwksKids(node);
        while (before.containsAll(kids) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            kids = jwksKids(node);
        }
        assertTrue(kids.containsAll(before) && !before.containsAll(kids), "node " + node.name
                + " published the new key beside the others: " + kids);
        return kids;
    }

    /** The operator tool in its own JVM on the shared keystore, as server-config/KEYS.md runs it. */
    private static String keyTool(String... args) throws Exception {
        String warDir = System.getProperty("jeton.it.war.dir", "target/jeton");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                warDir + "/WEB-INF/classes" + File.pathSeparator + warDir + "/WEB-INF/lib/*", "dev.jeton.tools.KeyTool"));
        command.addAll(List.of(args));
        command.addAll(List.of("--keystore", work.resolve("keystore.bcfks").toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JETON_KEYSTORE_PASSWORD", System.getenv().getOrDefault("JETON_KEYSTORE_PASSWORD",
                "it-keystore-password"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }

    private static JWK key(String name) throws Exception {
        try (InputStream in = ClusterIT.class.getResourceAsStream("/it-keys/" + name)) {
            return JWK.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static String proof(ECKey key, String nonce) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
                .claim("htm", "POST").claim("htu", issuer.resolve("/oauth/token").toString()).issueTime(new Date());
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        return sign(key, JWSAlgorithm.ES256, new JOSEObjectType("dpop+jwt"), key.toPublicJWK(), claims.build());
    }

    private static String sign(JWK key, JWSAlgorithm alg, JOSEObjectType type, JWK headerJwk, JWTClaimsSet claims) {
        try {
            JWSHeader.Builder header = new JWSHeader.Builder(alg).keyID(headerJwk == null ? key.getKeyID() : null);
            if (type != null) {
                header.type(type);
            }
            if (headerJwk != null) {
                header.jwk(headerJwk);
            }
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String form(Map<String, String> parameters) {
        return Http.form(parameters);
    }

    private static String basic(String id, String secret) {
        return Http.basic(id, secret);
    }

    private static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static JsonObject json(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return json(response);
    }

    private static String jti(JsonObject tokenResponse) {
        String payload = tokenResponse.getString("access_token").split("\\.")[1];
        return Json.createReader(new StringReader(new String(Base64.getUrlDecoder().decode(payload),
                StandardCharsets.UTF_8))).readObject().getString("jti");
    }
}
