package dev.jeton.bench;

import java.io.IOException;
import java.util.List;

/**
 * Introspection (RFC 7662) of a JWT access token by a confidential client (client_secret_basic)
 * asking about its own token, which is active: the server verifies the token's signature and looks
 * up its state. The token is fetched before the window; the same request is sent every time.
 */
final class IntrospectionScenario implements Scenario {

    private final Target target;
    private final String secret;
    private byte[] request;
    private volatile List<String> contained = List.of();

    IntrospectionScenario(Target target, String secret) {
        this.target = target;
        this.secret = secret;
    }

    @Override
    public String name() {
        return "introspection";
    }

    @Override
    public String describe() {
        return "POST /oauth/introspect of a JWT access token, client_secret_basic";
    }

    @Override
    public List<String> contained() {
        return contained;
    }

    @Override
    public void prepare(int concurrency) throws IOException {
        String basic = ClientSecretScenario.basic(BenchClients.INTROSPECTOR, secret);
        String token;
        try (HttpConnection c = new HttpConnection(target.host(), target.port())) {
            HttpConnection.Response r = c.exchange(HttpConnection.postForm(target.hostHeader(), "/oauth/token",
                    "grant_type=client_credentials", basic));
            token = r.status() == 200 ? CodeFactory.member(r.body(), "access_token") : null;
            if (token == null) {
                throw new IOException("no access token for the introspection caller: " + r.status() + " " + r.body());
            }
        }
        contained = List.of(Scenario.algorithm(token) + " verify");
        request = HttpConnection.postForm(target.hostHeader(), "/oauth/introspect",
                "token=" + token + "&token_type_hint=access_token", basic);
    }

    @Override
    public LoadRunner.Source batch(int concurrency, double seconds, double expectedRate) {
        return Scenario.repeat(request, r -> r.status() != 200 ? "HTTP " + r.status()
                : r.body().contains("\"active\":true") ? null : "not active");
    }
}
