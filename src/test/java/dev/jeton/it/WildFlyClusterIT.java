package dev.jeton.it;

import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

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

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue #19's second run: the cross-node guarantees of {@link ClusterIT} with WildFly nodes. Two
 * WildFly servers (standalone-full, prepared by server-config/wildfly/jeton.cli with
 * {@code jeton.database=postgresql} and {@code jeton.broker=external}, as an operator does it) with
 * the same WAR, on one fresh database of the machine's PostgreSQL and ONE external ActiveMQ Artemis
 * broker in this JVM, behind {@link RoundRobinProxy}, which is the issuer every client sees. No
 * session affinity. The steps are {@link ClusterChecks} and {@link ClusterKillUnderLoad}, shared with
 * ClusterIT: the same WAR keeps the same guarantees on both servers.
 *
 * <p>Runs only when asked for (two WildFly starts are about as long as a whole IT class):
 * {@code mvn verify -Dit.test=WildFlyClusterIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false},
 * or in every build with {@code -Djeton.it.wildfly.cluster=true} (docs/scaling.md, "WildFly nodes").
 * Without PostgreSQL the class is skipped, saying so; under CI it fails instead.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WildFlyClusterIT {

    static final String BROKER_USER = "jeton-relay";
    static final String BROKER_PASSWORD = "broker-password-for-the-wildfly-cluster-it";
    /** Failed client authentications per client id and address, for the whole cluster. */
    static final int CLIENT_FAILURES = 4;

    static Path work;
    static String database;
    static EmbeddedActiveMQ broker;
    static int brokerPort;
    static RoundRobinProxy proxy;
    static ClusterClient client;
    static ClusterChecks checks;
    static final Node A = new Node("a");
    static final Node B = new Node("b");
    static final List<Node> NODES = List.of(A, B);

    /** One WildFly server of the cluster, on ports moved by an offset of its own. */
    static final class Node implements ClusterNode {
        final String name;
        int portOffset;
        volatile WildFlyServer server;

        Node(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public URI base() {
            return URI.create("http://localhost:" + (8080 + portOffset));
        }
    }

    @BeforeAll
    static void start() throws Exception {
        String home = System.getProperty("jeton.it.wildfly.home");
        assumeTrue(home != null, "WildFlyClusterIT runs in the wildfly failsafe execution (mvn verify)");
        assumeTrue(WildFlyServer.named(WildFlyClusterIT.class) || Boolean.getBoolean("jeton.it.wildfly.cluster"),
                "WildFlyClusterIT runs when asked for: -Dit.test=WildFlyClusterIT or -Djeton.it.wildfly.cluster=true");
        MachinePostgres.requireFor(WildFlyClusterIT.class);
        long started = System.nanoTime();
        work = Path.of(System.getProperty("jeton.it.wildfly.cluster.dir", "target/wildfly-cluster-it")).toAbsolutePath();
        PayaraMicroProcess.deleteTree(work);
        Files.createDirectories(work);
        database = "jeton_wfcluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (var c = DriverManager.getConnection(MachinePostgres.ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        brokerPort = TcpProxy.freePort();
        broker = ArtemisBrokers.start(work.resolve("broker"), brokerPort, BROKER_USER, BROKER_PASSWORD);
        // one keystore file for both nodes, made before either starts (the dev profile would make one each)
        KeyToolProcess.run(keystore(), "create");
        String[] offsets = System.getProperty("jeton.it.wildfly.cluster.port-offsets", "19000,20000").split(",");
        A.portOffset = Integer.parseInt(offsets[0].trim());
        B.portOffset = Integer.parseInt(offsets[1].trim());
        proxy = new RoundRobinProxy(TcpProxy.freePort(), NODES.stream().map(n -> n.base().getPort()).toList());
        client = new ClusterClient(URI.create("http://localhost:" + proxy.port()));
        checks = new ClusterChecks(client);
        ExecutorService both = Executors.newFixedThreadPool(NODES.size());
        try {
            List<Future<Void>> starts = new ArrayList<>();
            for (Node node : NODES) {
                starts.add(both.submit(() -> {
                    startNode(Path.of(home), node);
                    return null;
                }));
            }
            for (Future<Void> f : starts) {
                f.get();
            }
        } finally {
            both.shutdownNow();
        }
        System.out.printf("WildFlyClusterIT: two WildFly nodes ready in %d s%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    @AfterAll
    static void stop() throws Exception {
        for (Node node : NODES) {
            if (node.server != null) {
                node.server.close();
            }
        }
        if (proxy != null) {
            proxy.close();
        }
        if (broker != null) {
            broker.stop();
        }
        if (database != null) {
            try (var c = DriverManager.getConnection(MachinePostgres.ADMIN_URL); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + database + " with (force)");
            }
        }
    }

    private static Path keystore() {
        return work.resolve("keystore.bcfks");
    }

    /** jeton.cli's external variant, Jeton's settings in the environment as an operator gives them to WildFly. */
    private static void startNode(Path home, Node node) throws Exception {
        Path testClasses = Path.of(System.getProperty("jeton.it.test-classes", "target/test-classes"));
        Map<String, String> env = WildFlyServer.postgresqlAndExternalBrokerEnvironment(database, brokerPort,
                BROKER_USER, BROKER_PASSWORD);
        env.put("JETON_PROFILE", "dev");
        env.put("JETON_ISSUER", client.issuer().toString());
        env.put("JETON_KEYSTORE_PATH", keystore().toString());
        env.put("JETON_CLIENTS_FILE", testClasses.resolve("it-clients.json").toString());
        env.put("JETON_SCOPES_ALLOWED", "openid,profile,email,offline_access,api.read,api.write,admin,jeton.admin,"
                + "jeton.introspect,jeton.register");
        env.put("JETON_TOKEN_EXCHANGE_TRUSTED_ISSUERS_FILE", testClasses.resolve("it-trusted-issuers.json").toString());
        env.put("JETON_DEV_DEMO_USER", ClusterClient.USER);
        env.put("JETON_USERS_PBKDF2_ITERATIONS", "20000");
        env.put("JETON_REFRESH_TOKEN_REUSE_GRACE_SECONDS", "0");
        env.put("JETON_AUDIT_RELAY_INTERVAL_SECONDS", "1");
        env.put("JETON_KEYS_RELOAD_INTERVAL_SECONDS", "1");
        env.put("JETON_JWKS_MAX_AGE_SECONDS", "1");
        env.put("JETON_THROTTLE_CLIENT_MAX_FAILURES", String.valueOf(CLIENT_FAILURES));
        node.server = WildFlyServer.start(home, work.resolve("wildfly-" + node.name), node.portOffset,
                Path.of(System.getProperty("jeton.war", "target/jeton.war")),
                Path.of(System.getProperty("jeton.server.config.dir", "server-config"), "wildfly", "jeton.cli"),
                WildFlyServer.postgresqlAndExternalBroker(), null, env);
    }

    // ---------------------------------------------------------------------------------------------
    // grant state: one winner, family revocation across nodes

    @Test
    @Order(1)
    void aCodeAndARefreshTokenRedeemedOnBothNodesAtOnceHaveOneWinnerEach() throws Exception {
        checks.aCodeAndARefreshTokenHaveOneWinnerEach(NODES);
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
        checks.theThrottleLimitIsOneLimitForTheCluster(NODES, CLIENT_FAILURES);
    }

    @Test
    @Order(7)
    void aClientChangedOrDeletedThroughOneNodeIsHeldToItByTheOtherAtOnce() throws Exception {
        checks.aClientChangedOnOneNodeIsHeldToItByTheOthersAtOnce(NODES);
    }

    @Test
    @Order(8)
    void aNewKeyIsPublishedByEveryNodeBeforeAnyNodeSignsWithIt() throws Exception {
        System.out.println("WildFlyClusterIT: " + checks.aNewKeyIsPublishedByEveryNodeBeforeAnyNodeSignsWithIt(NODES,
                keystore()));
    }

    // ---------------------------------------------------------------------------------------------
    // kill -9 under load, the audit events read back from the external Artemis broker

    @Test
    @Order(100)
    void aNodeKilledUnderLoadLosesNoAcknowledgedGrantStateAndNoAuditEvent() throws Exception {
        for (Node node : NODES) {
            assertTrue(client.isUp(node), "node " + node.name + " is up before the load");
        }
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
        try (factory) {
            String summary = new ClusterKillUnderLoad(client, proxy, database).run(NODES, NODES.indexOf(A), B,
                    signalled -> A.server.crash(signalled),
                    () -> new ResilienceIT.Queue(factory.createConnection(BROKER_USER, BROKER_PASSWORD)));
            System.out.println("WildFlyClusterIT: " + summary);
        }
    }
}
