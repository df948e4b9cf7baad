package dev.jeton.bench;


import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A bounded soak of a running Jeton on loopback: every grant it has, mixed, at a fixed rate, for a
 * fixed time, while a consumer reads the audit queue. It prints the responses by class (2xx, 4xx,
 * 5xx), the audit events expected against those on the queue (distinct by {@code event_id}), and
 * the server process's heap after a full GC, threads and open file descriptors at the start and
 * at the end (so a leak of connections, threads or memory shows).
 * <p>
 * Not a test and never run by Maven: {@code server-config/bench.sh soak} starts a server with the
 * soak clients ({@code src/test/resources/soak-clients.json}) and runs this against it. Arguments:
 * {@code base-url broker-port server-pid rate-per-second seconds}; the clients' secret in
 * {@code JETON_SOAK_SECRET}, the user's password in {@code JETON_SOAK_USER_PASSWORD}.
 * <p>
 * The mix per 20 requests: 8 client_credentials with client_secret_basic, 6 with
 * client_secret_post, 5 refresh_token rotations and 1 whole authorization-code flow (sign-in
 * without a browser, PKCE S256, redemption). A rotation without a refresh token at hand does a
 * code flow instead. Exit status 1 when any response was a 5xx or an audit event is missing.
 */
public final class Soak {

    private static final String REDIRECT = "http://127.0.0.1:9/callback";
    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");
    private static final String[] MIX = {"basic", "post", "basic", "refresh", "basic", "post", "refresh", "basic",
        "post", "code", "basic", "refresh", "post", "basic", "refresh", "post", "basic", "refresh", "post", "basic"};

    private final URI base;
    private final String secret;
    private final String password;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final LongAdder ok = new LongAdder();
    private final LongAdder clientErrors = new LongAdder();
    private final LongAdder serverErrors = new LongAdder();
    private final LongAdder failures = new LongAdder();
    /** Every token endpoint answer is one event; a rotation adds refresh_rotated. */
    private final LongAdder expectedEvents = new LongAdder();
    private final Map<String, LongAdder> byOperation = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> refreshTokens = new ConcurrentLinkedQueue<>();
    private final Set<String> samples = ConcurrentHashMap.newKeySet();

    private Soak(URI base, String secret, String password) {
        this.base = base;
        this.secret = secret;
        this.password = password;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: Soak base-url broker-port server-pid rate-per-second seconds");
            System.exit(2);
        }
        URI base = URI.create(args[0]);
        if (!Set.of("localhost", "127.0.0.1", "[::1]").contains(base.getHost())) {
            System.err.println("Soak: only loopback base URLs");
            System.exit(2);
        }
        int brokerPort = Integer.parseInt(args[1]);
        long pid = Long.parseLong(args[2]);
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        Soak soak = new Soak(base, required("JETON_SOAK_SECRET"), required("JETON_SOAK_USER_PASSWORD"));
        System.exit(soak.run(brokerPort, pid, rate, seconds));
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            System.err.println("Soak: " + name + " is not set");
            System.exit(2);
        }
        return value;
    }

    private int run(int brokerPort, long pid, int rate, int seconds) throws Exception {
        AuditQueueReader audit = new AuditQueueReader(brokerPort);
        // a short warm-up, so that "start" is a server that has JIT-compiled and filled its pools
        System.out.println("warm-up: 10 s at " + rate + " req/s");
        drive(rate, 10);
        ServerProcess.Figures start = ServerProcess.measure(pid);
        System.out.println("start: " + start);
        long t0 = System.nanoTime();
        long sent = drive(rate, seconds);
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long expected = expectedEvents.sum();
        long received = audit.awaitDistinct(expected, Duration.ofSeconds(60));
        ServerProcess.Figures end = ServerProcess.measure(pid);
        audit.close();

        System.out.printf("%nsoak: %d requests in %.1f s (%.1f req/s target %d) after 10 s of warm-up%n", sent,
                elapsed, sent / elapsed, rate);
        System.out.printf("responses (warm-up included): 2xx %d, 4xx %d, 5xx %d, no response %d%n", ok.sum(),
                clientErrors.sum(), serverErrors.sum(), failures.sum());
        System.out.println("by operation: " + byOperation.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue().sum()).collect(Collectors.joining(", ")));
        System.out.printf("audit events: expected %d, on the queue %d distinct (%d messages, %d duplicates)%n",
                expected, received, audit.messages.get(), audit.messages.get() - received);
        System.out.println("server at start: " + start);
        System.out.println("server at end:   " + end);
        System.out.println("live heap growth by class (top 10):\n" + ServerProcess.growth(start, end, 10));
        samples.forEach(s -> System.out.println("sample: " + s));
        boolean good = serverErrors.sum() == 0 && failures.sum() == 0 && received == expected;
        System.out.println(good ? "OK: no 5xx, no lost audit event" : "NOT OK");
        return good ? 0 : 1;
    }

    /** Sends at a fixed rate for the given time; returns how many requests were started. */
    private long drive(int rate, int seconds) throws InterruptedException {
        ExecutorService workers = Executors.newFixedThreadPool(16);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        AtomicLong started = new AtomicLong();
        long periodMicros = 1_000_000L / rate;
        ticker.scheduleAtFixedRate(() -> {
            String op = MIX[(int) (started.getAndIncrement() % MIX.length)];
            workers.execute(() -> operation(op));
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        Thread.sleep(seconds * 1000L);
        ticker.shutdownNow();
        workers.shutdown();
        workers.awaitTermination(2, TimeUnit.MINUTES);
        return started.get();
    }

    private void operation(String op) {
        try {
            switch (op) {
                case "basic" -> token(Map.of("grant_type", "client_credentials"),
                        "Basic " + Base64.getEncoder().encodeToString(("soak-basic:" + secret)
                                .getBytes(StandardCharsets.UTF_8)), "client_credentials basic");
                case "post" -> token(Map.of("grant_type", "client_credentials", "client_id", "soak-post",
                        "client_secret", secret), null, "client_credentials post");
                case "refresh" -> {
                    String refresh = refreshTokens.poll();
                    if (refresh == null) {
                        codeFlow();
                        return;
                    }
                    HttpResponse<String> r = token(Map.of("grant_type", "refresh_token", "client_id", "soak-app",
                            "refresh_token", refresh), null, "refresh_token");
                    if (r != null && r.statusCode() == 200) {
                        expectedEvents.increment(); // refresh_rotated
                        refreshTokens.add(member(r.body(), "refresh_token"));
                    }
                }
                default -> codeFlow();
            }
        } catch (RuntimeException e) {
            failures.increment();
            samples.add(op + ": " + e);
        }
    }

    private void codeFlow() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challenge;
        try {
            challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", "soak-app");
        query.put("redirect_uri", REDIRECT);
        query.put("scope", "openid offline_access api.read");
        query.put("state", Long.toHexString(System.nanoTime()));
        query.put("code_challenge", challenge);
        query.put("code_challenge_method", "S256");
        String code = signIn("/oauth/authorize?" + form(query));
        if (code == null) {
            return;
        }
        HttpResponse<String> r = token(Map.of("grant_type", "authorization_code", "client_id", "soak-app", "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier), null, "authorization_code");
        if (r != null && r.statusCode() == 200) {
            refreshTokens.add(member(r.body(), "refresh_token"));
        }
    }

    /** The browser's part without a browser: follow redirects, fill in the sign-in form; returns the code. */
    private String signIn(String authorizePath) {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> response = send(browser, HttpRequest.newBuilder(base.resolve(authorizePath)).GET().build());
        for (int step = 0; step < 8 && response != null; step++) {
            int status = response.statusCode();
            if (status / 100 == 3) {
                URI location = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                if (location.toString().startsWith(REDIRECT)) {
                    count("authorize", 200);
                    return parameter(location, "code");
                }
                response = send(browser, HttpRequest.newBuilder(location).GET().build());
            } else if (status == 200 && response.body().contains("name=\"password\"")) {
                Map<String, String> fields = hidden(response.body());
                fields.put("username", "demo");
                fields.put("password", password);
                response = send(browser, HttpRequest.newBuilder(base.resolve("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build());
            } else {
                count("authorize", status);
                samples.add("authorize: " + status + " " + abbreviate(response.body()));
                return null;
            }
        }
        return null;
    }

    private HttpResponse<String> token(Map<String, String> parameters, String authorization, String operation) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/oauth/token"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(parameters)));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> r = send(http, request.build());
        if (r != null) {
            expectedEvents.increment(); // token_issued or token_denied
            count(operation, r.statusCode());
            if (r.statusCode() != 200) {
                samples.add(operation + ": " + r.statusCode() + " " + abbreviate(r.body()));
            }
        }
        return r;
    }

    private void count(String operation, int status) {
        byOperation.computeIfAbsent(operation + " " + (status / 100) + "xx", k -> new LongAdder()).increment();
        if (status / 100 == 2 || status / 100 == 3) {
            ok.increment();
        } else if (status / 100 == 4) {
            clientErrors.increment();
        } else {
            serverErrors.increment();
        }
    }

    private HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            failures.increment();
            samples.add(request.uri().getPath() + ": " + e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String member(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static String form(Map<String, String> parameters) {
        return parameters.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static Map<String, String> hidden(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            fields.put(m.group(1), m.group(2).replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'")
                    .replace("&lt;", "<").replace("&gt;", ">"));
        }
        return fields;
    }

    private static String parameter(URI uri, String name) {
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    /** The server process, seen from outside: heap after a full GC (jcmd), threads and descriptors (/proc). */
    static final class ServerProcess {
        record Figures(long heapUsedKb, long threads, long fileDescriptors, HeapHistogram histogram) {
            @Override
            public String toString() {
                return String.format("heap after GC %,d KB, threads %d, open file descriptors %d", heapUsedKb,
                        threads, fileDescriptors);
            }
        }

        static Figures measure(long pid) throws IOException, InterruptedException {
            jcmd(pid, "GC.run");
            long heapKb = HeapInfo.usedKb(jcmd(pid, "GC.heap_info"));
            long threads = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("Threads:")).map(l -> Long.parseLong(l.substring(8).trim()))
                    .findFirst().orElse(-1L);
            long fds;
            try (var list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
                fds = list.count();
            }
            return new Figures(heapKb, threads, fds, HeapHistogram.parse(jcmd(pid, "GC.class_histogram")));
        }

        /** Where the live heap grew between two measurements: the classes that grew most, in bytes. */
        static String growth(Figures start, Figures end, int top) {
            return end.histogram().growthSince(start.histogram(), top).stream().map(line -> "  " + line)
                    .collect(Collectors.joining("\n"));
        }

        private static String jcmd(long pid, String command) throws IOException, InterruptedException {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process p = new ProcessBuilder(List.of(jcmd.toString(), String.valueOf(pid), command))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        }
    }
}
