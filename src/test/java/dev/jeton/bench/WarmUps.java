package dev.jeton.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The one loop behind both of the suite's warm-ups: the server's warm-up with client_credentials after start and
 * each scenario's path warm-up before its first measured run. It drives windows of load until two successive
 * windows' CPU per request agree within the tolerance ({@link WarmUpCurve#settled}), after at least a minimum of
 * load and at most a cap, and stops early when a window completes no request.
 */
final class WarmUps {

    /** Runs one window of load at the given request rate (the previous window's, for sizing prepared batches). */
    @FunctionalInterface
    interface Step {
        LoadRunner.Window run(double rate) throws Exception;
    }

    /** Told each window as it ends, with the seconds of load so far (the suite prints it). */
    @FunctionalInterface
    interface Progress {
        void window(double loadSeconds, LoadRunner.Window window);
    }

    /**
     * What the loop saw.
     *
     * @param windows  every window that completed a request, in order, with the seconds of load at its end
     * @param settled  whether two successive windows agreed within the tolerance after the minimum
     * @param stalled  the window that completed no request, when one ended the loop (its errors say why), else null
     */
    record Curve(List<WarmUpCurve.Window> windows, boolean settled, LoadRunner.Window stalled) {

        double loadSeconds() {
            return windows.isEmpty() ? 0 : windows.get(windows.size() - 1).endSeconds();
        }

        List<Double> cpuMsPerRequest() {
            return windows.stream().map(WarmUpCurve.Window::cpuMsPerRequest).toList();
        }

        /** The last window's rate, or {@code fallback} when there was none. */
        double lastRate(double fallback) {
            return windows.isEmpty() ? fallback : windows.get(windows.size() - 1).requestsPerSecond();
        }
    }

    private WarmUps() {
    }

    /**
     * Windows from {@code step} until settled (at or after {@code minSeconds} of load), until {@code capSeconds} of
     * load, or until a window completes nothing. The first window runs at {@code rate}, each later one at its
     * predecessor's rate. A cap of 0 runs no window.
     */
    static Curve untilSettled(Step step, double minSeconds, double capSeconds, double tolerance, double rate,
                              Progress progress) throws Exception {
        List<WarmUpCurve.Window> windows = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        double load = 0;
        while (load < capSeconds) {
            LoadRunner.Window w = step.run(rate);
            if (w.requests() == 0) {
                return new Curve(windows, false, w);
            }
            load += w.usage().seconds();
            windows.add(new WarmUpCurve.Window(load, w.requests(), w.usage().seconds(), w.serverCpuMsPerRequest(),
                    w.usage().other()));
            values.add(w.serverCpuMsPerRequest());
            rate = w.requestsPerSecond();
            progress.window(load, w);
            if (load >= minSeconds && WarmUpCurve.settled(values, tolerance)) {
                return new Curve(windows, true, null);
            }
        }
        return new Curve(windows, false, null);
    }
}
