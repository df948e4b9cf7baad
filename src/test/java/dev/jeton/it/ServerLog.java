package dev.jeton.it;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Payara Micro log while a test runs. The Arquillian container copies every line the server
 * prints to {@code System.out} of this JVM (its OutputLoggingConsumer looks the stream up on each
 * line), so a tee on {@code System.out} sees the server's log; the lines still reach the console.
 */
final class ServerLog implements AutoCloseable {

    /** Payara's level field ("[WARNING]", "[SEVERE]") or java.util.logging's simple format ("SEVERE:"). */
    private static final Pattern ABOVE_INFO = Pattern.compile("\\[(WARNING|WARN|SEVERE|ERROR|FATAL)]|^(WARNING|SEVERE): ");
    /** Payara colours the level on a terminal. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*m");

    private final PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private ServerLog() {
        original = System.out;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (captured) {
                    captured.write(b, off, len);
                }
            }
        };
        System.setOut(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    static ServerLog capture() {
        return new ServerLog();
    }

    List<String> lines() {
        synchronized (captured) {
            return Arrays.asList(captured.toString(StandardCharsets.UTF_8).split("\\R"));
        }
    }

    /** Lines logged at WARNING or SEVERE while capturing. */
    List<String> aboveInfo() {
        return lines().stream().filter(ServerLog::isAboveInfo).toList();
    }

    static boolean isAboveInfo(String line) {
        return ABOVE_INFO.matcher(ANSI.matcher(line).replaceAll("")).find();
    }

    @Override
    public void close() {
        System.setOut(original);
    }
}
