package dev.jeton.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Jeton started the way an operator starts it, {@code server-config/run.sh --no-build} (the packaged
 * WAR on Payara Micro, the audit outbox relaying to the embedded broker, H2 unless a database is
 * given), on the benchmark's ports and data directory, with the JDK of this JVM. Knows the server
 * JVM's pid (run.sh's child running payara-micro.jar), how long it took to answer, its heap after a
 * full GC, and stops it.
 */
final class JetonServer implements AutoCloseable {

    /** Seconds from launching run.sh, and from the server JVM's own start, to the first 200 of discovery. */
    record Startup(double launchToReady, double jvmStartToReady) {
    }

    /** What run.sh is started with. {@code db} null for the embedded H2. */
    record Settings(Path repo, Path dataDir, Path clientsFile, int port, int brokerPort, String db,
                    List<String> properties, Map<String, String> environment) {
    }

    private static final double START_TIMEOUT_SECONDS = 600;

    private final Process runScript;
    private final ProcessHandle server;
    private final Startup startup;
    private final Path dataDir;

    private JetonServer(Process runScript, ProcessHandle server, Startup startup, Path dataDir) {
        this.runScript = runScript;
        this.server = server;
        this.startup = startup;
        this.dataDir = dataDir;
    }

    static JetonServer start(Settings s) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(s.repo().resolve("server-config/run.sh").toString(),
                "--no-build", "--port", String.valueOf(s.port()), "--broker-port", String.valueOf(s.brokerPort()),
                "--data-dir", s.dataDir().toString(), "--clients-file", s.clientsFile().toString()));
        if (s.db() != null) {
            command.addAll(List.of("--db", s.db()));
        }
        command.addAll(s.properties());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(s.dataDir().resolve("run.out").toFile());
        builder.environment().putAll(s.environment());
        // the server runs on this JVM's JDK, so that the bare costs measured here are the same JDK's
        builder.environment().put("JETON_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        long launched = System.currentTimeMillis();
        Process run = builder.start();
        ProcessHandle handle = null;
        long deadline = System.nanoTime() + (long) (START_TIMEOUT_SECONDS * 1e9);
        byte[] probe = HttpConnection.get("localhost:" + s.port(), "/.well-known/openid-configuration");
        while (true) {
            if (!run.isAlive()) {
                throw new IOException("run.sh ended (exit " + run.exitValue() + "):\n" + tail(s.dataDir(), 30));
            }
            if (System.nanoTime() > deadline) {
                stop(run, handle);
                throw new IOException("Jeton did not answer within " + START_TIMEOUT_SECONDS + " s:\n"
                        + tail(s.dataDir(), 30));
            }
            if (handle == null) {
                handle = serverJvm(run).orElse(null);
            }
            if (handle != null && answers(s.port(), probe)) {
                break;
            }
            Thread.sleep(100);
        }
        long ready = System.currentTimeMillis();
        Startup startup = new Startup((ready - launched) / 1000.0,
                (ready - ProcCpu.startEpochMillis(handle.pid())) / 1000.0);
        ProcessHandle jvm = handle;
        JetonServer server = new JetonServer(run, jvm, startup, s.dataDir());
        // a benchmark stopped by a signal stops its server too (a normal end has closed it before)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop(run, jvm);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "stop-jeton"));
        return server;
    }

    long pid() {
        return server.pid();
    }

    Startup startup() {
        return startup;
    }

    /** The heap in use right after a full GC (jcmd GC.run, then GC.heap_info), in KB; -1 when jcmd cannot say. */
    long heapAfterGcKb() throws IOException, InterruptedException {
        jcmd("GC.run");
        return HeapInfo.usedKb(jcmd("GC.heap_info"));
    }

    /** The server's live objects by class (the histogram runs a full GC first). */
    HeapHistogram histogram() throws IOException, InterruptedException {
        return HeapHistogram.parse(jcmd("GC.class_histogram"));
    }

    String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        List<String> words = new ArrayList<>(List.of(jcmd.toString(), String.valueOf(server.pid())));
        words.addAll(List.of(command.split(" ")));
        Process p = new ProcessBuilder(words)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        stop(runScript, server);
    }

    /**
     * run.sh stops its server on SIGTERM; a server left behind anyway is stopped through the handle
     * taken when it started (a handle knows its process's start time: a reused pid is not touched).
     */
    private static void stop(Process run, ProcessHandle server) throws InterruptedException {
        if (run.isAlive()) {
            run.destroy();
            run.waitFor(60, TimeUnit.SECONDS);
        }
        if (server != null && server.isAlive()) {
            server.destroy();
            server.onExit().completeOnTimeout(server, 60, TimeUnit.SECONDS).join();
            if (server.isAlive()) {
                server.destroyForcibly();
            }
        }
    }

    /** The server JVM: the descendant of run.sh that runs payara-micro.jar. */
    private static Optional<ProcessHandle> serverJvm(Process run) {
        return run.descendants().filter(p -> p.info().arguments().map(args -> String.join(" ", args))
                .orElse("").contains("payara-micro.jar")).findFirst();
    }

    private static boolean answers(int port, byte[] probe) {
        try (HttpConnection c = new HttpConnection("127.0.0.1", port)) {
            return c.exchange(probe).status() == 200;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    String tail(int lines) {
        return tail(dataDir, lines);
    }

    private static String tail(Path dataDir, int lines) {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("run.out", "server.log")) {
            try {
                List<String> all = Files.readAllLines(dataDir.resolve(name), StandardCharsets.UTF_8);
                out.append("--- ").append(name).append('\n')
                        .append(String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())))
                        .append('\n');
            } catch (IOException e) {
                out.append("--- ").append(name).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return out.toString();
    }
}
