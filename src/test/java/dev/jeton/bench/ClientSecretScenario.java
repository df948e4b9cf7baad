package dev.jeton.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** client_credentials with client_secret_basic (RFC 6749 §4.4, §2.3.1): the same request every time. */
final class ClientSecretScenario implements Scenario {

    private final byte[] request;
    private volatile List<String> contained = List.of();

    ClientSecretScenario(Target target, String clientId, String secret) {
        this.request = HttpConnection.postForm(target.hostHeader(), "/oauth/token", "grant_type=client_credentials",
                basic(clientId, secret));
    }

    /** RFC 6749 §2.3.1: id and secret form-encoded, then Basic. */
    static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Authorization: Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String name() {
        return "client_secret_basic";
    }

    @Override
    public String describe() {
        return "POST /oauth/token grant_type=client_credentials, client_secret_basic";
    }

    @Override
    public List<String> contained() {
        return contained;
    }

    @Override
    public LoadRunner.Source batch(int concurrency, double seconds, double expectedRate) {
        return Scenario.repeat(request, r -> {
            String problem = Scenario.tokenResponse(r);
            if (problem == null && contained.isEmpty()) {
                contained = Scenario.signaturesIn(r.body());
            }
            return problem;
        });
    }
}
