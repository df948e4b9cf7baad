package dev.jeton.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Closed-loop load: {@code concurrency} workers, each with its own keep-alive connection, each sending
 * its next request as soon as the previous response is in, until a deadline or until the source has
 * no request left. The server's CPU and the machine's are read right before the workers start and
 * right after the last one finished, so that the requests counted and the CPU counted cover the same
 * window. Connections are kept from one window to the next (a scenario's warm-up opens them).
 */
final class LoadRunner implements AutoCloseable {

    /** The requests of a window and how their responses are judged. */
    interface Source {
        /** The next request of this worker, or null when there is none left. */
        byte[] next(int worker);

        /** Null when the response is what was expected, else a short reason (counted as an error). */
        String check(int worker, HttpConnection.Response response);
    }

    /** What one window measured. Latencies in nanoseconds, from the request's write to its response's last byte. */
    record Window(long requests, long errors, long[] latencies, ProcCpu.Usage usage, Map<String, String> errorSamples) {

        static Window empty() {
            return new Window(0, 0, new long[0], ProcCpu.Usage.NONE, Map.of());
        }

        Window plus(Window w) {
            long[] all = Arrays.copyOf(latencies, latencies.length + w.latencies.length);
            System.arraycopy(w.latencies, 0, all, latencies.length, w.latencies.length);
            Map<String, String> samples = new LinkedHashMap<>(errorSamples);
            w.errorSamples.forEach(samples::putIfAbsent);
            return new Window(requests + w.requests, errors + w.errors, all, usage.plus(w.usage), samples);
        }

        double requestsPerSecond() {
            return usage.seconds() > 0 ? requests / usage.seconds() : 0;
        }

        /** Server CPU per request in milliseconds. */
        double serverCpuMsPerRequest() {
            return requests > 0 ? usage.server() * 1000 / requests : Double.NaN;
        }

        double generatorCpuMsPerRequest() {
            return requests > 0 ? usage.generator() * 1000 / requests : Double.NaN;
        }
    }

    private static final int MAX_ERROR_SAMPLES = 5;

    private final String host;
    private final int port;
    private final ProcCpu cpu;
    private final List<HttpConnection> connections = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "load");
        t.setDaemon(true);
        return t;
    });

    LoadRunner(String host, int port, ProcCpu cpu) {
        this.host = host;
        this.port = port;
        this.cpu = cpu;
    }

    /** Drops the open connections: the next window opens new ones (a new scenario starts clean). */
    void reconnect() {
        connections.forEach(HttpConnection::close);
    }

    Window run(Source source, int concurrency, double maxSeconds) throws InterruptedException {
        while (connections.size() < concurrency) {
            connections.add(new HttpConnection(host, port));
        }
        ProcCpu.Snapshot before = cpu.snapshot();
        long deadline = before.nanoTime() + (long) (maxSeconds * 1e9);
        List<Future<Worker>> running = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            Worker worker = new Worker(w, source, connections.get(w), deadline);
            running.add(threads.submit(worker::call));
        }
        List<Worker> done = new ArrayList<>();
        for (Future<Worker> f : running) {
            try {
                done.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a load worker failed", e.getCause());
            }
        }
        ProcCpu.Snapshot after = cpu.snapshot();
        long requests = 0;
        long errors = 0;
        int samples = 0;
        Map<String, String> errorSamples = new LinkedHashMap<>();
        for (Worker w : done) {
            requests += w.count;
            errors += w.errors;
            samples += w.count;
            w.errorSamples.forEach((k, v) -> {
                if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                    errorSamples.putIfAbsent(k, v);
                }
            });
        }
        long[] latencies = new long[samples];
        int at = 0;
        for (Worker w : done) {
            System.arraycopy(w.latencies, 0, latencies, at, w.count);
            at += w.count;
        }
        return new Window(requests, errors, latencies, ProcCpu.Usage.between(before, after,
                Runtime.getRuntime().availableProcessors()), errorSamples);
    }

    @Override
    public void close() {
        reconnect();
        threads.shutdownNow();
    }

    private static final class Worker {
        private final int index;
        private final Source source;
        private final HttpConnection connection;
        private final long deadline;
        private long[] latencies = new long[1024];
        private int count;
        private long errors;
        private final Map<String, String> errorSamples = new LinkedHashMap<>();

        Worker(int index, Source source, HttpConnection connection, long deadline) {
            this.index = index;
            this.source = source;
            this.connection = connection;
            this.deadline = deadline;
        }

        Worker call() throws InterruptedException {
            while (System.nanoTime() < deadline) {
                byte[] request = source.next(index);
                if (request == null) {
                    break;
                }
                long t0 = System.nanoTime();
                HttpConnection.Response response;
                try {
                    response = connection.exchange(request);
                } catch (IOException | RuntimeException e) {
                    record(System.nanoTime() - t0);
                    error("I/O: " + e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                    Thread.sleep(10); // no busy loop against a server that went away
                    continue;
                }
                record(System.nanoTime() - t0);
                String problem = source.check(index, response);
                if (problem != null) {
                    error(problem, response.status() + " " + abbreviate(response.body()));
                }
            }
            return this;
        }

        private void record(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }

        private void error(String reason, String sample) {
            errors++;
            if (errorSamples.size() < MAX_ERROR_SAMPLES) {
                errorSamples.putIfAbsent(reason, sample);
            }
        }

        private static String abbreviate(String s) {
            String flat = s.replaceAll("\\s+", " ");
            return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
        }
    }
}
