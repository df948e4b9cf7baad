package dev.jeton.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code server-config/bench.sh suite}: the benchmark of issue #13 in one command. It measures the
 * bare JOSE costs in this JVM, starts Jeton through run.sh (packaged WAR, outbox and JMS on, H2 or the
 * database given) on the same JDK with its own clients file, data directory and ports, records the
 * start-up, warms the server up with client_credentials until its CPU per request settles, drives each
 * scenario at each concurrency over loopback with keep-alive, and writes the report as markdown and
 * JSON to target/bench/. Not a test: never run by Maven.
 */
public final class Suite {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final SuiteOptions options;
    /** Unmeasured load at the long run's concurrency before its settled heap sample (H2 keeps dead chunks 45 s). */
    static final int LONG_RUN_SETTLE_SECONDS = 60;

    /** The least a scenario's own path is driven before its first measured run (see {@link #settlePath}). */
    static final double PATH_WARM_UP_MIN_SECONDS = 20;
    /** The longest wait for a quiet server before a window ({@link #awaitQuietServer}). */
    static final double QUIET_MAX_SECONDS = 5;

    private final List<String> notes = new ArrayList<>();
    private String auditLine;
    private final Map<String, Double> floors = new HashMap<>();
    private Map<String, BareCrypto.Cost> bare;
    private ProcCpu cpu;
    private long serverPid;
    private LoadRunner runner;
    private double warmRate;

    private Suite(SuiteOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("jeton.repo", ".")).toAbsolutePath().normalize();
        SuiteOptions options;
        try {
            options = SuiteOptions.parse(repo, args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench.sh suite: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new Suite(options).run());
    }

    private int run() throws Exception {
        String timestamp = LocalDateTime.now().format(STAMP);
        Map<String, Object> environment = environment();
        System.out.println("JDK: " + environment.get("jdk") + " (" + environment.get("java_home")
                + "), for the server, the load generator and the bare costs");
        System.out.printf(Locale.ROOT, "bare JOSE costs (%.1f s warm-up and %.1f s per operation) ...%n",
                options.bareSeconds(), options.bareSeconds());
        bare = BareCrypto.measure(options.bareSeconds(), options.bareSeconds());
        bare.values().forEach(c -> System.out.printf(Locale.ROOT, "  %-12s %8.1f µs CPU (%.1f µs wall)%n",
                c.operation(), c.cpuMicros(), c.wallMicros()));

        Path data = options.repo().resolve("target/bench-data");
        deleteTree(data);
        Files.createDirectories(data);
        BenchClients clients = BenchClients.generate();
        Path clientsFile = data.resolve("clients.json");
        Files.writeString(clientsFile, clients.file(options.extraClients()));
        int port = options.port() > 0 ? options.port() : freePort();
        int brokerPort = options.brokerPort() > 0 ? options.brokerPort() : freePort();
        String userPassword = clients.secret.substring(0, 24);
        JetonServer.Settings settings = new JetonServer.Settings(options.repo(), data, clientsFile, port, brokerPort,
                options.db(), List.of("-Djeton.users.pbkdf2-iterations=20000"),
                Map.of("JETON_DEMO_USER_PASSWORD", userPassword));
        if (options.prefillFamilies() > 0) {
            prefill(settings);
        }
        System.out.printf(Locale.ROOT, "starting Jeton: run.sh --no-build on port %d, broker port %d, data %s ...%n",
                port, brokerPort, data);
        SuiteReport.WarmUp warmUp;
        List<SuiteReport.Row> rows = new ArrayList<>();
        SuiteReport.LongRun longRun = null;
        JetonServer.Startup startup;
        try (JetonServer server = JetonServer.start(settings);
             AuditQueueReader audit = new AuditQueueReader(brokerPort)) {
            startup = server.startup();
            System.out.printf(Locale.ROOT, "ready: %.1f s after launching run.sh, %.1f s after the server JVM "
                    + "(pid %d) started%n", startup.launchToReady(), startup.jvmStartToReady(), server.pid());
            environment.put("server_jvm", Files.readSymbolicLink(Path.of("/proc/" + server.pid() + "/exe")).toString());
            cpu = new ProcCpu(server.pid());
            serverPid = server.pid();
            Scenario.Target target = Scenario.Target.loopback(port);
            runner = new LoadRunner(target.host(), target.port(), cpu);
            Scenario basic = new ClientSecretScenario(target, BenchClients.BASIC, clients.secret);
            warmUp = warmUp(basic);
            long heapPostWarmUp = options.longSeconds() > 0 ? server.heapAfterGcKb() : -1;
            HeapHistogram histogramPostWarmUp = options.longSeconds() > 0 ? server.histogram() : null;
            CodeFactory codes = new CodeFactory(target.base(), "demo", userPassword);
            Path recording = options.out().resolve(timestamp + ".jfr");
            int profiled = profiledConcurrency();
            for (String name : options.scenarios()) {
                Scenario scenario = scenario(name, target, clients, basic, codes);
                if (scenario != basic && options.pathWarmUpCap() > 0) {
                    settlePath(scenario);
                }
                for (int c : options.concurrency()) {
                    boolean profile = options.jfr() && scenario.name().equals(options.jfrScenario()) && c == profiled;
                    if (profile) {
                        // the settled server under client_credentials load (issue #13: profile under load)
                        Files.createDirectories(options.out());
                        System.out.println("JFR: " + server.jcmd("JFR.start name=bench settings=profile filename="
                                + recording).strip());
                    }
                    rows.add(measure(scenario, c, false));
                    if (profile) {
                        server.jcmd("JFR.stop name=bench");
                        String summary = JfrProfile.summary(recording);
                        Files.writeString(options.out().resolve(timestamp + "-profile.md"), summary);
                        System.out.println(summary);
                    }
                    if (options.noisy()) {
                        rows.add(measure(scenario, c, true));
                    }
                }
            }
            if (options.longSeconds() > 0) {
                longRun = longRun(server, basic, heapPostWarmUp, histogramPostWarmUp);
            }
            runner.close();
            long events = audit.awaitQuiet(Duration.ofSeconds(3), Duration.ofSeconds(120));
            auditLine = String.format(Locale.ROOT, "Audit queue read throughout by a consumer (as an operator's): %,d "
                    + "distinct events (%,d messages), by name %s.", events, audit.messages.get(), audit.byName());
            System.out.println(auditLine);
            System.out.println("stopping Jeton ...");
        }
        notes();
        SuiteReport report = new SuiteReport(timestamp, environment, settings(port, brokerPort), startup, bare,
                warmUp, rows, longRun, notes);
        Files.createDirectories(options.out());
        Path md = options.out().resolve(timestamp + ".md");
        Path json = options.out().resolve(timestamp + ".json");
        Files.writeString(md, ReportWriter.markdown(report));
        Files.writeString(json, ReportWriter.json(report));
        System.out.println();
        System.out.println(ReportWriter.markdown(report));
        System.out.println("written: " + md + " and " + json);
        return rows.stream().anyMatch(r -> r.errors() > 0) ? 1 : 0;
    }

    /** --jfr profiles client_credentials at the concurrency nearest 16 (the reference point). */
    private int profiledConcurrency() {
        int best = options.concurrency()[0];
        for (int c : options.concurrency()) {
            if (Math.abs(c - 16) < Math.abs(best - 16)) {
                best = c;
            }
        }
        return best;
    }

    private Scenario scenario(String name, Scenario.Target target, BenchClients clients, Scenario basic,
                              CodeFactory codes) {
        return switch (name) {
            case "floor" -> new FloorScenario(target, options.floorPath());
            case "client_secret_basic" -> basic;
            case "private_key_jwt" -> new SignedRequestScenario(SignedRequestScenario.Kind.PRIVATE_KEY_JWT, target,
                    clients);
            case "dpop" -> new SignedRequestScenario(SignedRequestScenario.Kind.DPOP, target, clients);
            case "refresh" -> new RefreshScenario(target, codes);
            case "code" -> new CodeRedemptionScenario(target, codes);
            case "introspection" -> new IntrospectionScenario(target, clients.secret, false);
            case "introspection_fresh" -> new IntrospectionScenario(target, clients.secret, true);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** client_credentials load in windows until two successive windows agree within 10% (after the minimum). */
    private SuiteReport.WarmUp warmUp(Scenario basic) throws Exception {
        int c = options.warmUpConcurrency();
        double window = options.warmUpWindow();
        System.out.printf(Locale.ROOT, "warm-up: %s at concurrency %d, %.0f-s windows, at least %.0f s, at most "
                + "%.0f s%n", basic.name(), c, window, options.warmUpMin(), options.warmUpCap());
        WarmUps.Curve curve = WarmUps.untilSettled(rate -> runner.run(basic.batch(c, window, 0), c, window),
                options.warmUpMin(), options.warmUpCap(), options.settle(), 0, (load, w) -> System.out.printf(
                        Locale.ROOT, "  %5.0f s: %8.1f req/s, server CPU %.3f ms/request, errors %d, others %.2f "
                                + "core-s%n", load, w.requestsPerSecond(), w.serverCpuMsPerRequest(), w.errors(),
                        w.usage().other()));
        if (curve.stalled() != null) {
            throw new IllegalStateException("no request completed during the warm-up: " + curve.stalled().errorSamples());
        }
        List<WarmUpCurve.Window> windows = curve.windows();
        warmRate = curve.lastRate(warmRate);
        double value = WarmUpCurve.settledValue(curve.cpuMsPerRequest());
        Double from = WarmUpCurve.withinFrom(windows, value, 0.20).stream().boxed().findFirst().orElse(null);
        System.out.printf(Locale.ROOT, "warm-up %s: %.3f ms/request; within 20%% of it from %s of load on%n",
                curve.settled() ? "settled" : "NOT settled (cap reached)", value,
                from == null ? "(never)" : String.format(Locale.ROOT, "%.0f s", from));
        return new SuiteReport.WarmUp(c, window, windows, curve.settled(), value, 0.20, from);
    }

    /**
     * Before a scenario's first measured run, its own path under load until its CPU per request settles, as the
     * warm-up did for client_credentials: another grant runs other SQL, other signatures and other Jersey
     * resources, which the JIT has not compiled yet. Without it the first concurrency measured (1) paid for the
     * compilation: refresh at 1 measured 3.49 ms after 5 s of its own warm-up and 2.86 ms after 40 s. At least
     * {@link #PATH_WARM_UP_MIN_SECONDS}: two early windows can agree while the curve still falls (4.29, 3.99 ms).
     * Within half the warm-up's tolerance: refresh's path still fell by 9-10% per window at 20-25 s (3.78, 3.42 ms,
     * then 3.3 ms at concurrency 1 against 2.9 after a longer warm-up).
     */
    private void settlePath(Scenario scenario) throws Exception {
        int c = options.warmUpConcurrency();
        runner.reconnect();
        scenario.prepare(c);
        WarmUps.Curve curve = WarmUps.untilSettled(rate -> drive(scenario, c, options.warmUpWindow(), rate),
                PATH_WARM_UP_MIN_SECONDS, options.pathWarmUpCap(), pathTolerance(), warmRate, (load, w) -> { });
        String line = String.format(Locale.ROOT, "path warm-up of %s at concurrency %d (not measured): %s after %.0f s, "
                        + "%s ms/request in %.0f-s windows", scenario.name(), c,
                curve.settled() ? "settled" : "NOT settled (cap)", curve.loadSeconds(),
                curve.cpuMsPerRequest().stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList(),
                options.warmUpWindow());
        System.out.println(line);
        notes.add(line);
    }

    /** Half the warm-up's: see {@link #settlePath}. */
    private double pathTolerance() {
        return options.settle() / 2;
    }

    /** One scenario at one concurrency: prepared, warmed up (not measured), then measured. */
    private SuiteReport.Row measure(Scenario scenario, int concurrency, boolean noisy) throws Exception {
        runner.reconnect();
        scenario.prepare(concurrency);
        Neighbour neighbour = noisy ? Neighbour.start() : null;
        LoadRunner.Window w;
        try {
            if (neighbour != null) {
                cpu.neighbour(neighbour.pid());
            }
            LoadRunner.Window warm = drive(scenario, concurrency, options.scenarioWarmUp(), warmRate);
            double rate = warm.requests() > 0 ? warm.requestsPerSecond() : warmRate;
            w = drive(scenario, concurrency, options.seconds(), rate);
        } finally {
            if (neighbour != null) {
                neighbour.close();
                cpu.neighbour(0);
            }
        }
        Percentiles.Summary latency = Percentiles.of(w.latencies());
        double serverMs = w.serverCpuMsPerRequest();
        String key = concurrency + "/" + noisy;
        if (scenario instanceof FloorScenario) {
            floors.put(key, serverMs);
        }
        double floorMs = floors.getOrDefault(key, Double.NaN);
        List<String> contained = scenario.contained();
        double containedMs = contained.stream().mapToDouble(op -> bare.containsKey(op)
                ? bare.get(op).cpuMicros() / 1000 : Double.NaN).sum();
        double ratio = scenario instanceof FloorScenario ? Double.NaN : serverMs / (containedMs + floorMs);
        ProcCpu.Usage u = w.usage();
        boolean disturbed = u.otherShare() > options.disturbedAbove();
        SuiteReport.Row row = new SuiteReport.Row(scenario.name(), concurrency, noisy, u.seconds(), w.requests(),
                w.requestsPerSecond(), latency.p50() / 1e6, latency.p90() / 1e6, latency.p99() / 1e6, w.errors(),
                w.errorSamples(), serverMs, w.generatorCpuMsPerRequest(), contained, containedMs, floorMs, ratio,
                u.other(), u.otherShare(), disturbed, u.neighbour());
        System.out.printf(Locale.ROOT, "%-20s c=%-3d %s %8.1f req/s  p50 %6.2f  p90 %6.2f  p99 %6.2f ms  errors %d  "
                        + "CPU %.3f ms/req  ratio %s  others %.1f%%%s%n", scenario.name(), concurrency,
                noisy ? "noisy" : "alone", row.requestsPerSecond(), row.p50Ms(), row.p90Ms(), row.p99Ms(), row.errors(),
                serverMs, Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f", ratio) : "-",
                u.otherShare() * 100, disturbed ? "  DISTURBED" : "");
        w.errorSamples().forEach((k, v) -> System.out.println("    error " + k + ": " + v));
        return row;
    }

    /** Load for {@code seconds} of windows: one window, or batches of prepared requests one after the other. */
    private LoadRunner.Window drive(Scenario scenario, int concurrency, double seconds, double rate) throws Exception {
        LoadRunner.Window total = LoadRunner.Window.empty();
        while (total.usage().seconds() < seconds - 0.05) {
            double left = seconds - total.usage().seconds();
            LoadRunner.Source source = scenario.batch(concurrency, left, rate);
            awaitQuietServer();
            LoadRunner.Window w = runner.run(source, concurrency, Math.min(left, scenario.maxWindowSeconds()));
            total = total.plus(w);
            if (w.requests() == 0) {
                break;
            }
            rate = w.requestsPerSecond();
        }
        return total;
    }

    /**
     * What making a batch set off in the server is over before its window is measured: codes are made through
     * sign-ins and authorization requests, whose audit events the relay sends and whose rows H2 writes after the
     * responses, and in the window they would count as the redemptions' CPU (code at concurrency 1 measured 3.93 ms
     * per redemption against 2.90 for a refresh rotation, which signs the same tokens; with this wait 3.71 on a
     * slower host, so it is not all of the difference). Samples every 200 ms until
     * the server used at most two clock ticks (a tenth of a core) in one, for at most {@link #QUIET_MAX_SECONDS}.
     */
    private void awaitQuietServer() throws InterruptedException {
        long deadline = System.nanoTime() + (long) (QUIET_MAX_SECONDS * 1e9);
        long before = ProcCpu.processTicks(serverPid);
        while (System.nanoTime() < deadline) {
            Thread.sleep(200);
            long now = ProcCpu.processTicks(serverPid);
            if (now - before <= 2) {
                return;
            }
            before = now;
        }
    }

    private SuiteReport.LongRun longRun(JetonServer server, Scenario basic, long heapPostWarmUp,
                                        HeapHistogram postWarmUp) throws Exception {
        int c = 64;
        System.out.printf(Locale.ROOT, "long run: %s at concurrency %d for %.0f s ...%n", basic.name(), c,
                options.longSeconds());
        long before = server.heapAfterGcKb();
        HeapHistogram atStart = server.histogram();
        runner.reconnect();
        // the run's own working set first (see LongRun): load at c, unmeasured, then the settled sample at rest
        drive(basic, c, LONG_RUN_SETTLE_SECONDS, warmRate);
        long settledKb = server.heapAfterGcKb();
        HeapHistogram atSettled = server.histogram();
        runner.reconnect();
        LoadRunner.Window w = drive(basic, c, options.longSeconds(), warmRate);
        long end = server.heapAfterGcKb();
        HeapHistogram atEnd = server.histogram();
        notes.add("Live objects (jcmd GC.class_histogram) that grew most from post-warm-up to the long run's settled "
                + "point: " + String.join("; ", atSettled.growthSince(postWarmUp, 8)) + ". From the settled point to "
                + "the end: " + String.join("; ", atEnd.growthSince(atSettled, 8)) + ". From the long run's start "
                + "to its settled point: " + String.join("; ", atSettled.growthSince(atStart, 5)) + ".");
        SuiteReport.LongRun l = new SuiteReport.LongRun(w.usage().seconds(), c, w.requests(), w.requestsPerSecond(),
                w.serverCpuMsPerRequest(), w.errors(), w.usage().otherShare(), heapPostWarmUp, before, settledKb, end);
        System.out.printf(Locale.ROOT, "long run: %,d requests, %d errors, heap after GC %,d KB post-warm-up, %,d KB "
                + "settled (after %d s), %,d KB at the end (%+.0f%% from settled)%n", l.requests(), l.errors(),
                heapPostWarmUp, settledKb, LONG_RUN_SETTLE_SECONDS, end, 100 * l.heapGrowthSettled());
        return l;
    }

    /** A first start creates the tables; with the server stopped, the families go in; the measured start follows. */
    private void prefill(JetonServer.Settings settings) throws Exception {
        System.out.println("prefill: a first start of Jeton creates its tables ...");
        try (JetonServer first = JetonServer.start(settings)) {
            System.out.printf(Locale.ROOT, "prefill: the tables exist (first start %.1f s); stopping%n",
                    first.startup().launchToReady());
        }
        String url;
        String user;
        String password;
        if (options.db() == null) {
            url = "jdbc:h2:file:" + settings.dataDir().resolve("db/jeton");
            user = "";
            password = "";
        } else {
            DatabaseUrl db = DatabaseUrl.parse(options.db());
            url = db.jdbcUrl();
            user = db.user();
            password = db.password();
        }
        System.out.printf(Locale.ROOT, "prefill: %,d refresh-token families into %s ...%n", options.prefillFamilies(),
                url);
        Prefill.families(url, user, password, options.prefillFamilies(), BenchClients.APP);
    }

    private Map<String, Object> environment() throws IOException {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("jdk", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
        env.put("java_home", System.getProperty("java.home"));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            env.put("cpu", lines.filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown"));
        }
        return env;
    }

    private Map<String, Object> settings(int port, int brokerPort) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("server", "server-config/run.sh --no-build: target/jeton.war on Payara Micro, profile dev (keystore "
                + "generated), HTTP on 127.0.0.1:" + port);
        s.put("database", options.db() == null ? "H2 file database in target/bench-data (embedded, WRITE_DELAY=0)"
                : "run.sh --db " + DatabaseUrl.withoutPassword(options.db()));
        s.put("audit", "outbox in the grant's transaction, relayed to the embedded persistent ActiveMQ broker "
                + "(port " + brokerPort + ")");
        s.put("access token / ID token signing", "jeton.signing.algorithm and jeton.id-token.signing-algorithm at "
                + "their defaults (ES256 / RS256); per scenario the algorithms read off the responses");
        s.put("client authentication", "client_secret_basic (SHA-256 secret hash), private_key_jwt ES256, "
                + "DPoP proofs ES256 without nonces (jeton.dpop.nonce-required=false, the default)");
        s.put("sign-in for codes", "PBKDF2 with 20,000 iterations for the benchmark's user (not in any measured "
                + "window)");
        s.put("clients registered", 5 + options.extraClients() + " (5 used, " + options.extraClients() + " extra)");
        s.put("prefilled refresh families", options.prefillFamilies());
        s.put("scenarios", options.scenarios());
        s.put("concurrency", Arrays.stream(options.concurrency()).boxed().toList());
        s.put("measured seconds per scenario and concurrency", options.seconds());
        s.put("scenario warm-up seconds (not measured)", options.scenarioWarmUp());
        s.put("path warm-up (not measured)", options.pathWarmUpCap() > 0 ? String.format(Locale.ROOT, "before a "
                + "scenario's first run, at concurrency %d in %.0f-s windows until two successive windows agree within "
                + "%.0f%%, at least %.0f s, at most %.0f s", options.warmUpConcurrency(), options.warmUpWindow(),
                100 * pathTolerance(), PATH_WARM_UP_MIN_SECONDS, options.pathWarmUpCap()) : "off");
        s.put("noisy neighbour", options.noisy() ? "also each run next to a shell loop burning one core" : "no");
        s.put("floor request", "GET " + options.floorPath());
        s.put("load generator", "Java, raw HTTP/1.1 keep-alive sockets, one connection per worker, closed loop, "
                + "request bytes prepared before the window; assertions, proofs and codes made before it");
        s.put("disturbed when others above", String.format(Locale.ROOT, "%.0f%% of the machine",
                options.disturbedAbove() * 100));
        return s;
    }

    private void notes() {
        if (auditLine != null) {
            notes.add(auditLine);
        }
        notes.add("Server CPU = utime + stime of the server JVM from /proc/<pid>/stat over the window: Payara, "
                + "Jeton, H2 and the broker are all in that one process.");
        notes.add("Others = the machine's busy time (/proc/stat) minus the server, the load generator and the "
                + "neighbour: a high share means the figures of that window were disturbed.");
        notes.add("Bare costs are single-thread CPU time per operation in the load generator's JVM (the server's "
                + "JDK) with fresh JCA keys; the floor is the floor scenario at the same concurrency.");
        if (options.db() != null) {
            notes.add("--db was passed to run.sh as given; run.sh must know the option (it is added by another "
                    + "change).");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
