package dev.jeton.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarmUpsTest {

    /** A 5-s window of 1,000 requests that cost {@code cpuMs} of server CPU each. */
    private static LoadRunner.Window window(double cpuMs) {
        return window(1000, cpuMs);
    }

    private static LoadRunner.Window window(long requests, double cpuMs) {
        ProcCpu.Usage usage = new ProcCpu.Usage(5, requests * cpuMs / 1000, 0, 0, 0, 2);
        return new LoadRunner.Window(requests, 0, new long[0], usage, requests == 0 ? Map.of("timeout", "1") : Map.of());
    }

    /** Hands out the given windows in order and remembers the rate each was asked for. */
    private static final class Scripted implements WarmUps.Step {
        final Iterator<LoadRunner.Window> next;
        final List<Double> rates = new ArrayList<>();

        Scripted(LoadRunner.Window... windows) {
            next = List.of(windows).iterator();
        }

        @Override
        public LoadRunner.Window run(double rate) {
            rates.add(rate);
            return next.next();
        }
    }

    @Test
    void settlesOnlyAfterTheMinimumEvenWhenEarlyWindowsAgree() throws Exception {
        // 4.29 and 3.99 agree within 10% at 10 s, but the minimum is 20 s
        Scripted step = new Scripted(window(4.29), window(3.99), window(3.0), window(2.9), window(2.0));
        List<Double> told = new ArrayList<>();
        WarmUps.Curve curve = WarmUps.untilSettled(step, 20, 60, 0.10, 123, (load, w) -> told.add(load));
        assertTrue(curve.settled());
        assertEquals(List.of(4.29, 3.99, 3.0, 2.9), curve.cpuMsPerRequest().stream()
                .map(v -> Math.round(v * 100) / 100.0).toList());
        List<Double> ends = curve.windows().stream().map(WarmUpCurve.Window::endSeconds).toList();
        assertEquals(List.of(5.0, 10.0, 15.0, 20.0), ends);
        assertEquals(ends, told);
        assertEquals(20, curve.loadSeconds());
        assertNull(curve.stalled());
    }

    @Test
    void eachWindowRunsAtThePreviousWindowsRate() throws Exception {
        Scripted step = new Scripted(window(500, 2), window(800, 1), window(800, 1));
        WarmUps.untilSettled(step, 0, 60, 0.10, 42, (load, w) -> { });
        assertEquals(List.of(42.0, 100.0, 160.0), step.rates);
    }

    @Test
    void stopsAtTheCapUnsettled() throws Exception {
        Scripted step = new Scripted(window(8), window(4), window(2), window(1));
        WarmUps.Curve curve = WarmUps.untilSettled(step, 0, 15, 0.10, 0, (load, w) -> { });
        assertFalse(curve.settled());
        assertEquals(3, curve.windows().size());
        assertEquals(15, curve.loadSeconds());
        assertEquals(2.0, curve.lastRate(0) / 100, 1e-9);
    }

    @Test
    void aCapOfZeroRunsNothing() throws Exception {
        Scripted step = new Scripted();
        WarmUps.Curve curve = WarmUps.untilSettled(step, 0, 0, 0.10, 7, (load, w) -> { });
        assertTrue(step.rates.isEmpty());
        assertFalse(curve.settled());
        assertEquals(0, curve.loadSeconds());
        assertEquals(7, curve.lastRate(7));
    }

    @Test
    void aWindowWithoutRequestsEndsTheLoopAndIsReturned() throws Exception {
        LoadRunner.Window dead = window(0, 0);
        Scripted step = new Scripted(window(3), dead, window(3));
        WarmUps.Curve curve = WarmUps.untilSettled(step, 0, 60, 0.10, 0, (load, w) -> { });
        assertFalse(curve.settled());
        assertSame(dead, curve.stalled());
        assertEquals(1, curve.windows().size());
        assertEquals(2, step.rates.size());
    }
}
