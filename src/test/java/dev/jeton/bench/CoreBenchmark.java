package dev.jeton.bench;

import dev.jeton.client.ClientAuthRequest;
import dev.jeton.client.ClientAuthentication;
import dev.jeton.client.ClientSecretBasicAuthenticator;
import dev.jeton.client.ClientSecretPostAuthenticator;
import dev.jeton.client.ClientSecrets;
import dev.jeton.client.PublicClientAuthenticator;
import dev.jeton.jose.JwtAccessTokenIssuer;
import dev.jeton.token.AccessTokenClaims;
import dev.jeton.token.CoreFixture;
import dev.jeton.token.TokenEndpoint;
import dev.jeton.vocabulary.TokenIds;
import dev.jeton.token.TokenOutcome;
import dev.jeton.token.TokenRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Throughput and latency of the conn-free core, in process: {@link TokenEndpoint#process} for a
 * client_credentials request with client_secret_basic, per signing algorithm and thread count,
 * then its parts on their own (JWT signing, the secret check, client authentication, the jti) so
 * that the figures show where the time goes.
 * <p>
 * Not a test and never run by Maven: start it with {@code server-config/bench.sh core [options]}.
 * <pre>
 *   --warmup S        warm-up seconds before each case (default 2)
 *   --time S          measured seconds per case (default 3)
 *   --iterations N    measure N operations per thread instead of a time (overrides --time)
 *   --threads LIST    thread counts for the endpoint cases, comma-separated (default 1,2)
 *   --algorithms LIST signing algorithms (default ES256,RS256)
 * </pre>
 * The core is built as the unit tests build it ({@link CoreFixture}): real authenticators, real
 * client_credentials handler, real signer with a real keystore, an in-memory client store and no
 * audit transport. The same immutable request is sent every time; the Basic header is still
 * parsed and the secret still hashed on every call.
 */
public final class CoreBenchmark {

    /** Results are folded in here so that the JIT cannot drop the work. */
    private static volatile int sink;

    private final double warmupSeconds;
    private final double measureSeconds;
    private final long iterations;
    private final int[] threadCounts;
    private final List<String> algorithms;

    private CoreBenchmark(double warmupSeconds, double measureSeconds, long iterations, int[] threadCounts,
                          List<String> algorithms) {
        this.warmupSeconds = warmupSeconds;
        this.measureSeconds = measureSeconds;
        this.iterations = iterations;
        this.threadCounts = threadCounts;
        this.algorithms = algorithms;
    }

    public static void main(String[] args) throws Exception {
        double warmup = 2;
        double time = 3;
        long iterations = 0;
        int[] threads = {1, 2};
        List<String> algorithms = List.of("ES256", "RS256");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (arg) {
                case "--warmup" -> { warmup = positive(arg, value); i++; }
                case "--time" -> { time = positive(arg, value); i++; }
                case "--iterations" -> { iterations = (long) positive(arg, value); i++; }
                case "--threads" -> {
                    threads = Arrays.stream(required(arg, value).split(",")).mapToInt(s -> (int) positive(arg, s))
                            .toArray();
                    i++;
                }
                case "--algorithms" -> {
                    algorithms = Arrays.stream(required(arg, value).split(",")).map(String::strip)
                            .map(s -> s.toUpperCase(Locale.ROOT)).toList();
                    i++;
                }
                case "-h", "--help" -> { usage(); return; }
                default -> {
                    System.err.println("CoreBenchmark: unknown option " + arg);
                    usage();
                    System.exit(2);
                }
            }
        }
        new CoreBenchmark(warmup, time, iterations, threads, algorithms).run();
    }

    private static void usage() {
        System.err.println("usage: CoreBenchmark [--warmup S] [--time S | --iterations N] [--threads 1,2]"
                + " [--algorithms ES256,RS256]");
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static double positive(String option, String value) {
        double d = Double.parseDouble(required(option, value));
        if (!(d > 0)) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return d;
    }

    private void run() throws Exception {
        System.out.printf(Locale.ROOT, "Jeton core benchmark: Java %s (%s), %d CPUs, os %s %s%n",
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"));
        System.out.printf(Locale.ROOT, "warm-up %.1f s per case, then %s%n%n", warmupSeconds,
                iterations > 0 ? iterations + " operations per thread" : String.format(Locale.ROOT,
                        "%.1f s per case", measureSeconds));

        List<Row> endpointRows = new ArrayList<>();
        List<Row> partRows = new ArrayList<>();
        Map<String, Double> endpointMeanNs = new java.util.HashMap<>();

        for (String algorithm : algorithms) {
            CoreFixture core = new CoreFixture(Map.of("jeton.signing.algorithm", algorithm));
            TokenRequest request = CoreFixture.request(CoreFixture.basic("service", CoreFixture.SECRET),
                    "grant_type", "client_credentials");
            TokenOutcome first = core.endpoint.process(request);
            if (!(first instanceof TokenOutcome.Issued issued)) {
                throw new IllegalStateException(algorithm + ": the request was not granted: " + first);
            }
            String header = new String(java.util.Base64.getUrlDecoder().decode(
                    issued.response().accessToken().split("\\.")[0]), java.nio.charset.StandardCharsets.UTF_8);
            if (!header.contains("\"" + algorithm + "\"")) {
                throw new IllegalStateException(algorithm + ": the token was signed with " + header);
            }
            TokenEndpoint endpoint = core.endpoint;
            AtomicLong notIssued = new AtomicLong();
            IntSupplier process = () -> {
                TokenOutcome outcome = endpoint.process(request);
                if (!(outcome instanceof TokenOutcome.Issued ok)) {
                    notIssued.incrementAndGet();
                    return 0;
                }
                return ok.response().accessToken().length();
            };
            for (int threads : threadCounts) {
                Stats stats = measure(process, threads, true);
                if (notIssued.get() > 0) {
                    throw new IllegalStateException(algorithm + ": " + notIssued.get() + " requests were denied");
                }
                endpointRows.add(new Row(algorithm, "endpoint.process", threads, stats));
                if (threads == 1) {
                    endpointMeanNs.put(algorithm, stats.meanNs());
                }
            }

            JwtAccessTokenIssuer issuer = new JwtAccessTokenIssuer(core.keys);
            AccessTokenClaims claims = new AccessTokenClaims("https://as.example.com", "service",
                    List.of("https://api.example.com"), "service", "api.read", CoreFixture.NOW,
                    CoreFixture.NOW.plusSeconds(600), TokenIds.jwtId());
            partRows.add(new Row(algorithm, "JwtAccessTokenIssuer.issue", 1,
                    measure(() -> issuer.issue(claims).length(), 1, true)));
        }

        String storedHash = ClientSecrets.hash(CoreFixture.SECRET);
        String presented = CoreFixture.SECRET;
        partRows.add(new Row("-", "ClientSecrets.matches", 1,
                measure(() -> ClientSecrets.matches(presented, storedHash) ? 1 : 0, 1, false)));

        CoreFixture core = new CoreFixture();
        ClientAuthentication authentication = new ClientAuthentication(
                id -> Optional.ofNullable(core.clients.get(id)), List.of(new ClientSecretBasicAuthenticator(),
                new ClientSecretPostAuthenticator(), new PublicClientAuthenticator()));
        TokenRequest request = CoreFixture.request(CoreFixture.basic("service", CoreFixture.SECRET),
                "grant_type", "client_credentials");
        ClientAuthRequest authRequest = new ClientAuthRequest(request.parameters(), request.authorizationHeader(),
                request.requestUri(), request.receivedAt());
        if (!(authentication.authenticate(authRequest) instanceof ClientAuthentication.Result.Authenticated)) {
            throw new IllegalStateException("client authentication failed");
        }
        partRows.add(new Row("-", "ClientAuthentication (Basic)", 1,
                measure(() -> authentication.authenticate(authRequest) instanceof
                        ClientAuthentication.Result.Authenticated ? 1 : 0, 1, false)));
        partRows.add(new Row("-", "TokenIds.jwtId", 1, measure(() -> TokenIds.jwtId().length(), 1, false)));

        System.out.println();
        System.out.println("TokenEndpoint.process, client_credentials with client_secret_basic:");
        System.out.println();
        System.out.printf(Locale.ROOT, "| %-9s | %7s | %10s | %10s | %9s | %9s | %9s |%n",
                "algorithm", "threads", "tokens/s", "operations", "mean µs", "p50 µs", "p99 µs");
        System.out.println("|-----------|---------|------------|------------|-----------|-----------|-----------|");
        for (Row row : endpointRows) {
            Stats s = row.stats;
            System.out.printf(Locale.ROOT, "| %-9s | %7d | %10.0f | %10d | %9.1f | %9.1f | %9.1f |%n",
                    row.algorithm, row.threads, s.opsPerSecond(), s.operations, s.meanNs() / 1e3, s.p50Ns / 1e3,
                    s.p99Ns / 1e3);
        }

        System.out.println();
        System.out.println("Parts on their own, 1 thread (share = part's mean / the 1-thread endpoint mean of"
                + " that algorithm):");
        System.out.println();
        System.out.printf(Locale.ROOT, "| %-28s | %-9s | %11s | %12s | %9s | %9s | %7s |%n",
                "operation", "algorithm", "ops/s", "mean ns/op", "p50 µs", "p99 µs", "share");
        System.out.println("|------------------------------|-----------|-------------|--------------|-----------|"
                + "-----------|---------|");
        for (Row row : partRows) {
            Stats s = row.stats;
            String share;
            if (!row.algorithm.equals("-")) {
                share = percent(s.meanNs(), endpointMeanNs.get(row.algorithm));
            } else {
                double smallest = endpointMeanNs.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
                share = percent(s.meanNs(), smallest == 0 ? null : smallest);
            }
            System.out.printf(Locale.ROOT, "| %-28s | %-9s | %11.0f | %12.0f | %9s | %9s | %7s |%n",
                    row.operation, row.algorithm, s.opsPerSecond(), s.meanNs(),
                    s.p50Ns < 0 ? "-" : String.format(Locale.ROOT, "%.1f", s.p50Ns / 1e3),
                    s.p99Ns < 0 ? "-" : String.format(Locale.ROOT, "%.1f", s.p99Ns / 1e3), share);
        }
        System.out.println();
        System.out.println("Rows with algorithm '-' do not depend on it; their share is of the faster"
                + " algorithm's endpoint mean. p50/p99 '-': timed in batches, mean only.");
        System.out.println("(sink " + (sink & 1) + ")");
    }

    private static String percent(double part, Double whole) {
        if (whole == null || whole == 0) {
            return "-";
        }
        double share = 100 * part / whole;
        return String.format(Locale.ROOT, share < 1 ? "%.2f%%" : "%.1f%%", share);
    }

    private record Row(String algorithm, String operation, int threads, Stats stats) {
    }

    /**
     * @param p50Ns -1 when the operation was timed in batches
     */
    private record Stats(long operations, long elapsedNs, long busyNs, long p50Ns, long p99Ns) {
        double opsPerSecond() {
            return operations * 1e9 / elapsedNs;
        }

        /** Mean time of one operation as its caller sees it (per-thread busy time / operations). */
        double meanNs() {
            return (double) busyNs / operations;
        }
    }

    /**
     * Warms up, then runs {@code op} on {@code threads} threads until the time or the iteration
     * count is spent. With {@code perOp} every call is timed (for percentiles); otherwise calls
     * are timed in batches of 1000, for operations too short to time one by one.
     */
    private Stats measure(IntSupplier op, int threads, boolean perOp) throws InterruptedException {
        runPhase(op, threads, perOp, (long) (warmupSeconds * 1e9), 0);
        return runPhase(op, threads, perOp, (long) (measureSeconds * 1e9), iterations);
    }

    private static Stats runPhase(IntSupplier op, int threads, boolean perOp, long durationNs, long iterations)
            throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        Worker[] workers = new Worker[threads];
        Thread[] running = new Thread[threads];
        long[] startHolder = new long[1];
        for (int t = 0; t < threads; t++) {
            Worker worker = new Worker(op, perOp, iterations, ready, go);
            workers[t] = worker;
            running[t] = new Thread(worker, "bench-" + t);
            running[t].start();
        }
        ready.await();
        startHolder[0] = System.nanoTime();
        long deadline = startHolder[0] + durationNs;
        for (Worker worker : workers) {
            worker.deadline = deadline;
        }
        go.countDown();
        for (Thread thread : running) {
            thread.join();
        }
        long end = Arrays.stream(workers).mapToLong(w -> w.finishedAt).max().orElseThrow();
        long operations = 0;
        long busy = 0;
        int total = 0;
        for (Worker worker : workers) {
            if (worker.failure != null) {
                throw new IllegalStateException("benchmark thread failed", worker.failure);
            }
            operations += worker.operations;
            busy += worker.busyNs;
            total += worker.samples.size;
        }
        long p50 = -1;
        long p99 = -1;
        if (perOp && total > 0) {
            long[] all = new long[total];
            int at = 0;
            for (Worker worker : workers) {
                System.arraycopy(worker.samples.values, 0, all, at, worker.samples.size);
                at += worker.samples.size;
            }
            Arrays.sort(all);
            p50 = percentile(all, 0.50);
            p99 = percentile(all, 0.99);
        }
        return new Stats(operations, end - startHolder[0], busy, p50, p99);
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static final class Worker implements Runnable {
        private static final int BATCH = 1000;

        private final IntSupplier op;
        private final boolean perOp;
        private final long iterations;
        private final CountDownLatch ready;
        private final CountDownLatch go;
        private final Samples samples = new Samples();
        volatile long deadline;
        long operations;
        long busyNs;
        long finishedAt;
        Throwable failure;

        Worker(IntSupplier op, boolean perOp, long iterations, CountDownLatch ready, CountDownLatch go) {
            this.op = op;
            this.perOp = perOp;
            this.iterations = iterations;
            this.ready = ready;
            this.go = go;
        }

        @Override
        public void run() {
            int acc = 0;
            try {
                ready.countDown();
                go.await();
                long until = deadline;
                if (perOp) {
                    while (iterations > 0 ? operations < iterations : System.nanoTime() < until) {
                        long t0 = System.nanoTime();
                        acc += op.getAsInt();
                        long took = System.nanoTime() - t0;
                        samples.add(took);
                        busyNs += took;
                        operations++;
                    }
                } else {
                    while (iterations > 0 ? operations < iterations : System.nanoTime() < until) {
                        int n = iterations > 0 ? (int) Math.min(BATCH, iterations - operations) : BATCH;
                        long t0 = System.nanoTime();
                        for (int i = 0; i < n; i++) {
                            acc += op.getAsInt();
                        }
                        busyNs += System.nanoTime() - t0;
                        operations += n;
                    }
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                finishedAt = System.nanoTime();
                sink += acc;
            }
        }
    }

    /** A growable array of nanosecond samples. */
    private static final class Samples {
        long[] values = new long[1 << 14];
        int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }
}
