package dev.jeton.bench;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The server's CPU per request over successive windows of load after start: when it has settled
 * (two successive windows within a tolerance of each other) and from when on it stayed within a
 * tolerance of the settled value (issue #13: "within 20% of its settled value after 30 s").
 */
final class WarmUpCurve {

    /**
     * One window of warm-up load.
     *
     * @param endSeconds       seconds of load from the first window's start to this window's end
     * @param requests         requests completed in the window
     * @param seconds          the window's length
     * @param cpuMsPerRequest  server CPU (user + system) per request, ms
     * @param otherCoreSeconds CPU other processes used in the window, core-seconds
     */
    record Window(double endSeconds, long requests, double seconds, double cpuMsPerRequest,
                  double otherCoreSeconds) {
        double requestsPerSecond() {
            return seconds > 0 ? requests / seconds : 0;
        }
    }

    private WarmUpCurve() {
    }

    /** Whether the last two values are within {@code tolerance} (0.10 = 10%) of the earlier one. */
    static boolean settled(List<Double> cpuPerRequest, double tolerance) {
        int n = cpuPerRequest.size();
        if (n < 2) {
            return false;
        }
        double earlier = cpuPerRequest.get(n - 2);
        double later = cpuPerRequest.get(n - 1);
        if (!(earlier > 0) || !(later > 0)) {
            return false;
        }
        return Math.abs(later - earlier) <= tolerance * earlier;
    }

    /** The settled value: the mean of the last two windows. */
    static double settledValue(List<Double> cpuPerRequest) {
        int n = cpuPerRequest.size();
        if (n == 0) {
            return Double.NaN;
        }
        return n == 1 ? cpuPerRequest.get(0) : (cpuPerRequest.get(n - 2) + cpuPerRequest.get(n - 1)) / 2;
    }

    /**
     * The end time of the first window from which on every window (that one included) is within
     * {@code tolerance} of {@code settled}; empty when even the last one is not.
     */
    static OptionalDouble withinFrom(List<Window> windows, double settled, double tolerance) {
        OptionalDouble from = OptionalDouble.empty();
        for (Window w : windows) {
            boolean within = Math.abs(w.cpuMsPerRequest() - settled) <= tolerance * settled;
            if (!within) {
                from = OptionalDouble.empty();
            } else if (from.isEmpty()) {
                from = OptionalDouble.of(w.endSeconds());
            }
        }
        return from;
    }

    /** Relative deviation of a value from the settled one, e.g. 0.25 for 25% above. */
    static double deviation(double value, double settled) {
        return settled > 0 ? (value - settled) / settled : Double.NaN;
    }
}
