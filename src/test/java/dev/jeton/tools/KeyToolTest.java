package dev.jeton.tools;

import dev.jeton.config.SigningAlgorithm;
import dev.jeton.jose.KeyRotation;
import dev.jeton.jose.KeyState;
import dev.jeton.jose.KeystoreFile;
import dev.jeton.jose.SigningKey;
import dev.jeton.jose.SigningKeySet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The operator tool: each command against a real keystore, the password from the environment only. */
class KeyToolTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final Map<String, String> ENV = Map.of("JETON_KEYSTORE_PASSWORD", "tool-test-password");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Instant now = T0;

    private int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new KeyTool(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path keystore() {
        return dir.resolve("keystore.bcfks");
    }

    private SigningKeySet states() throws Exception {
        return KeyRotation.states(new KeystoreFile(keystore(), "BCFKS", "tool-test-password".toCharArray()).load(),
                now, KeyTool.DEFAULT_RETENTION);
    }

    private long count(SigningKeySet set, KeyState state, SigningAlgorithm algorithm) {
        return set.entries().stream().filter(e -> e.state() == state && e.key().algorithm() == algorithm).count();
    }

    @Test
    void createMakesOneActiveKeyPerAlgorithmAndListShowsThem() throws Exception {
        assertEquals(0, run(ENV, "create", "--keystore", keystore().toString()), err());
        assertTrue(Files.isRegularFile(keystore()));
        SigningKeySet set = states();
        assertEquals(1, count(set, KeyState.ACTIVE, SigningAlgorithm.ES256));
        assertEquals(1, count(set, KeyState.ACTIVE, SigningAlgorithm.RS256));

        assertEquals(0, run(ENV, "list", "--keystore", keystore().toString()));
        for (SigningKeySet.Entry e : set.entries()) {
            assertTrue(out().contains(e.key().kid()), out());
        }
        assertEquals(2, out().lines().filter(l -> l.startsWith("active")).count(), out());

        assertEquals(1, run(ENV, "create", "--keystore", keystore().toString()), "never overwrites a keystore");
        assertTrue(err().contains("already exists"), err());
    }

    @Test
    void thePasswordComesOnlyFromTheEnvironment() throws Exception {
        assertEquals(2, run(Map.of(), "create", "--keystore", keystore().toString()));
        assertTrue(err().contains("JETON_KEYSTORE_PASSWORD"), err());
        assertFalse(Files.exists(keystore()));

        assertEquals(2, run(ENV, "create", "--keystore", keystore().toString(), "--password", "secret"));
        assertTrue(err().contains("never a command-line argument"), err());
        assertFalse(Files.exists(keystore()));

        assertEquals(0, run(Map.of("MY_PW", "other-password"), "create", "--keystore", keystore().toString(),
                "--password-env", "MY_PW", "--algorithms", "ES256"), err());
        assertEquals(1, run(ENV, "list", "--keystore", keystore().toString()), "the wrong password opens nothing");
        assertTrue(err().startsWith("failed"), err());
    }

    @Test
    void addPublishesAPendingNextKeyAndRotatePromotesIt() throws Exception {
        run(ENV, "create", "--keystore", keystore().toString(), "--algorithms", "ES256");
        String first = states().active(SigningAlgorithm.ES256).alias();
        now = T0.plusSeconds(3600);
        assertEquals(0, run(ENV, "add", "--keystore", keystore().toString(), "--algorithm", "ES256"), err());
        SigningKeySet afterAdd = states();
        SigningKey next = afterAdd.entries().stream().filter(e -> e.state() == KeyState.NEXT).findFirst()
                .orElseThrow().key();
        assertEquals(first, afterAdd.active(SigningAlgorithm.ES256).alias(), "adding does not change who signs");

        now = T0.plusSeconds(7200);
        assertEquals(0, run(ENV, "rotate", "--keystore", keystore().toString()), err());
        SigningKeySet rotated = states();
        assertEquals(next.alias(), rotated.active(SigningAlgorithm.ES256).alias());
        assertEquals(KeyState.RETIRED, rotated.entries().stream().filter(e -> e.key().alias().equals(first))
                .findFirst().orElseThrow().state());
        assertEquals(1, count(rotated, KeyState.NEXT, SigningAlgorithm.ES256), "a new next key for the rotation after");
        assertTrue(out().contains(next.alias()), out());
    }

    @Test
    void removeExpiredDeletesOnlyKeysPastTheirRetention() throws Exception {
        run(ENV, "create", "--keystore", keystore().toString(), "--algorithms", "ES256");
        String first = states().active(SigningAlgorithm.ES256).alias();
        now = T0.plusSeconds(100);
        run(ENV, "rotate", "--keystore", keystore().toString());

        now = T0.plusSeconds(100 + 659);
        assertEquals(0, run(ENV, "remove-expired", "--keystore", keystore().toString()));
        assertTrue(out().contains("no key is past its retention"), out());
        assertEquals(3, states().entries().size());

        now = T0.plusSeconds(100 + 660);
        assertEquals(0, run(ENV, "list", "--keystore", keystore().toString()));
        assertTrue(out().lines().anyMatch(l -> l.startsWith("removed") && l.contains(first)), out());
        assertEquals(0, run(ENV, "remove-expired", "--keystore", keystore().toString()));
        assertTrue(out().contains("deleted") && out().contains(first), out());
        assertEquals(List.of(), states().entries().stream().filter(e -> e.key().alias().equals(first)).toList());
        assertEquals(2, states().entries().size(), "active and next stay");
    }

    @Test
    void removeDeletesOneKeyAtOnceByKid() throws Exception {
        run(ENV, "create", "--keystore", keystore().toString());
        String kid = states().active(SigningAlgorithm.RS256).kid();
        assertEquals(0, run(ENV, "remove", "--keystore", keystore().toString(), "--kid", kid), err());
        assertTrue(states().entries().stream().noneMatch(e -> e.key().kid().equals(kid)));
        assertEquals(1, run(ENV, "remove", "--keystore", keystore().toString(), "--kid", kid));
        assertTrue(err().contains("no key"), err());
    }

    @Test
    void badUsageSaysWhatIsWrong() {
        assertEquals(2, run(ENV));
        assertTrue(out().contains("usage"));
        assertEquals(2, run(ENV, "frobnicate", "--keystore", keystore().toString()));
        assertTrue(err().contains("unknown command"), err());
        assertEquals(2, run(ENV, "add", "--keystore", keystore().toString(), "--algorithm", "HS256"));
        assertTrue(err().contains("ES256 or RS256"), err());
        assertEquals(2, run(ENV, "list"));
        assertTrue(err().contains("--keystore is required"), err());
    }
}
