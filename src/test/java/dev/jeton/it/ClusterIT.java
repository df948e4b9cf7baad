package dev.jeton.it;

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

/**
 * Several nodes, one database, one broker (issue #19): two Payara Micro nodes with the packaged WAR
 * on the machine's PostgreSQL (a fresh database per run) and ONE external ActiveMQ broker in this
 * JVM, behind a round-robin proxy on loopback that is the issuer every client sees. No session
 * affinity anywhere. The tests that must know which node serves a step talk to a node's own port
 * (the issuer, and so every URL the server makes, stays the proxy's); the load goes through the
 * proxy. What is shown across nodes:
 * <ul>
 *   <li>a code, and a refresh token, redeemed on both nodes at once: exactly one winner each;</li>
 *   <li>reuse on node B of a refresh token rotated on node A revokes the family;</li>
 *   <li>a client assertion's jti and a DPoP proof replayed on the other node are refused;</li>
 *   <li>a DPoP nonce from node A is accepted by node B (the nonce key is shared through the database);</li>
 *   <li>a sign-in started on node A completes on node B (browser state in the database, not an HTTP session);</li>
 *   <li>the throttle's limit is one limit for the cluster;</li>
 *   <li>a client deleted through node A is refused by node B at once;</li>
 *   <li>key rotation: a new key is in both nodes' JWKS before either signs with it;</li>
 *   <li>{@code kill -9} of a node under load: every acknowledged token's audit event reaches the queue,
 *       the survivor's relay delivers what the dead node left in the outbox, and each grant's events
 *       arrive in the order they happened (order key: the outbox's {@code seq}, from the database sequence).</li>
 * </ul>
 * The steps are {@link ClusterChecks} and {@link ClusterKillUnderLoad}, which WildFlyClusterIT runs
 * against WildFly nodes. Without PostgreSQL the class is skipped, saying so; under CI it fails instead.
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
    static URI issuer;
    static ClusterClient client;
    static ClusterChecks checks;
    static final Node A = new Node("a");
    static final Node B = new Node("b");

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
        proxy = new RoundRobinProxy(TcpProxy.freePort(), List.of(A.port, B.port));
        issuer = URI.create("http://localhost:" + proxy.port());
        client = new ClusterClient(issuer);
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
        System.out.printf("ClusterIT: two nodes ready in %d s%n", Duration.ofNanos(System.nanoTime() - started)
                .toSeconds());
    }

    @AfterAll
    static void stop() throws Exception {
        for (Node node : List.of(A, B)) {
            if (node.process != null) {
                node.process.close();
            }
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
                "-Djeton.keystore.path=" + keystore(),
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

    private static Path keystore() {
        return work.resolve("keystore.bcfks");
    }

    // ---------------------------------------------------------------------------------------------
    // grant state: one winner, family revocation across nodes (the steps are ClusterChecks, shared with
    // WildFlyClusterIT)

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

    @Test
    @Order(6)
    void theThrottleLimitIsOneLimitForTheCluster() throws Exception {
        checks.theThrottleLimitIsOneLimitForTheCluster(List.of(A, B), CLIENT_FAILURES);
    }

    @Test
    @Order(7)
    void aClientDeletedThroughNodeAIsRefusedByNodeBAtOnce() throws Exception {
        checks.aClientDeletedThroughAIsRefusedByBAtOnce(A, B);
    }

    // ---------------------------------------------------------------------------------------------
    // key rotation: published on every node before any node signs with it

    @Test
    @Order(8)
    void aNewKeyIsPublishedByEveryNodeBeforeAnyNodeSignsWithIt() throws Exception {
        System.out.println("ClusterIT: " + checks.aNewKeyIsPublishedByEveryNodeBeforeAnyNodeSignsWithIt(List.of(A, B),
                keystore()));
    }

    // ---------------------------------------------------------------------------------------------
    // kill -9 under load

    @Test
    @Order(100)
    void aNodeKilledUnderLoadLosesNoAcknowledgedGrantStateAndNoAuditEvent() throws Exception {
        ensureRunning(A);
        ensureRunning(B);
        System.out.println("ClusterIT: " + new ClusterKillUnderLoad(client, proxy, database).run(List.of(A, B), B,
                A.process::crash, () -> new ResilienceIT.Queue(brokerPort)));
    }

    private static void ensureRunning(Node node) throws Exception {
        if (node.process == null || !client.isUp(node)) {
            startNode(node);
        }
    }
}
