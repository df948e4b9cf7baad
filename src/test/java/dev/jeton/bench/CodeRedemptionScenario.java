package dev.jeton.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Authorization-code redemption (RFC 6749 §4.1.3 with PKCE, RFC 7636 §4.5) by the public client with
 * {@code openid offline_access}: access, refresh and ID token. Codes are made before each window (a
 * sign-in per session, then {@code prompt=none} authorization requests), in batches the window uses up
 * well within the codes' 60 s lifetime ({@code jeton.authorization-code.ttl-seconds}): making them
 * takes at most 15 s, a window at most 35 s.
 */
final class CodeRedemptionScenario implements Scenario {

    private static final int MAX_BATCH = 20_000;
    private static final double MAX_MAKING_SECONDS = 15;
    private static final int MAKERS = 4;

    private final Target target;
    private final CodeFactory codes;
    private volatile List<String> contained = List.of();

    CodeRedemptionScenario(Target target, CodeFactory codes) {
        this.target = target;
        this.codes = codes;
    }

    @Override
    public String name() {
        return "code";
    }

    @Override
    public String describe() {
        return "POST /oauth/token grant_type=authorization_code with PKCE, public client, scope '"
                + BenchClients.APP_SCOPE + "'";
    }

    @Override
    public List<String> contained() {
        return contained;
    }

    @Override
    public double maxWindowSeconds() {
        return 35;
    }

    @Override
    public LoadRunner.Source batch(int concurrency, double seconds, double expectedRate) throws Exception {
        int n = Scenario.batchSize(expectedRate, Math.min(seconds, maxWindowSeconds()), concurrency, MAX_BATCH);
        List<byte[]> requests = new ArrayList<>(n);
        for (CodeFactory.Code code : codes.codes(n, MAKERS, MAX_MAKING_SECONDS)) {
            requests.add(HttpConnection.postForm(target.hostHeader(), "/oauth/token", CodeFactory.redemption(code)));
        }
        return Scenario.once(requests, r -> {
            String problem = Scenario.tokenResponse(r);
            if (problem == null && contained.isEmpty()) {
                contained = Scenario.signaturesIn(r.body());
            }
            return problem;
        });
    }
}
