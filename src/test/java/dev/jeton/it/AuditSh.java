package dev.jeton.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs server-config/audit.sh (or another script of server-config, such as users.sh) in its own process, as an
 * operator would, and keeps what it printed.
 */
record AuditSh(int status, List<String> lines, String err) {

    static AuditSh run(String... args) throws IOException, InterruptedException {
        return runScript("audit.sh", java.util.Map.of(), args);
    }

    /** Runs {@code name} of server-config with {@code env} added to this process's environment. */
    static AuditSh runScript(String name, java.util.Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("jeton.server.config.dir", "server-config"), name);
        Path out = Files.createTempFile("audit-sh", ".out");
        Path err = Files.createTempFile("audit-sh", ".err");
        try {
            List<String> command = new java.util.ArrayList<>(List.of("bash", script.toString()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " " + String.join(" ", args) + " did not end within 120 s");
            }
            return new AuditSh(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
