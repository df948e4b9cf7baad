package dev.jeton.bench;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pure parts of {@code bench.sh suite}: percentiles, when a warm-up has settled, the CPU
 * arithmetic, the option parsing and the markdown and JSON reports. Nothing here is timed.
 */
class SuiteFiguresTest {

    @Test
    void nearestRankPercentiles() {
        long[] hundred = new long[100];
        for (int i = 0; i < 100; i++) {
            hundred[99 - i] = i + 1; // 100 .. 1, unsorted on purpose
        }
        Percentiles.Summary s = Percentiles.of(hundred);
        assertEquals(50, s.p50());
        assertEquals(90, s.p90());
        assertEquals(99, s.p99());
        assertEquals(100, s.max());
        assertEquals(100, s.count());
        assertEquals(100, hundred[0], "the samples are not reordered");

        long[] three = {30, 10, 20};
        Percentiles.Summary small = Percentiles.of(three);
        assertEquals(20, small.p50(), "rank ceil(0.5 * 3) = 2");
        assertEquals(30, small.p90());
        assertEquals(30, small.p99());
        assertEquals(7, Percentiles.nearestRank(new long[]{7}, 0.01));
        assertEquals(new Percentiles.Summary(0, 0, 0, 0, 0), Percentiles.of(new long[0]));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(new long[]{1}, 0));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(new long[0], 0.5));
    }

    @Test
    void settledWhenTwoSuccessiveWindowsAgreeWithinTheTolerance() {
        assertFalse(WarmUpCurve.settled(List.of(2.0), 0.10), "one window is not a trend");
        assertFalse(WarmUpCurve.settled(List.of(3.0, 2.0), 0.10), "33% apart");
        assertTrue(WarmUpCurve.settled(List.of(3.0, 2.0, 1.9), 0.10), "5% apart");
        assertTrue(WarmUpCurve.settled(List.of(10.0, 11.0), 0.10), "exactly 10% apart");
        assertTrue(WarmUpCurve.settled(List.of(10.0, 9.0), 0.10), "10% below");
        assertFalse(WarmUpCurve.settled(List.of(10.0, 11.5), 0.10));
        assertFalse(WarmUpCurve.settled(List.of(1.0, Double.NaN), 0.10), "a window without requests");
        assertEquals(1.95, WarmUpCurve.settledValue(List.of(3.0, 2.0, 1.9)), 1e-9);
    }

    @Test
    void withinToleranceFromTheFirstWindowAfterWhichAllStayClose() {
        List<WarmUpCurve.Window> windows = List.of(window(5, 4.0), window(10, 2.2), window(15, 3.0),
                window(20, 2.3), window(25, 2.1), window(30, 2.0));
        double settled = WarmUpCurve.settledValue(List.of(2.1, 2.0));
        // 2.2 at 10 s is within 20% of 2.05, but 3.0 at 15 s is not: the curve is within from 20 s on
        assertEquals(20.0, WarmUpCurve.withinFrom(windows, settled, 0.20).orElseThrow());
        assertTrue(WarmUpCurve.withinFrom(List.of(window(5, 2.0), window(10, 4.0)), 2.0, 0.2).isEmpty());
        assertEquals(0.5, WarmUpCurve.deviation(3.0, 2.0), 1e-9);
    }

    @Test
    void cpuUsageBetweenSnapshotsLeavesOthersWhatTheMachineSpentBeyondUs() {
        ProcCpu.Snapshot a = new ProcCpu.Snapshot(0, 1000, 200, 0, 5000);
        ProcCpu.Snapshot b = new ProcCpu.Snapshot(10_000_000_000L, 2500, 300, 500, 7800);
        ProcCpu.Usage u = ProcCpu.Usage.between(a, b, 2);
        assertEquals(10.0, u.seconds(), 1e-9);
        assertEquals(15.0, u.server(), 1e-9);
        assertEquals(1.0, u.generator(), 1e-9);
        assertEquals(5.0, u.neighbour(), 1e-9);
        assertEquals(7.0, u.other(), 1e-9, "28 busy core-seconds - 15 - 1 - 5");
        assertEquals(0.35, u.otherShare(), 1e-9, "7 of 2 cores x 10 s");
        assertEquals(14.0, u.plus(u).other(), 1e-9);
        // user nice system idle iowait irq softirq steal: idle and iowait are not busy
        assertEquals(1 + 2 + 3 + 6 + 7 + 8, ProcCpu.busyTicks("cpu  1 2 3 4 5 6 7 8 0 0"));
    }

    @Test
    void batchesCoverTheWindowWithAMarginWithinLimits() {
        assertEquals(1250 + 32, Scenario.batchSize(100, 10, 16, 100_000));
        assertEquals(500, Scenario.batchSize(1e6, 10, 16, 500));
        assertEquals(1 + 128, Scenario.batchSize(1, 0.01, 64, 100_000), "two requests per worker beyond the rate");
        assertEquals(64, Scenario.batchSize(1, 0.01, 64, 10), "at least one request per worker");
        assertEquals(200 * 10 * 5 / 4 + 2, Scenario.batchSize(0, 10, 1, 100_000), "200/s before any rate is known");
    }

    @Test
    void optionsPutTheFloorFirstAndRefuseUnknownScenarios() {
        SuiteOptions o = SuiteOptions.parse(java.nio.file.Path.of("/repo"),
                new String[]{"--scenarios", "refresh,floor,code", "--concurrency", "1,8", "--seconds", "7", "--noisy"});
        assertEquals(List.of("floor", "refresh", "code"), o.scenarios());
        assertArrayEquals(new int[]{1, 8}, o.concurrency());
        assertEquals(7.0, o.seconds());
        assertTrue(o.noisy());
        assertEquals(java.nio.file.Path.of("/repo/target/bench"), o.out());
        assertEquals(60.0, o.pathWarmUpCap(), "each scenario's path warmed up for at most 60 s by default");
        assertEquals(0.0, SuiteOptions.parse(java.nio.file.Path.of("/r"),
                new String[]{"--path-warmup-cap", "0"}).pathWarmUpCap(), "0 turns the path warm-up off");
        assertEquals(List.of("floor", "client_secret_basic"), SuiteOptions.parse(java.nio.file.Path.of("/r"),
                new String[]{"--scenarios", "client_secret_basic"}).scenarios());
        assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse(java.nio.file.Path.of("/r"),
                new String[]{"--scenarios", "password"}));
        assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse(java.nio.file.Path.of("/r"),
                new String[]{"--concurrency", "0"}));
        assertThrows(IllegalArgumentException.class, () -> SuiteOptions.parse(java.nio.file.Path.of("/r"),
                new String[]{"--bogus", "1"}));
    }

    @Test
    void databaseUrlsBecomeJdbcWithTheirCredentialsAndReportsHidePasswords() {
        DatabaseUrl db = DatabaseUrl.parse("postgresql://jeton:s3cret@127.0.0.1:5432/jeton");
        assertEquals("jdbc:postgresql://127.0.0.1:5432/jeton", db.jdbcUrl());
        assertEquals("jeton", db.user());
        assertEquals("s3cret", db.password());
        assertEquals("postgresql://jeton:***@127.0.0.1:5432/jeton",
                DatabaseUrl.withoutPassword("postgresql://jeton:s3cret@127.0.0.1:5432/jeton"));
        assertThrows(IllegalArgumentException.class, () -> DatabaseUrl.parse("mysql://h/db"));
    }

    @Test
    void reportsCarryEveryFigureInMarkdownAndValidJson() {
        SuiteReport report = report();
        String md = ReportWriter.markdown(report);
        assertTrue(md.contains("| jdk | Test 25 |"), md);
        assertTrue(md.contains("| ES256 sign | 300.0 | 310.0 | 1,000 |"), md);
        assertTrue(md.contains("| 5 | 100.0 | 3.000 | +50% | 0.10 |"), md);
        assertTrue(md.contains("within 20.0% of it from 10 s of load on"), md);
        assertTrue(md.contains("| client_secret_basic | 16 | - | 1000.0 | 1.00 | 2.00 | 3.00 | 0 | 0.600 | ES256 sign "
                + "| 0.300 | 0.200 | 1.20 | 0.050 | 10.0% | DISTURBED |"), md);
        assertTrue(md.contains("| floor | 16 | burning 0.95 cores |"), md);
        assertTrue(md.contains("client_secret_basic at 16: HTTP 500: `500 {\"error\":\"x\"}`"), md);
        assertTrue(md.contains("Heap after a full GC: 100,000 KB post-warm-up, 105,000 KB before the long run, "
                + "120,000 KB after 60 s at its concurrency before it (settled), 108,000 KB at its end (+8% from post-warm-up, -10% "
                + "from settled)."), md);
        assertTrue(md.contains("- a note"), md);

        JsonObject json = JsonProvider.provider().createReader(new StringReader(ReportWriter.json(report)))
                .readObject();
        assertEquals("Test 25", json.getJsonObject("environment").getString("jdk"));
        assertEquals(300.0, json.getJsonObject("bare_costs").getJsonObject("ES256 sign").getJsonNumber("cpu_us")
                .doubleValue());
        JsonObject warm = json.getJsonObject("warm_up");
        assertTrue(warm.getBoolean("settled"));
        assertEquals(10, warm.getJsonNumber("within_tolerance_from_s").intValue());
        assertEquals(2, warm.getJsonArray("windows").size());
        JsonArray rows = json.getJsonArray("scenarios");
        JsonObject basic = rows.getJsonObject(1);
        assertEquals("client_secret_basic", basic.getString("scenario"));
        assertEquals(0.6, basic.getJsonNumber("server_cpu_ms_per_request").doubleValue(), 1e-9);
        assertEquals(1.2, basic.getJsonNumber("ratio").doubleValue(), 1e-9);
        assertEquals("ES256 sign", basic.getJsonArray("contained").getString(0));
        assertTrue(basic.getBoolean("disturbed"));
        assertEquals("500 {\"error\":\"x\"}", basic.getJsonObject("error_samples").getString("HTTP 500"));
        assertEquals(JsonValue.NULL, rows.getJsonObject(0).get("ratio"), "no ratio for the floor: null, not NaN");
        assertEquals(0.08, json.getJsonObject("long_run").getJsonNumber("heap_growth").doubleValue(), 1e-9);
        assertEquals(-0.1, json.getJsonObject("long_run").getJsonNumber("heap_growth_settled").doubleValue(), 1e-9);
        assertEquals(1.5, json.getJsonObject("startup").getJsonNumber("launch_to_ready_s").doubleValue());
        assertEquals("a note", json.getJsonArray("notes").getString(0));
    }

    @Test
    void jsonEscapesStringsAndWritesNoNaN() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", "quote \" backslash \\ newline \n tab \t bell \u0007");
        m.put("nan", Double.NaN);
        m.put("fraction", 0.125);
        m.put("whole", 3.0);
        m.put("list", List.of(1, true));
        JsonObject parsed = JsonProvider.provider().createReader(new StringReader(Json.write(m))).readObject();
        assertEquals(m.get("text"), parsed.getString("text"));
        assertEquals(JsonValue.NULL, parsed.get("nan"));
        assertEquals(0.125, parsed.getJsonNumber("fraction").doubleValue());
        assertEquals(3, parsed.getJsonNumber("whole").intValueExact());
        assertEquals(JsonValue.TRUE, parsed.getJsonArray("list").get(1));
    }

    private static WarmUpCurve.Window window(double end, double cpu) {
        return new WarmUpCurve.Window(end, 500, 5, cpu, 0.1);
    }

    private static SuiteReport report() {
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("jdk", "Test 25");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("concurrency", List.of(16));
        Map<String, BareCrypto.Cost> bare = new LinkedHashMap<>();
        bare.put(BareCrypto.ES256_SIGN, new BareCrypto.Cost(BareCrypto.ES256_SIGN, 300, 310, 1000));
        SuiteReport.WarmUp warm = new SuiteReport.WarmUp(16, 5, List.of(new WarmUpCurve.Window(5, 500, 5, 3.0, 0.1),
                new WarmUpCurve.Window(10, 500, 5, 2.0, 0.1)), true, 2.0, 0.2, 10.0);
        SuiteReport.Row floor = new SuiteReport.Row("floor", 16, true, 10, 20_000, 2000, 0.5, 1, 2, 0, Map.of(), 0.2,
                0.03, List.of(), 0, 0.2, Double.NaN, 0.1, 0.005, false, 9.5);
        SuiteReport.Row basic = new SuiteReport.Row("client_secret_basic", 16, false, 10, 10_000, 1000, 1, 2, 3, 0,
                Map.of("HTTP 500", "500 {\"error\":\"x\"}"), 0.6, 0.05, List.of(BareCrypto.ES256_SIGN), 0.3, 0.2,
                1.2, 2, 0.10, true, 0);
        SuiteReport.LongRun longRun = new SuiteReport.LongRun(600, 64, 600_000, 1000, 0.6, 0, 0.01, 100_000, 105_000,
                120_000, 108_000);
        return new SuiteReport("20261202-000000", environment, settings, new JetonServer.Startup(1.5, 1.2), bare, warm,
                List.of(floor, basic), longRun, List.of("a note"));
    }
}
