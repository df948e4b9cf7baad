package dev.jeton.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Load on a running Jeton's token endpoint over HTTP: client_credentials requests with
 * client_secret_basic from a fixed pool of workers, each sending one request at a time.
 * <p>
 * Not a test and never run by Maven: start the server with {@code server-config/run.sh}, then
 * {@code server-config/bench.sh http [base-url] [client-id] [client-secret] [concurrency]
 * [seconds] [max-rps] [max-requests]}. Any argument may be {@code -} for its default:
 * {@code http://localhost:8080}, {@code demo-service}, the environment variable
 * {@code JETON_BENCH_CLIENT_SECRET}, 4, 20, no rate cap, 1,000,000. A secret of the form
 * {@code @file} is read from that file (so it need not appear in the process list).
 * <p>
 * It only ever sends to loopback addresses: a base URL whose host is not {@code localhost},
 * {@code 127.x.y.z} or {@code [::1]} is refused, no proxy is used and redirects are not
 * followed. The run ends at the time limit or the request limit, whichever comes first.
 * Latency is measured per request from send to the complete response body. With a rate cap the
 * requests are paced evenly and latency is still measured from the actual send.
 * <p>
 * Exit status: 0 when done, 1 when any response was a 5xx, 2 for bad arguments, 3 when no
 * request got any HTTP response at all (server not running).
 */
public final class HttpLoad {

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_SAMPLE_BODIES = 3;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
            usage();
            return;
        }
        if (args.length > 8) {
            usage();
            System.exit(2);
        }
        Config config;
        try {
            config = Config.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("HttpLoad: " + e.getMessage());
            usage();
            System.exit(2);
            return;
        }
        System.exit(new HttpLoad(config).run());
    }

    private static void usage() {
        System.err.println("usage: HttpLoad [base-url] [client-id] [client-secret|@file] [concurrency] [seconds]"
                + " [max-rps] [max-requests]   ('-' = default; base URL must be loopback)");
    }

    record Config(URI base, String clientId, String clientSecret, int concurrency, int seconds, double maxRps,
                  long maxRequests) {

        static Config parse(String[] args) {
            String base = arg(args, 0, "http://localhost:8080");
            String clientId = arg(args, 1, "demo-service");
            String secret = arg(args, 2, System.getenv("JETON_BENCH_CLIENT_SECRET"));
            int concurrency = (int) number(arg(args, 3, "4"), "concurrency", 1, 1024);
            int seconds = (int) number(arg(args, 4, "20"), "seconds", 1, 3600);
            double rps = number(arg(args, 5, "0"), "max-rps", 0, 1e6);
            long maxRequests = (long) number(arg(args, 6, "1000000"), "max-requests", 1, 1e9);
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("no client secret: pass it (or @file) as the third argument"
                        + " or set JETON_BENCH_CLIENT_SECRET");
            }
            if (secret.startsWith("@")) {
                try {
                    secret = Files.readString(Path.of(secret.substring(1))).strip();
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read the secret file " + secret.substring(1)
                            + ": " + e.getMessage());
                }
            }
            return new Config(loopbackBase(base), clientId, secret, concurrency, seconds, rps, maxRequests);
        }

        private static String arg(String[] args, int index, String fallback) {
            return index < args.length && !args[index].equals("-") ? args[index] : fallback;
        }

        private static double number(String value, String name, double min, double max) {
            try {
                double d = Double.parseDouble(value);
                if (d < min || d > max || Double.isNaN(d)) {
                    throw new IllegalArgumentException(name + " must be between " + (long) min + " and " + (long) max);
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " is not a number: " + value);
            }
        }
    }

    /**
     * The base URL when its host is a loopback name or literal; refuses anything else before a
     * single byte is sent. {@code localhost} must also resolve to loopback addresses only.
     */
    static URI loopbackBase(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a URL: " + value);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the base URL must be http or https: " + value);
        }
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the base URL must not carry user info, a query or a fragment");
        }
        String host = uri.getHost();
        if (host == null || !isLoopback(host)) {
            throw new IllegalArgumentException("refusing to send load to " + (host == null ? value : host)
                    + ": only localhost, 127.x.y.z and [::1] are allowed");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("[::1]") || h.equals("[0:0:0:0:0:0:0:1]")) {
            return true;
        }
        var m = IPV4_LOOPBACK.matcher(h);
        if (m.matches()) {
            for (int g = 1; g <= 3; g++) {
                if (Integer.parseInt(m.group(g)) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (h.equals("localhost") || h.equals("localhost.")) {
            try {
                InetAddress[] addresses = InetAddress.getAllByName("localhost");
                return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    private final Config config;
    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Map<String, List<String>> sampleBodies = new ConcurrentHashMap<>();
    private final AtomicLong claimed = new AtomicLong();
    private final LongAdder okWithoutToken = new LongAdder();
    private AtomicLongArray perSecond;

    private HttpLoad(Config config) {
        this.config = config;
    }

    private int run() throws Exception {
        URI tokenUri = URI.create(config.base + "/oauth/token");
        String credentials = form(config.clientId) + ":" + form(config.clientSecret);
        String authorization = "Basic " + Base64.getEncoder().encodeToString(
                credentials.getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(tokenUri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();

        ExecutorService clientPool = Executors.newFixedThreadPool(Math.max(2, config.concurrency), daemon("http"));
        ExecutorService workers = Executors.newFixedThreadPool(config.concurrency, daemon("load"));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(clientPool)
                .build();

        System.out.printf(Locale.ROOT, "HttpLoad: POST %s as %s, concurrency %d, %d s, %s, at most %d requests%n",
                tokenUri, config.clientId, config.concurrency, config.seconds,
                config.maxRps > 0 ? String.format(Locale.ROOT, "capped at %.0f req/s", config.maxRps) : "no rate cap",
                config.maxRequests);

        // One request first, not counted: a server that is not there ends the run at once.
        try {
            HttpResponse<String> probe = client.send(request, HttpResponse.BodyHandlers.ofString());
            System.out.println("probe request: HTTP " + probe.statusCode()
                    + (probe.statusCode() == 200 ? "" : " " + probe.body()));
        } catch (IOException e) {
            System.out.println("FAILED: no HTTP response from " + tokenUri + " (" + e + "); is the server running?");
            clientPool.shutdownNow();
            workers.shutdownNow();
            return 3;
        }

        perSecond = new AtomicLongArray(config.seconds + (int) REQUEST_TIMEOUT.toSeconds() + 2);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(config.seconds);
        List<Future<long[]>> results = new ArrayList<>();
        for (int i = 0; i < config.concurrency; i++) {
            results.add(workers.submit(() -> work(client, request, start, deadline)));
        }
        workers.shutdown();
        long[][] latencies = new long[config.concurrency][];
        for (int i = 0; i < results.size(); i++) {
            latencies[i] = results.get(i).get(config.seconds + REQUEST_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
        }
        long elapsed = System.nanoTime() - start;
        clientPool.shutdownNow();

        int total = Arrays.stream(latencies).mapToInt(l -> l.length).sum();
        long[] all = new long[total];
        int at = 0;
        for (long[] l : latencies) {
            System.arraycopy(l, 0, all, at, l.length);
            at += l.length;
        }
        Arrays.sort(all);
        report(all, elapsed);

        boolean fiveHundreds = statuses.keySet().stream().anyMatch(s -> s.startsWith("5"));
        boolean anyResponse = statuses.keySet().stream().anyMatch(s -> Character.isDigit(s.charAt(0)));
        if (fiveHundreds) {
            System.out.println("FAILED: the server answered 5xx; see its log.");
            return 1;
        }
        if (!anyResponse) {
            System.out.println("FAILED: no HTTP response at all; is the server running at " + config.base + "?");
            return 3;
        }
        return 0;
    }

    /** One worker: sends until the deadline or the shared request limit; returns its latencies in ns. */
    private long[] work(HttpClient client, HttpRequest request, long start, long deadline) throws InterruptedException {
        long[] samples = new long[4096];
        int n = 0;
        double intervalNs = config.maxRps > 0 ? 1e9 / config.maxRps : 0;
        while (true) {
            long ticket = claimed.getAndIncrement();
            if (ticket >= config.maxRequests) {
                break;
            }
            if (intervalNs > 0) {
                long slot = start + (long) (ticket * intervalNs);
                long wait = slot - System.nanoTime();
                if (slot >= deadline) {
                    break;
                }
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            long t0 = System.nanoTime();
            if (t0 >= deadline) {
                break;
            }
            String key;
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                long took = System.nanoTime() - t0;
                if (n == samples.length) {
                    samples = Arrays.copyOf(samples, n * 2);
                }
                samples[n++] = took;
                key = Integer.toString(response.statusCode());
                if (response.statusCode() == 200) {
                    if (!response.body().contains("\"access_token\"")) {
                        okWithoutToken.increment();
                        keep("200 without access_token", response.body());
                    }
                } else {
                    keep(key, response.body());
                }
            } catch (IOException e) {
                key = "error " + e.getClass().getSimpleName();
                keep(key, String.valueOf(e.getMessage()));
                TimeUnit.MILLISECONDS.sleep(10); // no busy loop against a server that went away
            }
            statuses.computeIfAbsent(key, k -> new LongAdder()).increment();
            int second = (int) ((System.nanoTime() - start) / 1_000_000_000L);
            if (second < perSecond.length()) {
                perSecond.incrementAndGet(second);
            }
        }
        return Arrays.copyOf(samples, n);
    }

    private void keep(String key, String body) {
        List<String> bodies = sampleBodies.computeIfAbsent(key, k -> java.util.Collections.synchronizedList(
                new ArrayList<>()));
        if (bodies.size() < MAX_SAMPLE_BODIES) {
            String text = body == null ? "" : body.replaceAll("\\s+", " ");
            bodies.add(text.length() > 200 ? text.substring(0, 200) + "..." : text);
        }
    }

    private void report(long[] sorted, long elapsedNs) {
        long requests = statuses.values().stream().mapToLong(LongAdder::sum).sum();
        long ok = statuses.getOrDefault("200", new LongAdder()).sum();
        double seconds = elapsedNs / 1e9;
        System.out.println();
        System.out.printf(Locale.ROOT, "| %-28s | %14s |%n", "measure", "value");
        System.out.println("|------------------------------|----------------|");
        row("total requests", Long.toString(requests));
        Map<String, LongAdder> ordered = new TreeMap<>(statuses);
        for (var e : ordered.entrySet()) {
            row((Character.isDigit(e.getKey().charAt(0)) ? "status " : "") + e.getKey(), Long.toString(e.getValue().sum()));
        }
        if (okWithoutToken.sum() > 0) {
            row("200 without access_token", Long.toString(okWithoutToken.sum()));
        }
        row("elapsed s", String.format(Locale.ROOT, "%.2f", seconds));
        row("throughput req/s", String.format(Locale.ROOT, "%.1f", requests / seconds));
        row("throughput 200/s", String.format(Locale.ROOT, "%.1f", ok / seconds));
        if (sorted.length > 0) {
            double mean = Arrays.stream(sorted).average().orElse(0);
            row("latency mean ms", ms(mean));
            row("latency p50 ms", ms(percentile(sorted, 0.50)));
            row("latency p90 ms", ms(percentile(sorted, 0.90)));
            row("latency p99 ms", ms(percentile(sorted, 0.99)));
            row("latency max ms", ms(sorted[sorted.length - 1]));
        }
        System.out.println();
        StringBuilder timeline = new StringBuilder("completed per second:");
        int last = perSecond.length() - 1;
        while (last > 0 && perSecond.get(last) == 0) {
            last--;
        }
        for (int i = 0; i <= last; i++) {
            timeline.append(' ').append(perSecond.get(i));
        }
        System.out.println(timeline);
        if (!sampleBodies.isEmpty()) {
            System.out.println();
            System.out.println("Other responses and errors (up to " + MAX_SAMPLE_BODIES + " samples each):");
            new TreeMap<>(sampleBodies).forEach((key, bodies) ->
                    bodies.forEach(b -> System.out.println("  " + key + ": " + b)));
        }
    }

    private static void row(String name, String value) {
        System.out.printf(Locale.ROOT, "| %-28s | %14s |%n", name, value);
    }

    private static String ms(double ns) {
        return String.format(Locale.ROOT, "%.2f", ns / 1e6);
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** RFC 6749 §2.3.1: client id and secret are form-encoded before Basic. */
    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicLong count = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
