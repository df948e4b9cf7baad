package dev.jeton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A noisy neighbour: a process that burns one core (a shell loop, pinned to the last CPU with
 * taskset when there is one), to see whether the server's CPU per request stays the same when it
 * has to share the machine (issue #13: within 20%), which a thread-pool or lock pathology would not.
 */
final class Neighbour implements AutoCloseable {

    private final Process process;

    private Neighbour(Process process) {
        this.process = process;
    }

    static Neighbour start() throws IOException {
        List<String> command = new ArrayList<>();
        int cores = Runtime.getRuntime().availableProcessors();
        if (Files.isExecutable(Path.of("/usr/bin/taskset"))) {
            command.addAll(List.of("/usr/bin/taskset", "-c", String.valueOf(cores - 1)));
        }
        command.addAll(List.of("/bin/sh", "-c", "while :; do :; done"));
        return new Neighbour(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
