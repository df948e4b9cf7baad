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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Authorization codes for the public benchmark client, made outside every measured window: a
 * browserless sign-in (the login form filled in, as {@code bench.sh soak} does) once per session,
 * then {@code prompt=none} authorization requests with PKCE S256 (RFC 7636), each answered by a
 * redirect carrying a code. Also redeems codes outside the measurement, for the refresh chains'
 * first refresh tokens.
 */
final class CodeFactory {

    /** A code and its PKCE verifier. */
    record Code(String code, String verifier) {
    }

    private static final Pattern HIDDEN =
            Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI base;
    private final String username;
    private final String password;
    private final List<HttpClient> sessions = new ArrayList<>();

    CodeFactory(URI base, String username, String password) {
        this.base = base;
        this.username = username;
        this.password = password;
    }

    /**
     * {@code n} codes from {@code threads} signed-in sessions, stopping early after {@code maxSeconds}
     * (codes live 60 s: a batch must be redeemed soon after it was made).
     */
    List<Code> codes(int n, int threads, double maxSeconds) throws Exception {
        while (sessions.size() < threads) {
            sessions.add(signedIn());
        }
        long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
        List<Code> codes = Collections.synchronizedList(new ArrayList<>(n));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                HttpClient session = sessions.get(t);
                running.add(pool.submit(() -> {
                    while (codes.size() < n && System.nanoTime() < deadline) {
                        codes.add(code(session, true));
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(codes.subList(0, Math.min(n, codes.size())));
    }

    /** The token request that redeems a code (the form body). */
    static String redemption(Code code) {
        return form(Map.of("grant_type", "authorization_code", "client_id", BenchClients.APP, "code", code.code(),
                "redirect_uri", BenchClients.REDIRECT_URI, "code_verifier", code.verifier()));
    }

    /** Redeems codes outside the measurement and returns their refresh tokens. */
    List<String> refreshTokens(int n) throws Exception {
        List<String> tokens = new ArrayList<>();
        HttpClient http = client();
        for (Code code : codes(n, Math.min(4, n), 120)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/oauth/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(redemption(code))).build(),
                    HttpResponse.BodyHandlers.ofString());
            String refresh = member(r.body(), "refresh_token");
            if (r.statusCode() != 200 || refresh == null) {
                throw new IOException("code redemption: " + r.statusCode() + " " + r.body());
            }
            tokens.add(refresh);
        }
        return tokens;
    }

    private HttpClient signedIn() throws Exception {
        HttpClient session = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
        code(session, false);
        return session;
    }

    /** One code: with {@code prompt=none} from a signed-in session, else through the sign-in form. */
    private Code code(HttpClient session, boolean promptNone) throws IOException, InterruptedException {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", BenchClients.APP);
        query.put("redirect_uri", BenchClients.REDIRECT_URI);
        query.put("scope", BenchClients.APP_SCOPE);
        query.put("state", Long.toHexString(System.nanoTime()));
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        if (promptNone) {
            query.put("prompt", "none");
        }
        HttpResponse<String> response = session.send(HttpRequest.newBuilder(base.resolve("/oauth/authorize?"
                + form(query))).GET().build(), HttpResponse.BodyHandlers.ofString());
        for (int step = 0; step < 8; step++) {
            int status = response.statusCode();
            if (status / 100 == 3) {
                URI location = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                if (location.toString().startsWith(BenchClients.REDIRECT_URI)) {
                    String code = parameter(location, "code");
                    if (code == null) {
                        throw new IOException("authorization refused: " + location);
                    }
                    return new Code(code, verifier);
                }
                response = session.send(HttpRequest.newBuilder(location).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
            } else if (status == 200 && response.body().contains("name=\"password\"")) {
                Map<String, String> fields = hidden(response.body());
                fields.put("username", username);
                fields.put("password", password);
                response = session.send(HttpRequest.newBuilder(base.resolve("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(fields))).build(),
                        HttpResponse.BodyHandlers.ofString());
            } else {
                throw new IOException("authorization: unexpected " + status + " " + abbreviate(response.body()));
            }
        }
        throw new IOException("authorization: too many steps");
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A string member of a flat JSON object (the token response), or null. */
    static String member(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    static String form(Map<String, String> parameters) {
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
        if (uri.getRawQuery() == null) {
            return null;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
