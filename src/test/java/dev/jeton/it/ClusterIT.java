package dev.jeton.it;

import jakarta.json.JsonObject;
import org.apache.activemq.broker.BrokerService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.jeton.it.ClusterClient.FIRST;
import static dev.jeton.it.ClusterClient.FIRST_REDIRECT;
import static dev.jeton.it.ClusterClient.POST_SECRET;
import static dev.jeton.it.ClusterClient.json;
import static dev.jeton.it.Http.basic;
import static dev.jeton.it.Http.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several nodes, one database, one broker (issue #19): two, then three Payara Micro nodes with the
 * packaged WAR on the machine's PostgreSQL (a fresh database per run) and ONE external ActiveMQ broker
 * in this JVM, behind a round-robin proxy on loopback that is the issuer every client sees. No session
 * affinity anywhere. Nodes a and b start together; node c joins the running cluster (it starts while
 * the first tests run on a and b, behind the same proxy, which skips it until it listens) and the
 * later tests run on all three. The tests that must know which node serves a step talk to a node's own
 * port (the issuer, and so every URL the server makes, stays the proxy's); the load goes through the
 * proxy. The steps are {@link ClusterChecks} and {@link ClusterKillUnderLoad}, shared with
 * WildFlyClusterIT: the same WAR keeps the same guarantees on both servers. What is shown across nodes:
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
 *       outbox's sequence, taken from the database in the insert); every answer that comes is a 200, and no
 *       request sent after the dead node was taken out of the proxy is lost.</li>
 * </ul>
 * Without PostgreSQL the class is skipped, saying so; under CI it fails instead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final String PG_ADMIN_URL = MachinePostgres.ADMIN_URL;
    /** Failed client authentications per client id and address, for the whole cluster. */
    static final int CLIENT_FAILURES = 4;

    static Path work;
    static String database;
    static BrokerService broker;
    static int brokerPort;
    static RoundRobinProxy proxy;
    static ClusterClient client;
    static ClusterChecks checks;
    static final Node A = new Node("a");
    static final Node B = new Node("b");
    /** The node that joins the running cluster. */
    static final Node C = new Node("c");
    static final List<Node> ALL = List.of(A, B, C);
    /** Node c's start, begun once a and b are ready; the tests from {@link #joined()} on wait for it. */
    static ExecutorService joiner;
    static Future<Void> cJoins;
    static long twoReady;

    /** One Payara Micro process of the cluster, on a port of its own. */
    static final class Node implements ClusterNode {
        final String name;
        int port;
        volatile PayaraMicroProcess process;

        Node(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public URI base() {
            return URI.create("http://localhost:" + port);
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
        KeyToolProcess.run(keystore(), "create");
        A.port = TcpProxy.freePort();
        B.port = TcpProxy.freePort();
        C.port = TcpProxy.freePort();
        // c's port refuses connections until c has joined: the proxy passes on to the next node meanwhile
        proxy = new RoundRobinProxy(TcpProxy.freePort(), List.of(A.port, B.port, C.port));
        client = new ClusterClient(URI.create("http://localhost:" + proxy.port()));
        checks = new ClusterChecks(client);
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
                "-Djeton.issuer=" + client.issuer(),
                "-Djeton.keystore.path=" + keystore(),
                "-Djeton.clients.file=" + Path.of("target/test-classes/it-clients.json").toAbsolutePath(),
                "-Djeton.scopes.allowed=openid,profile,email,offline_access,api.read,api.write,admin,jeton.admin,"
                        + "jeton.introspect,jeton.register",
                "-Djeton.dev.demo-user=" + ClusterClient.USER,
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

    private static Path keystore() {
        return work.resolve("keystore.bcfks");
    }

    // ---------------------------------------------------------------------------------------------
    // grant state: one winner, family revocation across nodes

    @Test
    @Order(1)
    void aCodeAndARefreshTokenRedeemedOnBothNodesAtOnceHaveOneWinnerEach() throws Exception {
        checks.aCodeAndARefreshTokenHaveOneWinnerEach(List.of(A, B));
    }

    @Test
    @Order(2)
    void reuseOnNodeBOfATokenRotatedOnNodeARevokesTheFamily() throws Exception {
        checks.reuseOnBOfATokenRotatedOnARevokesTheFamily(A, B);
    }

    // ---------------------------------------------------------------------------------------------
    // replay caches, nonces, sign-in state, throttle, client changes

    @Test
    @Order(3)
    void aClientAssertionOrADpopProofReplayedOnTheOtherNodeIsRefused() throws Exception {
        checks.aClientAssertionOrADpopProofReplayedOnBIsRefused(A, B);
    }

    @Test
    @Order(4)
    void aDpopNonceFromNodeAIsAcceptedByNodeB() throws Exception {
        checks.aDpopNonceFromAIsAcceptedByB(A, B);
    }

    @Test
    @Order(5)
    void aSignInStartedOnNodeACompletesOnNodeB() throws Exception {
        checks.aSignInStartedOnACompletesOnB(A, B);
    }

    // ---------------------------------------------------------------------------------------------
    // a third node joins the running cluster; from here on every check runs on three nodes

    @Test
    @Order(6)
    void aNodeJoiningTheRunningClusterSharesTheNonceKeyBrowserStateAndGrantState() throws Exception {
        joined();
        // the nonce key: node c read the one the first node stored, it did not make its own
        checks.aDpopNonceFromAIsAcceptedByB(A, C);
        checks.aDpopNonceFromAIsAcceptedByB(C, B);
        // a sign-in started on the new node completes on an old one, and its code is redeemed on the third
        Pkce pkce = Pkce.create();
        String code = client.code(C, A, pkce);
        JsonObject tokens = json(client.token(B, form(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", FIRST_REDIRECT, "code_verifier", pkce.verifier())), basic(FIRST, POST_SECRET)), 200);
        assertEquals(200, client.userinfo(C, tokens.getString("access_token")));
        // and a code and a refresh token presented to the three nodes at once: one winner each
        checks.aCodeAndARefreshTokenHaveOneWinnerEach(List.of(C, A, B));
    }

    @Test
    @Order(7)
    void theThrottleLimitIsOneLimitForTheCluster() throws Exception {
        joined();
        // the failures spread over the three nodes: none of them alone sees more than two of the four
        checks.theThrottleLimitIsOneLimitForTheCluster(ALL, CLIENT_FAILURES);
    }

    @Test
    @Order(8)
    void aClientChangedOrDeletedThroughOneNodeIsHeldToItByTheOthersAtOnce() throws Exception {
        joined();
        checks.aClientChangedOnOneNodeIsHeldToItByTheOthersAtOnce(ALL);
    }

    // ---------------------------------------------------------------------------------------------
    // key rotation: published on every node before any node signs with it

    @Test
    @Order(9)
    void aNewKeyIsPublishedByEveryNodeBeforeAnyNodeSignsWithIt() throws Exception {
        joined();
        System.out.println("ClusterIT: " + checks.aNewKeyIsPublishedByEveryNodeBeforeAnyNodeSignsWithIt(ALL,
                keystore()));
    }

    // ---------------------------------------------------------------------------------------------
    // kill -9 under load

    @Test
    @Order(100)
    void aNodeKilledUnderLoadLosesNoAcknowledgedGrantStateAndNoAuditEvent() throws Exception {
        joined();
        for (Node node : ALL) {
            if (node.process == null || !client.isUp(node)) {
                startNode(node);
            }
        }
        String summary = new ClusterKillUnderLoad(client, proxy, database).run(ALL, ALL.indexOf(A), B,
                signalled -> A.process.crash(signalled), () -> new ResilienceIT.Queue(brokerPort));
        System.out.println("ClusterIT: " + summary);
    }
}
