package dev.jeton.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One of the MCP end-to-end test's Node.js scripts (src/test/mcp, installed into target/mcp by the
 * build's npm ci), as a process whose stdout is one JSON event per line. The test waits for events
 * by name; the process's stderr and every event are kept for the failure message.
 */
final class NodeScript implements AutoCloseable {

    private static final JsonObject EXITED = Json.createObjectBuilder().add("exited", true).build();

    private final String name;
    private final Process process;
    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final List<String> transcript = java.util.Collections.synchronizedList(new ArrayList<>());
    private final long started = System.nanoTime();

    private NodeScript(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread stdout = new Thread(() -> read(process.getInputStream(), true), name + "-stdout");
        Thread stderr = new Thread(() -> read(process.getErrorStream(), false), name + "-stderr");
        stdout.setDaemon(true);
        stderr.setDaemon(true);
        stdout.start();
        stderr.start();
    }

    /** The directory the build installed the scripts and their node_modules into. */
    static File directory() {
        File dir = new File(System.getProperty("jeton.it.mcp.dir", "target/mcp"));
        if (!new File(dir, "node_modules/@modelcontextprotocol/sdk").isDirectory()) {
            throw new IllegalStateException("run the integration tests with mvn verify: its pre-integration-test phase "
                    + "installs the MCP SDK into " + dir + " (npm ci)");
        }
        return dir;
    }

    /** Starts {@code node script args...} in {@link #directory()}, with {@code environment} added. */
    static NodeScript start(String script, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory());
        builder.environment().putAll(environment);
        return new NodeScript(script, builder.start());
    }

    private void read(java.io.InputStream stream, boolean json) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                transcript.add(String.format("%6d ms %s %s", (System.nanoTime() - started) / 1_000_000,
                        json ? "out" : "err", line));
                if (json && line.startsWith("{")) {
                    events.add(Json.createReader(new StringReader(line)).readObject());
                }
            }
        } catch (IOException | RuntimeException e) {
            transcript.add("(reading failed: " + e + ")");
        } finally {
            if (json) {
                events.add(EXITED);
            }
        }
    }

    /**
     * The next event whose {@code field} is {@code value}, skipping others; fails on an
     * {@code {"step":"error"}}, on the process's end and after {@code timeout}.
     */
    JsonObject await(String field, String value, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonObject event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError(name + ": no " + field + "=" + value + " within " + timeout + "\n" + transcript());
            }
            if (event == EXITED) {
                events.add(EXITED);
                throw new AssertionError(name + " ended before " + field + "=" + value + "\n" + transcript());
            }
            if ("error".equals(event.getString("step", null))) {
                throw new AssertionError(name + " failed: " + event.getString("message") + "\n" + transcript());
            }
            if (value.equals(event.getString(field, null))) {
                return event;
            }
        }
    }

    /**
     * The transcript once it holds {@code text}: the process writes its line after it answered the request,
     * so a line about the last request may come a moment after the response; fails after {@code timeout}.
     */
    String transcriptContaining(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!transcript().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": no \"" + text + "\" within " + timeout + "\n" + transcript());
            }
            Thread.sleep(20);
        }
        return transcript();
    }

    /**
     * Every line the process wrote so far (stdout and stderr) with the time since its start, for
     * assertions and failure messages; tokens and codes are left out.
     */
    String transcript() {
        synchronized (transcript) {
            return String.join("\n", transcript).replaceAll("\"(access_token|refresh_token|code)\":\"[^\"]*\"",
                    "\"$1\":\"…\"");
        }
    }

    /** The process's exit code, waiting at most {@code timeout} for it to end. */
    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not end within " + timeout + "\n" + transcript());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
