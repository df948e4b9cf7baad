package dev.jeton.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Refresh-token rotation (RFC 6749 §6, RFC 9700 §4.14.2): one chain per worker of the public client
 * with {@code openid offline_access}, each rotation presenting the refresh token the previous one
 * returned. The chains' first refresh tokens come from authorization codes redeemed before the
 * window. A chain that breaks (an error) continues from a spare token, or its worker stops.
 */
final class RefreshScenario implements Scenario {

    private static final int SPARES = 4;

    private final Target target;
    private final CodeFactory codes;
    private String[] chains = new String[0];
    private final ConcurrentLinkedQueue<String> spares = new ConcurrentLinkedQueue<>();
    private volatile List<String> contained = List.of();

    RefreshScenario(Target target, CodeFactory codes) {
        this.target = target;
        this.codes = codes;
    }

    @Override
    public String name() {
        return "refresh";
    }

    @Override
    public String describe() {
        return "POST /oauth/token grant_type=refresh_token, public client, scope '" + BenchClients.APP_SCOPE
                + "', one chain per connection";
    }

    @Override
    public List<String> contained() {
        return contained;
    }

    @Override
    public void prepare(int concurrency) throws Exception {
        List<String> tokens = new ArrayList<>(codes.refreshTokens(concurrency + SPARES));
        chains = tokens.subList(0, concurrency).toArray(new String[0]);
        spares.clear();
        spares.addAll(tokens.subList(concurrency, tokens.size()));
    }

    @Override
    public LoadRunner.Source batch(int concurrency, double seconds, double expectedRate) {
        String[] chain = chains;
        return new LoadRunner.Source() {
            @Override
            public byte[] next(int worker) {
                String token = chain[worker];
                if (token == null) {
                    return null;
                }
                return HttpConnection.postForm(target.hostHeader(), "/oauth/token",
                        "grant_type=refresh_token&client_id=" + BenchClients.APP + "&refresh_token=" + token);
            }

            @Override
            public String check(int worker, HttpConnection.Response r) {
                String problem = Scenario.tokenResponse(r);
                String next = problem == null ? CodeFactory.member(r.body(), "refresh_token") : null;
                if (problem == null && next == null) {
                    problem = "200 without refresh_token";
                }
                if (problem != null) {
                    chain[worker] = spares.poll();
                    return problem;
                }
                chain[worker] = next;
                if (contained.isEmpty()) {
                    contained = Scenario.signaturesIn(r.body());
                }
                return null;
            }
        };
    }
}
