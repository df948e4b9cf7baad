package dev.jeton.bench;

import dev.jeton.it.Brokers;
import org.apache.activemq.broker.BrokerService;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue #19's benchmark: what a token costs when Jeton runs as several nodes on one PostgreSQL and
 * one external broker (run with {@code server-config/bench.sh cluster}). It prints figures; it is not
 * a test. In order:
 * <ol>
 *   <li>a fresh PostgreSQL database on the machine's server (127.0.0.1:5432, trust authentication), an
 *       ActiveMQ broker in this JVM, and a proxy in front of PostgreSQL that counts the statements and
 *       round trips every node sends ({@link PgWireCounter});</li>
 *   <li>node 1 started as an operator starts it ({@code run.sh --no-build --db ... } with
 *       {@code JETON_BROKER_URL}), warmed up, then for each grant the statements and round trips per
 *       token (one node, one connection at a time, everything the request and its audit relay send);</li>
 *   <li>nodes 2 to N started (sharing the keystore, nonce key and database), each warmed up alone until its
 *       CPU per token settles (two successive 5-s windows within 10%, at least {@code --warmup} s): a node
 *       measured before its JIT has settled costs more per token, which is not what a node count costs;</li>
 *   <li>server CPU per token ({@code /proc/<pid>/stat} of every loaded node, summed) for client_credentials
 *       with 1, 2, ... N nodes serving, in {@code --rounds} rounds (1, 2, 3, 1, 2, 3: a disturbance shows as
 *       a round that disagrees), the same total concurrency split over the serving nodes, each addressed
 *       directly (no proxy CPU in the figure); beside it the PostgreSQL processes' CPU and the statements
 *       and round trips per token under that load (the relays of N nodes share one outbox).</li>
 * </ol>
 * Options: {@code --nodes N} (3), {@code --seconds S} per measurement (15), {@code --concurrency C} total (8),
 * {@code --warmup S} at least per node (30), {@code --warmup-cap S} at most (150), {@code --rounds R} (2),
 * {@code --statement-seconds S} per grant (6), {@code --out DIR} (target/bench).
 */
public final class ClusterBench {

    private static final String PG_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final List<String> GRANTS = List.of("client_secret_basic", "private_key_jwt", "dpop", "refresh",
            "code");

    private final Path repo = Path.of(System.getProperty("jeton.repo", ".")).toAbsolutePath();
    private int maxNodes = 3;
    private double seconds = 15;
    private int concurrency = 8;
    private double warmup = 30;
    private double warmupCap = 150;
    private int rounds = 2;
    private double statementSeconds = 6;
    private Path out = repo.resolve("target/bench");
    private final StringBuilder report = new StringBuilder();

    public static void main(String[] args) throws Exception {
        ClusterBench bench = new ClusterBench();
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--nodes" -> bench.maxNodes = Integer.parseInt(args[i + 1]);
                case "--seconds" -> bench.seconds = Double.parseDouble(args[i + 1]);
                case "--concurrency" -> bench.concurrency = Integer.parseInt(args[i + 1]);
                case "--warmup" -> bench.warmup = Double.parseDouble(args[i + 1]);
                case "--warmup-cap" -> bench.warmupCap = Double.parseDouble(args[i + 1]);
                case "--rounds" -> bench.rounds = Integer.parseInt(args[i + 1]);
                case "--statement-seconds" -> bench.statementSeconds = Double.parseDouble(args[i + 1]);
                case "--out" -> bench.out = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.exit(bench.run());
    }

    /** One running node: its server, where it listens, the load runner that drives it. */
    private record Node(JetonServer server, Scenario.Target target, LoadRunner runner, ProcCpu cpu) {
    }

    private int run() throws Exception {
        Path work = repo.resolve("target/cluster-bench");
        deleteTree(work);
        Files.createDirectories(work);
        String database = "jeton_bench_" + Long.toHexString(new SecureRandom().nextLong()).replace("-", "");
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL); Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        int brokerPort = freePort();
        BrokerService broker = Brokers.start("cluster-bench", work.resolve("broker"), brokerPort);
        List<Node> nodes = new ArrayList<>();
        int errors = 0;
        try (PgWireCounter counter = new PgWireCounter(new InetSocketAddress("127.0.0.1", 5432))) {
            BenchClients clients = BenchClients.generate();
            Path clientsFile = work.resolve("clients.json");
            Files.writeString(clientsFile, clients.file(0));
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < maxNodes; i++) {
                ports.add(freePort());
            }
            URI issuer = URI.create("http://localhost:" + ports.get(0));
            String userPassword = clients.secret.substring(0, 24);
            Map<String, String> environment = Map.of("JETON_DB_USER", "postgres",
                    "JETON_BROKER_URL", "tcp://127.0.0.1:" + brokerPort,
                    "JETON_KEYSTORE_PASSWORD", random(), "JETON_DPOP_NONCE_SECRET", random(),
                    "JETON_DEMO_USER_PASSWORD", userPassword);
            List<String> properties = List.of("-Djeton.users.pbkdf2-iterations=20000", "-Djeton.issuer=" + issuer,
                    "-Djeton.keystore.path=" + work.resolve("node-1/keystore.bcfks"));
            String db = "postgresql://127.0.0.1:" + counter.port() + "/" + database;
            line("# Jeton on several nodes: CPU, statements and round trips per token");
            line("");
            line("JDK " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
                    + " cores; PostgreSQL on 127.0.0.1:5432 (database " + database + "), ActiveMQ in the load "
                    + "generator's JVM; total concurrency " + concurrency + ", " + seconds + " s per measurement.");
            nodes.add(start(1, ports.get(0), issuer, clientsFile, work, db, properties, environment, brokerPort));
            warm(nodes.get(0), clients);

            line("");
            line("## Statements and round trips per token (one node, one request at a time)");
            line("");
            line("| grant | tokens | statements / token | round trips / token | parses / token |");
            line("|---|---|---|---|---|");
            CodeFactory codes = new CodeFactory(issuer, "demo", userPassword);
            for (String grant : GRANTS) {
                errors += statements(nodes.get(0), scenario(grant, nodes.get(0).target(), clients, codes), counter);
            }

            for (int n = 2; n <= maxNodes; n++) {
                nodes.add(start(n, ports.get(n - 1), issuer, clientsFile, work, db, properties, environment,
                        brokerPort));
                warm(nodes.get(n - 1), clients);
            }

            line("");
            line("## Server CPU per token, client_credentials (client_secret_basic), by nodes serving");
            line("");
            line("All " + maxNodes + " nodes running and warmed up; the first k of them loaded, total concurrency "
                    + concurrency + " split over them. Idle nodes' CPU (their relay and key-reload timers) counts as "
                    + "other processes.");
            line("");
            line("| round | nodes serving | tokens/s | server CPU ms / token | PostgreSQL CPU ms / token | statements /"
                    + " token | round trips / token | load generator + broker CPU ms / token | other processes (share"
                    + " of machine) | errors |");
            line("|---|---|---|---|---|---|---|---|---|---|");
            for (int round = 1; round <= rounds; round++) {
                for (int k = 1; k <= maxNodes; k++) {
                    errors += cpu(round, nodes.subList(0, k), clients, counter);
                }
            }
        } finally {
            for (Node node : nodes) {
                node.runner().close();
                node.server().close();
            }
            broker.stop();
            try (Connection c = DriverManager.getConnection(PG_ADMIN_URL); Statement s = c.createStatement()) {
                s.execute("drop database if exists " + database + " with (force)");
            }
        }
        Files.createDirectories(out);
        Path md = out.resolve("cluster-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + ".md");
        Files.writeString(md, report);
        System.out.println("written: " + md);
        return errors > 0 ? 1 : 0;
    }

    private Node start(int index, int port, URI issuer, Path clientsFile, Path work, String db, List<String> properties,
                       Map<String, String> environment, int brokerPort) throws Exception {
        Path data = work.resolve("node-" + index);
        Files.createDirectories(data);
        System.out.printf(Locale.ROOT, "starting node %d on port %d ...%n", index, port);
        JetonServer server = JetonServer.start(new JetonServer.Settings(repo, data, clientsFile, port, freePort(), db,
                properties, environment));
        Scenario.Target target = new Scenario.Target("127.0.0.1", port, issuer, "localhost:" + port);
        ProcCpu cpu = new ProcCpu(server.pid());
        return new Node(server, target, new LoadRunner(target.host(), target.port(), cpu), cpu);
    }

    /** Load on one node in 5-s windows until its CPU per token settles (at least warmup s, at most warmupCap). */
    private void warm(Node node, BenchClients clients) throws Exception {
        Scenario basic = new ClientSecretScenario(node.target(), BenchClients.BASIC, clients.secret);
        long start = System.nanoTime();
        List<Double> perToken = new ArrayList<>();
        StringBuilder curve = new StringBuilder();
        double loaded = 0;
        while (true) {
            LoadRunner.Window w = node.runner().run(basic.batch(concurrency, 5, 0), concurrency, 5);
            loaded = (System.nanoTime() - start) / 1e9;
            perToken.add(w.serverCpuMsPerRequest());
            curve.append(String.format(Locale.ROOT, " %.2f", w.serverCpuMsPerRequest()));
            if ((loaded >= warmup && WarmUpCurve.settled(perToken, 0.10)) || loaded >= warmupCap) {
                break;
            }
        }
        line(String.format(Locale.ROOT, "warm-up of node on port %d: %.0f s, CPU ms / token per 5-s window:%s%s",
                node.target().port(), loaded, curve, WarmUpCurve.settled(perToken, 0.10) ? "" : " (not settled)"));
    }

    private Scenario scenario(String grant, Scenario.Target target, BenchClients clients, CodeFactory codes) {
        return switch (grant) {
            case "client_secret_basic" -> new ClientSecretScenario(target, BenchClients.BASIC, clients.secret);
            case "private_key_jwt" -> new SignedRequestScenario(SignedRequestScenario.Kind.PRIVATE_KEY_JWT, target,
                    clients);
            case "dpop" -> new SignedRequestScenario(SignedRequestScenario.Kind.DPOP, target, clients);
            case "refresh" -> new RefreshScenario(target, codes);
            case "code" -> new CodeRedemptionScenario(target, codes);
            default -> throw new IllegalArgumentException(grant);
        };
    }

    /** Statements per token of one grant: a warm-up window, then a measured one; the counter's difference. */
    private int statements(Node node, Scenario scenario, PgWireCounter counter) throws Exception {
        double window = Math.min(statementSeconds, scenario.maxWindowSeconds());
        scenario.prepare(1);
        LoadRunner.Window warm = node.runner().run(scenario.batch(1, window, 0), 1, window);
        LoadRunner.Source source = scenario.batch(1, window, warm.requests() / window);
        // whatever preparing the batch sent (sign-ins for codes) and its audit events settle first
        Thread.sleep(2_000);
        PgWireCounter.Counts before = counter.counts();
        LoadRunner.Window measured = node.runner().run(source, 1, window);
        Thread.sleep(300);
        PgWireCounter.Counts used = counter.counts().minus(before);
        double tokens = Math.max(1, measured.requests() - measured.errors());
        row(String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f |", scenario.name(), measured.requests(),
                used.statements() / tokens, used.roundTrips() / tokens, used.parses() / tokens));
        return (int) measured.errors();
    }

    /** client_credentials on every given node at once, the total concurrency split evenly; CPU summed over them. */
    private int cpu(int round, List<Node> nodes, BenchClients clients, PgWireCounter counter) throws Exception {
        int n = nodes.size();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        long pgBefore = postgresTicks();
        PgWireCounter.Counts wireBefore = counter.counts();
        long busyBefore = ProcCpu.busyTicks();
        try {
            List<Future<LoadRunner.Window>> windows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Node node = nodes.get(i);
                int share = concurrency / n + (i < concurrency % n ? 1 : 0);
                Scenario basic = new ClientSecretScenario(node.target(), BenchClients.BASIC, clients.secret);
                windows.add(pool.submit(() -> node.runner().run(basic.batch(share, seconds, 0), Math.max(1, share),
                        seconds)));
            }
            long tokens = 0;
            long errors = 0;
            double server = 0;
            double generator = 0;
            double wall = 0;
            for (Future<LoadRunner.Window> f : windows) {
                LoadRunner.Window w = f.get();
                tokens += w.requests() - w.errors();
                errors += w.errors();
                server += w.usage().server();
                generator = Math.max(generator, w.usage().generator());
                wall = Math.max(wall, w.usage().seconds());
            }
            double pg = (postgresTicks() - pgBefore) / (double) ProcCpu.TICKS_PER_SECOND;
            double busy = (ProcCpu.busyTicks() - busyBefore) / (double) ProcCpu.TICKS_PER_SECOND;
            // the machine's busy time less what is named: the loaded nodes, the load generator (and broker), PostgreSQL
            double other = Math.max(0, busy - server - generator - pg)
                    / (Runtime.getRuntime().availableProcessors() * wall);
            // the relays' share of the window's events follows a moment later
            Thread.sleep(300);
            PgWireCounter.Counts wire = counter.counts().minus(wireBefore);
            row(String.format(Locale.ROOT, "| %d | %d | %.0f | %.3f | %.3f | %.2f | %.2f | %.3f | %.1f%% | %d |", round,
                    n, tokens / wall, server * 1000 / tokens, pg * 1000 / tokens, wire.statements() / (double) tokens,
                    wire.roundTrips() / (double) tokens, generator * 1000 / tokens, other * 100, errors));
            return (int) errors;
        } finally {
            pool.shutdownNow();
        }
    }

    /** utime + stime of every PostgreSQL process (the postmaster and its backends), in ticks. */
    private static long postgresTicks() {
        long ticks = 0;
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            String command = p.info().command().orElse("");
            if (command.endsWith("/postgres") || command.endsWith("/postmaster")) {
                ticks += ProcCpu.processTicks(p.pid());
            }
        }
        return ticks;
    }

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println(text);
    }

    /** A measured row: into the report and onto the terminal at once. */
    private void row(String text) {
        report.append(text).append('\n');
        System.out.println(text);
    }

    private static String random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
