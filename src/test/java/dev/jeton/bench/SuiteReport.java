package dev.jeton.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code bench.sh suite} run measured, as data: the environment and settings, the
 * start-up, the warm-up curve, the bare JOSE costs, one row per scenario, concurrency and neighbour
 * condition, and the long run. {@link #toJson()} is the JSON report's tree; {@link ReportWriter}
 * renders both reports from it.
 */
record SuiteReport(String timestamp, Map<String, Object> environment, Map<String, Object> settings,
                   JetonServer.Startup startup, Map<String, BareCrypto.Cost> bare, WarmUp warmUp,
                   List<Row> rows, LongRun longRun, List<String> notes) {

    /**
     * The warm-up with client_credentials load.
     *
     * @param withinFromSeconds seconds of load after which every window stayed within {@code tolerance} of the
     *                          settled value; null when the last window was not
     */
    record WarmUp(int concurrency, double windowSeconds, List<WarmUpCurve.Window> windows, boolean settled,
                  double settledCpuMs, double tolerance, Double withinFromSeconds) {
    }

    /**
     * One scenario at one concurrency, alone or next to the noisy neighbour.
     *
     * @param contained     the JOSE operations one request contains ("ES256 sign")
     * @param containedMs   their bare cost, from {@link BareCrypto}, ms
     * @param floorMs       the floor scenario's server CPU per request at the same concurrency and condition
     * @param ratio         server CPU per request / (containedMs + floorMs)
     * @param otherCores    CPU other processes used in the window, core-seconds
     * @param otherShare    the same as a share of the machine (cores x seconds)
     * @param disturbed     otherShare above the run's threshold
     * @param neighbourCores CPU the neighbour used, core-seconds (0 alone)
     */
    record Row(String scenario, int concurrency, boolean noisy, double seconds, long requests, double requestsPerSecond,
               double p50Ms, double p90Ms, double p99Ms, long errors, Map<String, String> errorSamples,
               double serverCpuMs, double generatorCpuMs, List<String> contained, double containedMs, double floorMs,
               double ratio, double otherCores, double otherShare, boolean disturbed, double neighbourCores) {
    }

    /**
     * The long run at high concurrency with the heap after a full GC at four points: post-warm-up (at the warm-up's
     * concurrency), before the long run, settled (after {@link Suite#LONG_RUN_SETTLE_SECONDS} s of unmeasured load
     * at its concurrency: as many connections' buffers and H2's 45-s retention window of chunks at its commit
     * rate), end.
     */
    record LongRun(double seconds, int concurrency, long requests, double requestsPerSecond, double serverCpuMs,
                   long errors, double otherShare, long heapPostWarmUpKb, long heapBeforeKb, long heapSettledKb,
                   long heapEndKb) {

        /** Growth of the heap after GC from post-warm-up to the end (0.10 = 10%). */
        double heapGrowth() {
            return growth(heapPostWarmUpKb);
        }

        /** Growth of the heap after GC from the settled point to the end: what the run itself kept. */
        double heapGrowthSettled() {
            return growth(heapSettledKb);
        }

        private double growth(long fromKb) {
            return fromKb > 0 ? (heapEndKb - fromKb) / (double) fromKb : Double.NaN;
        }
    }

    Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("timestamp", timestamp);
        root.put("environment", environment);
        root.put("settings", settings);
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("launch_to_ready_s", startup == null ? null : startup.launchToReady());
        start.put("jvm_start_to_ready_s", startup == null ? null : startup.jvmStartToReady());
        root.put("startup", start);
        Map<String, Object> costs = new LinkedHashMap<>();
        bare.forEach((name, c) -> costs.put(name, map("cpu_us", c.cpuMicros(), "wall_us", c.wallMicros(),
                "iterations", c.iterations())));
        root.put("bare_costs", costs);
        if (warmUp != null) {
            List<Object> windows = new ArrayList<>();
            for (WarmUpCurve.Window w : warmUp.windows()) {
                windows.add(map("end_s", w.endSeconds(), "requests", w.requests(), "requests_per_s",
                        w.requestsPerSecond(), "server_cpu_ms_per_request", w.cpuMsPerRequest(),
                        "vs_settled", WarmUpCurve.deviation(w.cpuMsPerRequest(), warmUp.settledCpuMs()),
                        "other_core_s", w.otherCoreSeconds()));
            }
            Map<String, Object> warm = map("concurrency", warmUp.concurrency(), "window_s", warmUp.windowSeconds(),
                    "settled", warmUp.settled(), "settled_cpu_ms_per_request", warmUp.settledCpuMs(),
                    "tolerance", warmUp.tolerance(), "within_tolerance_from_s", warmUp.withinFromSeconds());
            warm.put("windows", windows);
            root.put("warm_up", warm);
        }
        List<Object> scenarios = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> row = map("scenario", r.scenario(), "concurrency", r.concurrency(),
                    "noisy_neighbour", r.noisy(), "seconds", r.seconds(), "requests", r.requests(),
                    "requests_per_s", r.requestsPerSecond(), "p50_ms", r.p50Ms(), "p90_ms", r.p90Ms(),
                    "p99_ms", r.p99Ms(), "errors", r.errors());
            row.put("error_samples", r.errorSamples());
            row.putAll(map("server_cpu_ms_per_request", r.serverCpuMs(), "generator_cpu_ms_per_request",
                    r.generatorCpuMs(), "contained", r.contained(), "contained_ms", r.containedMs(),
                    "floor_ms", r.floorMs(), "ratio", r.ratio(), "other_core_s", r.otherCores(),
                    "other_share", r.otherShare(), "disturbed", r.disturbed(), "neighbour_core_s",
                    r.neighbourCores()));
            scenarios.add(row);
        }
        root.put("scenarios", scenarios);
        if (longRun != null) {
            root.put("long_run", map("seconds", longRun.seconds(), "concurrency", longRun.concurrency(),
                    "requests", longRun.requests(), "requests_per_s", longRun.requestsPerSecond(),
                    "server_cpu_ms_per_request", longRun.serverCpuMs(), "errors", longRun.errors(),
                    "other_share", longRun.otherShare(), "heap_after_gc_post_warm_up_kb", longRun.heapPostWarmUpKb(),
                    "heap_after_gc_before_kb", longRun.heapBeforeKb(),
                    "heap_after_gc_settled_kb", longRun.heapSettledKb(), "heap_after_gc_end_kb", longRun.heapEndKb(),
                    "heap_growth", longRun.heapGrowth(), "heap_growth_settled", longRun.heapGrowthSettled()));
        }
        root.put("notes", notes);
        return root;
    }

    /** An ordered map from alternating keys and values. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
