package dev.jeton.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Payara Micro with the packaged WAR as a child process of the test, so that a test can stop and
 * start the server itself (Arquillian starts one per class and keeps it). Ready when Jeton's
 * discovery document answers; a failed deployment (Payara Micro does not exit then) is caught
 * in the log.
 */
final class PayaraMicroProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final URI base;

    private PayaraMicroProcess(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /**
     * Starts a fresh Payara domain in {@code rootDir} (the post-boot commands create every
     * resource again) with {@code jvmOptions} and extra Payara Micro {@code options}.
     */
    static PayaraMicroProcess start(int port, Path rootDir, Path log, List<String> jvmOptions, List<String> options,
                                    Map<String, String> environment) throws IOException, InterruptedException {
        deleteTree(rootDir);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(Path.of(System.getProperty("jeton.runtime.dir", "target/runtime"), "payara-micro.jar").toString());
        command.addAll(List.of("--nocluster", "--disablephonehome", "--port", String.valueOf(port),
                "--rootdir", rootDir.toString()));
        command.addAll(options);
        command.addAll(List.of("--deploy", System.getProperty("jeton.war", "target/jeton.war")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        PayaraMicroProcess server = new PayaraMicroProcess(builder.start(), log,
                URI.create("http://localhost:" + port));
        try {
            // generous: on a busy 2-core machine Payara Micro took up to 170 s to deploy
            server.awaitReady(Duration.ofSeconds(300));
        } catch (RuntimeException | IOException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    URI base() {
        return base;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long logStart = Files.size(log);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; see " + log);
            }
            String logText = Files.readString(log, StandardCharsets.ISO_8859_1);
            String fresh = logText.length() > logStart ? logText.substring((int) logStart) : "";
            if (fresh.contains("Exception while loading the app") || fresh.contains("ConfigurationException")) {
                throw new IllegalStateException("Jeton was not deployed; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(
                                base.resolve("/.well-known/oauth-authorization-server")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Jeton did not answer within " + timeout.toSeconds() + " s; see " + log);
    }

    /**
     * A crash: SIGKILL to the JVM itself (the child process is {@code java}, not a wrapper
     * script), so nothing is flushed and no shutdown hook runs. Returns once the process is gone.
     */
    void crash() throws InterruptedException {
        crash(() -> {
        });
    }

    /** {@link #crash()}, running {@code signalled} right after the SIGKILL is sent, before the process is gone. */
    void crash(Runnable signalled) throws InterruptedException {
        process.destroyForcibly();
        signalled.run();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Payara Micro survived SIGKILL");
        }
        // 128 + 9: the JVM died of the signal, it did not exit by itself
        if (process.exitValue() != 137) {
            throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + ", not by SIGKILL");
        }
    }

    /** An orderly shutdown (SIGTERM), as an operator's restart would do; forced after 60 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Payara Micro's one post-boot file: the operator's command files of {@code server-config/payara}, as
     * they are, one after the other (as run.sh and the Maven build concatenate them); {@code edit} may
     * change the text (a test-only property). Their {@code ${jeton.*}} placeholders are system properties
     * of the server, which Payara Micro fills in as it reads the file.
     */
    static Path postboot(Path file, java.util.function.UnaryOperator<String> edit, String... commandFiles)
            throws IOException {
        Path config = Path.of(System.getProperty("jeton.server.config.dir", "server-config"), "payara");
        StringBuilder text = new StringBuilder();
        for (String name : commandFiles) {
            text.append(Files.readString(config.resolve(name), StandardCharsets.UTF_8)).append('\n');
        }
        Files.writeString(file, edit.apply(text.toString()), StandardCharsets.UTF_8);
        return file;
    }

    /** Where the build put payara-micro.jar, the resource adapter and the PostgreSQL driver. */
    static Path runtimeDir() {
        return Path.of(System.getProperty("jeton.runtime.dir", "target/runtime")).toAbsolutePath();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
