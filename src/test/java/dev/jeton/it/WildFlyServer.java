package dev.jeton.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * WildFly (standalone-full) with the packaged WAR, prepared the way an operator does it: the
 * unpacked distribution stays untouched (a cache shared by builds), a fresh server base directory
 * (configuration, data, deployments) gets a copy of its {@code standalone/configuration}, then
 * {@code server-config/wildfly/jeton.cli} runs offline on it, then the WAR goes into the deployment
 * scanner's directory and {@code standalone.sh} starts. Every port is moved by
 * {@code jboss.socket.binding.port-offset}. Ready when Jeton's discovery document answers; a
 * failed deployment (the scanner's {@code jeton.war.failed} marker) ends the wait at once.
 */
final class WildFlyServer implements AutoCloseable {

    /** The datasource's password in the PostgreSQL variant (the machine's PostgreSQL trusts local connections). */
    static final String DB_PASSWORD = "unused-with-trust-authentication";

    private final Process process;
    private final Path log;
    private final URI base;
    private final URI management;

    private WildFlyServer(Process process, Path log, URI base, URI management) {
        this.process = process;
        this.log = log;
        this.base = base;
        this.management = management;
    }

    /**
     * @param cliProperties jboss-cli properties choosing jeton.cli's variants (jeton.metrics, ...)
     * @param appUser       an application user (name, password) in the guest role, for the audit queue on the
     *                      embedded broker; null for none (an external broker has its own users)
     */
    static WildFlyServer start(Path home, Path baseDir, int portOffset, Path war, Path cliScript,
                               Map<String, String> cliProperties, String[] appUser, Map<String, String> environment)
            throws IOException, InterruptedException {
        PayaraMicroProcess.deleteTree(baseDir);
        Files.createDirectories(baseDir.resolve("deployments"));
        copyTree(home.resolve("standalone/configuration"), baseDir.resolve("configuration"));
        Path log = baseDir.resolve("wildfly-it.log");

        List<String> cli = new ArrayList<>(List.of(home.resolve("bin/jboss-cli.sh").toString(),
                "-Djboss.server.base.dir=" + baseDir, "--file=" + cliScript));
        cliProperties.forEach((k, v) -> cli.add("-D" + k + "=" + v));
        run(cli, log, "jeton.cli");
        if (appUser != null) {
            run(List.of(home.resolve("bin/add-user.sh").toString(), "-a", "-u", appUser[0], "-p", appUser[1], "-g",
                    "guest", "-sc", baseDir.resolve("configuration").toString()), log, "add-user.sh");
        }
        Files.copy(war, baseDir.resolve("deployments/jeton.war"), StandardCopyOption.REPLACE_EXISTING);

        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-c", "standalone-full.xml", "--stability=community",
                "-Djboss.server.base.dir=" + baseDir,
                "-Djboss.socket.binding.port-offset=" + portOffset)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        // the script then forwards SIGTERM to the server's JVM and waits for it (an orderly stop on close())
        builder.environment().put("LAUNCH_JBOSS_IN_BACKGROUND", "true");
        // standalone.conf's defaults, with more heap (Hibernate, BouncyCastle, the JWKs) and no metaspace cap
        builder.environment().put("JAVA_OPTS", "-Xms64m -Xmx768m -Djava.net.preferIPv4Stack=true -Djava.awt.headless=true "
                + "-Djboss.modules.system.pkgs=org.jboss.byteman");
        WildFlyServer server = new WildFlyServer(builder.start(), log,
                URI.create("http://localhost:" + (8080 + portOffset)),
                URI.create("http://localhost:" + (9990 + portOffset)));
        try {
            // 240 s unless -Djeton.it.wildfly.start-timeout-seconds says otherwise (a machine busy with other builds)
            server.awaitReady(baseDir.resolve("deployments/jeton.war.failed"),
                    Duration.ofSeconds(Long.getLong("jeton.it.wildfly.start-timeout-seconds", 240)));
        } catch (RuntimeException | IOException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** jeton.cli's variant with PostgreSQL and an external Artemis broker (server-config/wildfly/README.md). */
    static Map<String, String> postgresqlAndExternalBroker() {
        return Map.of("jeton.database", "postgresql",
                "jeton.postgresql.jar", Path.of(System.getProperty("jeton.it.postgresql.jar",
                        "target/runtime/postgresql.jar")).toAbsolutePath().toString(),
                "jeton.broker", "external");
    }

    /**
     * What that variant reads from the environment at server start (the README's step 2): the machine's
     * PostgreSQL database {@code database} (trust authentication) and the broker on 127.0.0.1:{@code brokerPort}.
     */
    static Map<String, String> postgresqlAndExternalBrokerEnvironment(String database, int brokerPort,
                                                                      String brokerUser, String brokerPassword) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JETON_DB_URL", "jdbc:postgresql://127.0.0.1:5432/" + database);
        env.put("JETON_DB_USER", "postgres");
        env.put("JETON_DB_PASSWORD", DB_PASSWORD);
        env.put("JETON_BROKER_HOST", "127.0.0.1");
        env.put("JETON_BROKER_PORT", String.valueOf(brokerPort));
        env.put("JETON_BROKER_USER", brokerUser);
        env.put("JETON_BROKER_PASSWORD", brokerPassword);
        return env;
    }

    /**
     * Whether a focused run (-Dit.test=A,B*) names this class; the wildfly failsafe execution always
     * lists all WildFly classes, so each one that is not named skips itself (no run of a server nobody
     * asked for). Blank or unset (an unresolved "${it.test}"): every class runs.
     */
    static boolean selected(Class<?> itClass) {
        String selected = System.getProperty("jeton.it.selected", "");
        return selected.isBlank() || selected.startsWith("${") || named(itClass);
    }

    /** Whether -Dit.test names this class (a class that runs only when asked for: WildFlyClusterIT). */
    static boolean named(Class<?> itClass) {
        String selected = System.getProperty("jeton.it.selected", "");
        if (selected.isBlank() || selected.startsWith("${")) {
            return false;
        }
        for (String pattern : selected.split(",")) {
            // SomeIT, SomeIT#method, dev.jeton.it.SomeIT, **/SomeIT.java, Some*IT
            String p = pattern.trim().replaceAll("#.*$", "").replaceAll("\\.java$", "");
            p = p.substring(Math.max(p.lastIndexOf('.'), p.lastIndexOf('/')) + 1);
            if (!p.isEmpty() && itClass.getSimpleName().matches(p.replace("*", ".*"))) {
                return true;
            }
        }
        return false;
    }

    URI base() {
        return base;
    }

    /** The management interface: /health, /prometheus. */
    URI management() {
        return management;
    }

    Path log() {
        return log;
    }

    private static void run(List<String> command, Path log, String what) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(what + " did not finish within 180 s; see " + log);
        }
        // jboss-cli.sh exits 0 even when an operation of a --file failed in some versions: the log says
        String text = Files.readString(log, StandardCharsets.ISO_8859_1);
        if (p.exitValue() != 0 || text.contains("\"outcome\" => \"failed\"")) {
            throw new IllegalStateException(what + " failed (exit " + p.exitValue() + "); see " + log);
        }
    }

    private void awaitReady(Path failedMarker, Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("WildFly exited with " + process.exitValue() + "; see " + log);
            }
            if (Files.exists(failedMarker)) {
                throw new IllegalStateException("Jeton was not deployed: " + Files.readString(failedMarker)
                        + "; see " + log);
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
     * A crash: SIGKILL to the server's JVM (standalone.sh's child), so nothing is flushed and no shutdown
     * hook runs; standalone.sh then ends too. Returns once both are gone.
     */
    void crash() throws Exception {
        crash(() -> {
        });
    }

    /** {@link #crash()}, running {@code signalled} right after the SIGKILL is sent, before the JVM is gone. */
    void crash(Runnable signalled) throws Exception {
        List<ProcessHandle> jvms = process.descendants().toList();
        if (jvms.isEmpty()) {
            throw new IllegalStateException("standalone.sh has no child process to kill; see " + log);
        }
        for (ProcessHandle jvm : jvms) {
            jvm.destroyForcibly();
        }
        signalled.run();
        for (ProcessHandle jvm : jvms) {
            jvm.onExit().get(30, TimeUnit.SECONDS);
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("standalone.sh did not end after its JVM was killed; see " + log);
        }
    }

    /** An orderly shutdown (SIGTERM, forwarded by standalone.sh to the JVM); forced after 60 s. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.onExit().orTimeout(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
