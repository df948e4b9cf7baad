package dev.jeton.it;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The operator tool (dev.jeton.tools.KeyTool) in its own JVM on a keystore, as server-config/KEYS.md runs it. */
final class KeyToolProcess {

    private KeyToolProcess() {
    }

    /** Runs it with {@code args} on {@code keystore}; asserts it exits 0 and returns what it printed. */
    static String run(Path keystore, String... args) throws Exception {
        String warDir = System.getProperty("jeton.it.war.dir", "target/jeton");
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                warDir + "/WEB-INF/classes" + File.pathSeparator + warDir + "/WEB-INF/lib/*", "dev.jeton.tools.KeyTool"));
        command.addAll(List.of(args));
        command.addAll(List.of("--keystore", keystore.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JETON_KEYSTORE_PASSWORD", System.getenv().getOrDefault("JETON_KEYSTORE_PASSWORD",
                "it-keystore-password"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }
}
