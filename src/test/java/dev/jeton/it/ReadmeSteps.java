package dev.jeton.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's walkthrough {@code server-config/README.md} as a test runs it: each shell block after a
 * {@code <!-- step: NAME ... -->} mark, exactly as written there, run with bash from the repository
 * directory. A test gives the walkthrough's settings its own values (environment variables) and runs the
 * steps of one path through it in one shell, so that what a step exports holds for the next.
 */
final class ReadmeSteps {

    private static final Pattern STEP = Pattern.compile("<!-- step: (\\S+)[^>]*-->\\s*```sh\\n(.*?)```", Pattern.DOTALL);

    private final Map<String, String> steps = new LinkedHashMap<>();
    private final Path repository;

    ReadmeSteps(Path repository) throws IOException {
        this.repository = repository;
        Matcher m = STEP.matcher(Files.readString(repository.resolve("server-config/README.md"), StandardCharsets.UTF_8));
        while (m.find()) {
            if (steps.put(m.group(1), m.group(2)) != null) {
                throw new IllegalStateException("two steps named " + m.group(1) + " in server-config/README.md");
            }
        }
    }

    /** The shell text of the step {@code name}, as the README has it. */
    String step(String name) {
        String text = steps.get(name);
        if (text == null) {
            throw new IllegalStateException("server-config/README.md has no step " + name + " (it has " + steps.keySet() + ")");
        }
        return text;
    }

    /**
     * One bash script: fail on the first failing command, say which step runs, then the steps' text.
     */
    String script(List<String> names) {
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        for (String name : names) {
            script.append("echo '>>> server-config/README.md step ").append(name).append("'\n").append(step(name));
        }
        return script.toString();
    }

    /** Starts {@code names} in bash with {@code environment} added to this JVM's; output appended to {@code log}. */
    Process start(List<String> names, Map<String, String> environment, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script(names)).directory(repository.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Runs {@code names} to the end; fails with the end of the log when a command fails or time runs out. */
    void run(List<String> names, Map<String, String> environment, Path log, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process process = start(names, environment, log);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            throw new AssertionError("the steps " + names + " did not finish within " + timeoutSeconds + " s:\n" + tail(log));
        }
        if (process.exitValue() != 0) {
            throw new AssertionError("the steps " + names + " failed (exit " + process.exitValue() + "):\n" + tail(log));
        }
    }

    static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.ISO_8859_1) : new ArrayList<>();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
