package dev.jeton.bench;

import java.util.List;

/**
 * The platform floor: the cheapest request Payara Micro serves through Grizzly, Jersey and CDI, a
 * GET of a public document (the JWKS by default). No JOSE, no database: what any request costs.
 */
final class FloorScenario implements Scenario {

    private final byte[] request;
    private final String path;

    FloorScenario(Target target, String path) {
        this.path = path;
        this.request = HttpConnection.get(target.hostHeader(), path);
    }

    @Override
    public String name() {
        return "floor";
    }

    @Override
    public String describe() {
        return "GET " + path;
    }

    @Override
    public List<String> contained() {
        return List.of();
    }

    @Override
    public LoadRunner.Source batch(int concurrency, double seconds, double expectedRate) {
        return Scenario.repeat(request, r -> r.status() != 200 ? "HTTP " + r.status()
                : r.body().startsWith("{") ? null : "200 without a JSON document");
    }
}
