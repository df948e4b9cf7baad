package dev.jeton.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Introspection (RFC 7662) of a JWT access token by a confidential client (client_secret_basic)
 * asking about its own token, which is active. Two kinds:
 * <ul>
 * <li>{@code introspection}: the same token every time, as a resource server that introspects the token of
 * each call it gets. The server verifies the token's signature on first use only (it remembers verified
 * signatures per key set) and looks up the token's state every time, so no JOSE operation is counted.</li>
 * <li>{@code introspection_fresh}: a token never introspected before in every request, issued before the
 * window: every request pays the signature verification, which is counted.</li>
 * </ul>
 */
final class IntrospectionScenario implements Scenario {

    private static final int MAX_BATCH = 60_000;
    private static final int ISSUING_CONNECTIONS = 4;

    private final Target target;
    private final String secret;
    private final boolean fresh;
    private String basic;
    private byte[] request;
    private volatile List<String> contained = List.of();

    IntrospectionScenario(Target target, String secret, boolean fresh) {
        this.target = target;
        this.secret = secret;
        this.fresh = fresh;
    }

    @Override
    public String name() {
        return fresh ? "introspection_fresh" : "introspection";
    }

    @Override
    public String describe() {
        return fresh ? "POST /oauth/introspect of a JWT access token not seen before, client_secret_basic"
                : "POST /oauth/introspect of the same JWT access token every time, client_secret_basic";
    }

    @Override
    public List<String> contained() {
        return contained;
    }

    @Override
    public double maxWindowSeconds() {
        return fresh ? 20 : Scenario.super.maxWindowSeconds();
    }

    @Override
    public void prepare(int concurrency) throws IOException {
        basic = ClientSecretScenario.basic(BenchClients.INTROSPECTOR, secret);
        String token;
        try (HttpConnection c = new HttpConnection(target.host(), target.port())) {
            token = issue(c);
        }
        contained = fresh ? List.of(Scenario.algorithm(token) + " verify") : List.of();
        request = introspect(token);
    }

    private String issue(HttpConnection c) throws IOException {
        HttpConnection.Response r = c.exchange(HttpConnection.postForm(target.hostHeader(), "/oauth/token",
                "grant_type=client_credentials", basic));
        String token = r.status() == 200 ? CodeFactory.member(r.body(), "access_token") : null;
        if (token == null) {
            throw new IOException("no access token for the introspection caller: " + r.status() + " " + r.body());
        }
        return token;
    }

    private byte[] introspect(String token) {
        return HttpConnection.postForm(target.hostHeader(), "/oauth/introspect",
                "token=" + token + "&token_type_hint=access_token", basic);
    }

    @Override
    public LoadRunner.Source batch(int concurrency, double seconds, double expectedRate) throws Exception {
        java.util.function.Function<HttpConnection.Response, String> active = r -> r.status() != 200
                ? "HTTP " + r.status() : r.body().contains("\"active\":true") ? null : "not active";
        if (!fresh) {
            return Scenario.repeat(request, active);
        }
        // the tokens are issued before the window, on a few connections, at most 30 s of issuing
        int n = Scenario.batchSize(expectedRate, Math.min(seconds, maxWindowSeconds()), concurrency, MAX_BATCH);
        long stop = System.nanoTime() + 30_000_000_000L;
        List<byte[]> requests = Collections.synchronizedList(new ArrayList<>(n));
        ExecutorService issuers = Executors.newFixedThreadPool(ISSUING_CONNECTIONS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < ISSUING_CONNECTIONS; i++) {
                done.add(issuers.submit(() -> {
                    try (HttpConnection c = new HttpConnection(target.host(), target.port())) {
                        while (requests.size() < n && System.nanoTime() < stop) {
                            requests.add(introspect(issue(c)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            issuers.shutdownNow();
        }
        return Scenario.once(new ArrayList<>(requests), active);
    }
}
