package dev.jeton.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options of {@code bench.sh suite} (the usage text is at the top of bench.sh). */
record SuiteOptions(Path repo, List<String> scenarios, int[] concurrency, double seconds, double scenarioWarmUp,
                    int warmUpConcurrency, double warmUpWindow, double warmUpMin, double warmUpCap, double settle,
                    int extraClients, boolean noisy, double longSeconds, long prefillFamilies, String db, int port,
                    int brokerPort, String floorPath, double bareSeconds, double disturbedAbove, Path out,
                    boolean jfr, String jfrScenario, double pathWarmUpCap) {

    static final List<String> SCENARIOS = List.of("floor", "client_secret_basic", "private_key_jwt", "dpop", "refresh",
            "code", "introspection", "introspection_fresh");

    static SuiteOptions parse(Path repo, String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        List<String> flags = List.of("--noisy", "--jfr");
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (flags.contains(name)) {
                o.put(name, "true");
            } else if (name.startsWith("--") && i + 1 < args.length) {
                o.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown or incomplete option: " + name);
            }
        }
        List<String> known = List.of("--scenarios", "--concurrency", "--seconds", "--scenario-warmup",
                "--warmup-concurrency", "--warmup-window", "--warmup-min", "--warmup-cap", "--clients", "--noisy",
                "--long", "--prefill-families", "--db", "--port", "--broker-port", "--floor-path", "--bare-seconds",
                "--disturbed-above", "--out", "--jfr", "--jfr-scenario", "--path-warmup-cap");
        for (String name : o.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option: " + name);
            }
        }
        List<String> scenarios = new ArrayList<>(Arrays.asList(o.getOrDefault("--scenarios",
                String.join(",", SCENARIOS)).split(",")));
        for (String s : scenarios) {
            if (!SCENARIOS.contains(s)) {
                throw new IllegalArgumentException("unknown scenario '" + s + "' (" + String.join(", ", SCENARIOS)
                        + ")");
            }
        }
        // the floor is what every ratio divides by: it always runs, first
        scenarios.remove("floor");
        scenarios.add(0, "floor");
        int[] concurrency = Arrays.stream(o.getOrDefault("--concurrency", "1,16,64").split(","))
                .mapToInt(s -> (int) number("--concurrency", s, 1, 1024)).toArray();
        String floorPath = o.getOrDefault("--floor-path", "/oauth/jwks");
        if (!floorPath.startsWith("/") || floorPath.contains(" ")) {
            throw new IllegalArgumentException("--floor-path must be a path such as /oauth/jwks");
        }
        return new SuiteOptions(repo, List.copyOf(scenarios), concurrency,
                number(o, "--seconds", 20, 1, 36_000),
                number(o, "--scenario-warmup", 5, 0, 3600),
                (int) number(o, "--warmup-concurrency", 16, 1, 1024),
                number(o, "--warmup-window", 5, 1, 600),
                number(o, "--warmup-min", 40, 0, 36_000),
                number(o, "--warmup-cap", 300, 1, 36_000),
                0.10,
                (int) number(o, "--clients", 0, 0, 1_000_000),
                o.containsKey("--noisy"),
                number(o, "--long", 0, 0, 86_400),
                (long) number(o, "--prefill-families", 0, 0, 100_000_000),
                o.get("--db"),
                (int) number(o, "--port", 0, 0, 65535),
                (int) number(o, "--broker-port", 0, 0, 65535),
                floorPath,
                number(o, "--bare-seconds", 2, 0.2, 600),
                number(o, "--disturbed-above", 0.05, 0, 1),
                Path.of(o.getOrDefault("--out", repo.resolve("target/bench").toString())),
                o.containsKey("--jfr") || o.containsKey("--jfr-scenario"),
                o.containsKey("--jfr-scenario") ? jfrScenario(o.get("--jfr-scenario"), scenarios)
                        : "client_secret_basic",
                number(o, "--path-warmup-cap", 60, 0, 3600));
    }

    private static String jfrScenario(String name, List<String> scenarios) {
        if (!scenarios.contains(name)) {
            throw new IllegalArgumentException("--jfr-scenario must be one of the scenarios run: " + scenarios);
        }
        return name;
    }

    private static double number(Map<String, String> o, String name, double fallback, double min, double max) {
        return o.containsKey(name) ? number(name, o.get(name), min, max) : fallback;
    }

    private static double number(String name, String value, double min, double max) {
        double d;
        try {
            d = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a number: " + value);
        }
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ": " + value);
        }
        return d;
    }
}
