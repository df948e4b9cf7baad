package dev.jeton.tools;

import dev.jeton.config.SigningAlgorithm;
import dev.jeton.jose.KeyRotation;
import dev.jeton.jose.KeyState;
import dev.jeton.jose.KeystoreFile;
import dev.jeton.jose.SigningKey;
import dev.jeton.jose.SigningKeySet;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The operator's tool for Jeton's signing keystore, run against the WAR's classes:
 * <pre>
 * JETON_KEYSTORE_PASSWORD=... java -cp 'target/jeton/WEB-INF/classes:target/jeton/WEB-INF/lib/*' \
 *     dev.jeton.tools.KeyTool list --keystore /etc/jeton/keystore.bcfks
 * </pre>
 * It writes the keystore exactly as the server does (same classes, same file lock, same alias
 * convention), and running servers pick the change up at their next reload. The password comes
 * from an environment variable only: a command-line argument would sit in the shell history and
 * in {@code ps} output.
 */
public final class KeyTool {

    static final String USAGE = """
            usage: KeyTool <command> --keystore FILE [--type BCFKS|PKCS12] [options]
              create          [--algorithms ES256,RS256]     a new keystore, one active key per algorithm
              add             --algorithm ES256|RS256 [--activate now|<instant>]
                                                             a key, published as next (pending) unless --activate
              list            [--retention-seconds N]        every key with its state
              rotate          [--algorithm ES256|RS256] [--retention-seconds N]
                                                             next key signs from now, active retires, new next published
              remove-expired  [--retention-seconds N]        delete retired keys whose tokens have all expired
              remove          --kid KID                      delete one key now (a compromised key: its tokens are refused)
            The password is read from $JETON_KEYSTORE_PASSWORD (--password-env NAME for another variable).
            --retention-seconds: how long a retired key stays published; the server's is the longest access or
            ID token lifetime plus jeton.keys.clock-skew-seconds (default 600 + 60 = 660).""";

    static final String DEFAULT_PASSWORD_ENV = "JETON_KEYSTORE_PASSWORD";
    static final Duration DEFAULT_RETENTION = Duration.ofSeconds(660);

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    KeyTool(Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(new KeyTool(System.getenv(), System.out, System.err, Clock.systemUTC()).run(args));
    }

    /** Runs one command; the exit status: 0 done, 1 failed, 2 bad usage. */
    int run(String... args) {
        if (args.length == 0 || List.of("-h", "--help", "help").contains(args[0])) {
            out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        Map<String, String> options;
        try {
            options = options(Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            KeystoreFile file = keystore(options);
            Instant now = clock.instant();
            switch (command) {
                case "create" -> create(file, options, now);
                case "add" -> add(file, options, now);
                case "list" -> list(file, now, retention(options));
                case "rotate" -> print(file.modify(e -> KeyRotation.now(e, now, retention(options),
                        algorithms(options, file, now))));
                case "remove-expired" -> {
                    List<String> done = file.modify(e -> KeyRotation.removeExpired(e, now, retention(options)));
                    print(done.isEmpty() ? List.of("no key is past its retention") : done);
                }
                case "remove" -> remove(file, options);
                default -> throw new IllegalArgumentException("unknown command '" + command + "'");
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            err.println("failed: " + e.getMessage());
            return 1;
        }
    }

    private void create(KeystoreFile file, Map<String, String> options, Instant now)
            throws IOException, GeneralSecurityException {
        List<SigningAlgorithm> algorithms = new ArrayList<>();
        for (String name : options.getOrDefault("algorithms", "ES256,RS256").split(",")) {
            algorithms.add(algorithm(name.strip()));
        }
        file.create(now, algorithms);
        out.println("created " + file.path() + " with active " + algorithms + " keys");
        list(file, now, retention(options));
    }

    private void add(KeystoreFile file, Map<String, String> options, Instant now)
            throws IOException, GeneralSecurityException {
        SigningAlgorithm algorithm = algorithm(required(options, "algorithm"));
        String activate = options.get("activate");
        Instant activation = activate == null ? null : "now".equals(activate) ? now : instant(activate);
        String id = file.modify(e -> e.add(algorithm, now, activation));
        out.println("added " + algorithm + " key " + id + (activation == null ? " (next, pending until a rotation)"
                : " signing from " + activation));
    }

    private void remove(KeystoreFile file, Map<String, String> options) throws IOException, GeneralSecurityException {
        String kid = required(options, "kid");
        file.modify(e -> {
            e.remove(kid);
            return null;
        });
        out.println("removed key " + kid + "; servers refuse its tokens from their next reload");
    }

    private void list(KeystoreFile file, Instant now, Duration retention) throws IOException, GeneralSecurityException {
        SigningKeySet set = KeyRotation.states(file.load(), now, retention);
        out.printf("%-8s %-6s %-43s %-24s %-20s %-20s %s%n", "STATE", "ALG", "KID", "ALIAS", "ACTIVATION",
                "RETIRED", "UNPUBLISHED");
        for (SigningKeySet.Entry e : set.entries()) {
            SigningKey k = e.key();
            out.printf("%-8s %-6s %-43s %-24s %-20s %-20s %s%n", e.state().wireValue(), k.algorithm(), k.kid(),
                    k.alias(), k.activation() == null ? "pending" : k.activation(), dash(e.retiredAt()),
                    dash(e.removedAt()));
        }
        long removable = set.entries().stream().filter(e -> e.state() == KeyState.REMOVED).count();
        out.println("(at " + now + ", retired keys published for " + retention.toSeconds() + " s"
                + (removable > 0 ? "; " + removable + " can go: remove-expired" : "") + ")");
    }

    private Set<SigningAlgorithm> algorithms(Map<String, String> options, KeystoreFile file, Instant now) {
        if (options.containsKey("algorithm")) {
            return EnumSet.of(algorithm(options.get("algorithm")));
        }
        try {
            Set<SigningAlgorithm> inUse = EnumSet.noneOf(SigningAlgorithm.class);
            KeyRotation.states(file.load(), now, retention(options)).entries().stream()
                    .filter(e -> e.state() == KeyState.ACTIVE).forEach(e -> inUse.add(e.key().algorithm()));
            if (inUse.isEmpty()) {
                throw new IllegalArgumentException("no active key: name the --algorithm to rotate");
            }
            return inUse;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private KeystoreFile keystore(Map<String, String> options) {
        String path = required(options, "keystore");
        String type = options.getOrDefault("type", path.toLowerCase(Locale.ROOT).endsWith(".p12")
                || path.toLowerCase(Locale.ROOT).endsWith(".pfx") ? "PKCS12" : "BCFKS").toUpperCase(Locale.ROOT);
        if (!Set.of("BCFKS", "PKCS12").contains(type)) {
            throw new IllegalArgumentException("--type must be BCFKS or PKCS12, got '" + type + "'");
        }
        String variable = options.getOrDefault("password-env", DEFAULT_PASSWORD_ENV);
        String password = env.get(variable);
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("set the keystore password in the environment variable " + variable);
        }
        return new KeystoreFile(Path.of(path), type, password.toCharArray());
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--password") || name.startsWith("--password=")) {
                throw new IllegalArgumentException("the password is never a command-line argument: set "
                        + DEFAULT_PASSWORD_ENV + " (or name a variable with --password-env)");
            }
            if (!name.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + name + "'");
            }
            String value;
            int eq = name.indexOf('=');
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
            if (options.put(name.substring(2), value) != null) {
                throw new IllegalArgumentException(name + " given twice");
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static Duration retention(Map<String, String> options) {
        String value = options.get("retention-seconds");
        if (value == null) {
            return DEFAULT_RETENTION;
        }
        try {
            long seconds = Long.parseLong(value);
            if (seconds <= 0) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--retention-seconds must be a positive whole number, got '" + value + "'");
        }
    }

    private static SigningAlgorithm algorithm(String name) {
        return SigningAlgorithm.parse(name.toUpperCase(Locale.ROOT)).orElseThrow(() ->
                new IllegalArgumentException("algorithm must be ES256 or RS256, got '" + name + "'"));
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--activate must be 'now' or an instant like 2026-12-01T00:00:00Z, got '"
                    + value + "'");
        }
    }

    private static String dash(Instant instant) {
        return instant == null ? "-" : instant.toString();
    }

    private void print(List<String> lines) {
        lines.forEach(out::println);
    }
}
