package dev.jeton.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The suite's report as markdown (for people and the README) and as JSON (for tools). */
final class ReportWriter {

    private ReportWriter() {
    }

    static String json(SuiteReport report) {
        return Json.write(report.toJson());
    }

    static String markdown(SuiteReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# Jeton benchmark, ").append(r.timestamp()).append("\n\n");
        md.append("| environment and settings | |\n|---|---|\n");
        r.environment().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
        r.settings().forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
        if (r.startup() != null) {
            md.append(String.format(Locale.ROOT, "%nStart-up: ready %.1f s after run.sh was launched, %.1f s after the "
                    + "server JVM started.%n", r.startup().launchToReady(), r.startup().jvmStartToReady()));
        }

        md.append("\n## Bare costs (this JVM, same JDK, one thread, warmed)\n\n");
        md.append("| operation | CPU µs | wall µs | iterations |\n|---|---:|---:|---:|\n");
        r.bare().values().forEach(c -> md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %,d |%n",
                c.operation(), c.cpuMicros(), c.wallMicros(), c.iterations())));

        SuiteReport.WarmUp w = r.warmUp();
        if (w != null) {
            md.append(String.format(Locale.ROOT, "%n## Warm-up: client_credentials (client_secret_basic), "
                    + "concurrency %d, %.0f-s windows%n%n", w.concurrency(), w.windowSeconds()));
            md.append("| load s | req/s | server CPU ms/req | vs settled | others core-s |\n")
                    .append("|---:|---:|---:|---:|---:|\n");
            for (WarmUpCurve.Window x : w.windows()) {
                md.append(String.format(Locale.ROOT, "| %.0f | %.1f | %.3f | %s | %.2f |%n", x.endSeconds(),
                        x.requestsPerSecond(), x.cpuMsPerRequest(),
                        percent(WarmUpCurve.deviation(x.cpuMsPerRequest(), w.settledCpuMs()), true),
                        x.otherCoreSeconds()));
            }
            md.append(String.format(Locale.ROOT, "%n%s at %.3f ms/request; within %s of it from %s of load on.%n",
                    w.settled() ? "Settled (two successive windows within 10%)" : "NOT settled before the cap, last",
                    w.settledCpuMs(), percent(w.tolerance(), false),
                    w.withinFromSeconds() == null ? "(never)" : String.format(Locale.ROOT, "%.0f s",
                            w.withinFromSeconds())));
        }

        md.append("\n## Scenarios\n\n");
        md.append("| scenario | conc. | neighbour | req/s | p50 ms | p90 ms | p99 ms | errors | server CPU ms/req "
                + "| contains | bare ms | floor ms | ratio | generator ms/req | others | |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|\n");
        for (SuiteReport.Row x : r.rows()) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.1f | %.2f | %.2f | %.2f | %d | %.3f | %s | %s | "
                            + "%s | %s | %.3f | %s | %s |%n", x.scenario(), x.concurrency(), neighbour(x),
                    x.requestsPerSecond(), x.p50Ms(), x.p90Ms(), x.p99Ms(), x.errors(), x.serverCpuMs(),
                    x.contained().isEmpty() ? "-" : String.join(" + ", x.contained()), ms(x.containedMs()),
                    ms(x.floorMs()), Double.isFinite(x.ratio()) ? String.format(Locale.ROOT, "%.2f", x.ratio()) : "-",
                    x.generatorCpuMs(), percent(x.otherShare(), false), x.disturbed() ? "DISTURBED" : ""));
        }
        md.append("\nratio = server CPU per request / (bare cost of the JOSE operations it contains + floor at the "
                + "same concurrency); others = CPU of every other process during the window, as a share of the "
                + "machine (the neighbour's own CPU excluded).\n");
        boolean anyErrors = false;
        for (SuiteReport.Row x : r.rows()) {
            for (Map.Entry<String, String> e : x.errorSamples().entrySet()) {
                if (!anyErrors) {
                    md.append("\n### Error samples\n\n");
                    anyErrors = true;
                }
                md.append("- ").append(x.scenario()).append(" at ").append(x.concurrency()).append(": ")
                        .append(e.getKey()).append(": `").append(e.getValue().replace("`", "'")).append("`\n");
            }
        }

        SuiteReport.LongRun l = r.longRun();
        if (l != null) {
            md.append(String.format(Locale.ROOT, "%n## Long run: client_credentials, concurrency %d, %.0f s%n%n",
                    l.concurrency(), l.seconds()));
            md.append(String.format(Locale.ROOT, "%,d requests (%.1f/s), %d errors, server CPU %.3f ms/request, "
                            + "others %s.%n%nHeap after a full GC: %,d KB post-warm-up, %,d KB before the long run, "
                            + "%,d KB after %d s at its concurrency before it (settled), %,d KB at its end (%s from post-warm-up, %s from "
                            + "settled).%n", l.requests(), l.requestsPerSecond(),
                    l.errors(), l.serverCpuMs(), percent(l.otherShare(), false), l.heapPostWarmUpKb(),
                    l.heapBeforeKb(), l.heapSettledKb(), Suite.LONG_RUN_SETTLE_SECONDS, l.heapEndKb(),
                    percent(l.heapGrowth(), true), percent(l.heapGrowthSettled(), true)));
        }
        if (!r.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    /** The neighbour's own CPU, in cores over the window: about 1.0 when it got its core. */
    private static String neighbour(SuiteReport.Row x) {
        if (!x.noisy()) {
            return "-";
        }
        return String.format(Locale.ROOT, "burning %.2f cores", x.seconds() > 0 ? x.neighbourCores() / x.seconds() : 0);
    }

    private static String cell(Object v) {
        String s = v instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
                : String.valueOf(v);
        return s.replace("|", "\\|");
    }

    private static String ms(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "-";
    }

    private static String percent(double share, boolean signed) {
        if (!Double.isFinite(share)) {
            return "-";
        }
        return String.format(Locale.ROOT, signed ? "%+.0f%%" : "%.1f%%", share * 100);
    }
}
