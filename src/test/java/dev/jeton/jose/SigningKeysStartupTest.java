package dev.jeton.jose;

import dev.jeton.config.ConfigurationException;
import dev.jeton.config.JetonSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A keystore that cannot be read stops Jeton ({@link SigningKeys#open()} runs at deployment, from
 * {@code Startup}) with a message that names what to fix, and Jeton never falls back to a key of
 * its own making: not in production, and not in the dev profile either once a keystore exists.
 */
class SigningKeysStartupTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
    private static final String PASSWORD = "right-keystore-password";

    @TempDir
    Path dir;

    private Map<String, String> values(String profile, Path keystore, String password) throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        }
        Map<String, String> values = new HashMap<>();
        defaults.forEach((k, v) -> values.put((String) k, (String) v));
        values.put("jeton.profile", profile);
        values.put("jeton.issuer", "https://as.example.com");
        values.put("jeton.keystore.path", keystore.toString());
        values.put("jeton.keystore.password", password);
        return values;
    }

    private SigningKeySet produce(String profile, Path keystore, String password) throws IOException {
        Map<String, String> values = values(profile, keystore, password);
        SigningKeys keys = new SigningKeys();
        keys.settings = JetonSettings.from(name -> Optional.ofNullable(values.get(name)).filter(v -> !v.isEmpty()));
        keys.keySettings = KeySettings.from(name -> Optional.ofNullable(values.get(name)).filter(v -> !v.isEmpty()));
        keys.clock = CLOCK;
        keys.open();
        return keys.current();
    }

    private Path devKeystore() throws IOException {
        Path keystore = dir.resolve("keys.bcfks");
        produce("dev", keystore, PASSWORD);
        assertTrue(Files.isRegularFile(keystore));
        return keystore;
    }

    @Test
    void productionWithoutAKeystoreStopsNamingTheProperty() {
        Path missing = dir.resolve("missing.bcfks");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> produce("production", missing, PASSWORD));
        assertTrue(e.getMessage().contains("jeton.keystore.path"), e.getMessage());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertFalse(Files.exists(missing), "no key is made up outside the dev profile");
    }

    @Test
    void aWrongPasswordStopsWithoutSayingThePassword() throws IOException {
        Path keystore = devKeystore();
        for (String profile : new String[]{"production", "dev"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> produce(profile, keystore, "wrong-password-do-not-print"));
            assertTrue(e.getMessage().contains("jeton.keystore.password"), e.getMessage());
            assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
            assertFalse(e.getMessage().contains("wrong-password-do-not-print"), e.getMessage());
        }
    }

    @Test
    void aDamagedKeystoreStopsAndIsNeverReplacedByAFreshOne() throws IOException {
        Path keystore = devKeystore();
        byte[] bytes = Files.readAllBytes(keystore);
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(keystore, bytes);
        for (String profile : new String[]{"production", "dev"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> produce(profile, keystore, PASSWORD));
            assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        }
        assertArrayEquals(bytes, Files.readAllBytes(keystore), "even the dev profile leaves a bad keystore alone");
    }

    @Test
    void anEmptyOrTruncatedFileStops() throws IOException {
        Path empty = Files.write(dir.resolve("empty.bcfks"), new byte[0]);
        assertThrows(ConfigurationException.class, () -> produce("production", empty, PASSWORD));
        Path keystore = devKeystore();
        byte[] bytes = Files.readAllBytes(keystore);
        Path truncated = Files.write(dir.resolve("truncated.bcfks"), java.util.Arrays.copyOf(bytes, bytes.length / 3));
        assertThrows(ConfigurationException.class, () -> produce("production", truncated, PASSWORD));
    }

    @Test
    void aReadableKeystoreIsUsedAsIsInProduction() throws IOException {
        Path keystore = devKeystore();
        byte[] before = Files.readAllBytes(keystore);
        SigningKeySet keys = produce("production", keystore, PASSWORD);
        assertEquals(2, keys.all().size());
        assertArrayEquals(before, Files.readAllBytes(keystore));
    }

    /** Issue #14 (/admin/keys): an operator's rotation without a restart, by the operator tool's rules. */
    @Test
    void aRotationNowPublishesANewKeyRetiresTheActiveOneAndKeepsItPublished() throws Exception {
        Path keystore = devKeystore();
        Map<String, String> values = values("dev", keystore, PASSWORD);
        SigningKeys keys = new SigningKeys();
        keys.settings = JetonSettings.from(name -> Optional.ofNullable(values.get(name)).filter(v -> !v.isEmpty()));
        keys.keySettings = KeySettings.from(name -> Optional.ofNullable(values.get(name)).filter(v -> !v.isEmpty()));
        keys.clock = CLOCK;
        keys.open();
        SigningKeySet before = keys.current();
        String es256Before = before.active(dev.jeton.config.SigningAlgorithm.ES256).kid();
        java.util.Set<String> publishedBefore = kids(before);

        java.util.List<String> done = keys.rotateNow(java.util.Set.of());
        assertFalse(done.isEmpty());
        // the promoted key signs from the next second (strictly after the active one started)
        keys.clock = Clock.offset(CLOCK, java.time.Duration.ofSeconds(2));
        SigningKeySet after = keys.current();
        assertFalse(after.active(dev.jeton.config.SigningAlgorithm.ES256).kid().equals(es256Before));
        assertTrue(kids(after).containsAll(publishedBefore), "the old keys stay published for the retention");
        assertTrue(kids(after).size() > publishedBefore.size(), "a new key is published");
        assertEquals(KeyState.RETIRED, after.entry(es256Before).orElseThrow().state());

        keys.rotateNow(java.util.Set.of(dev.jeton.config.SigningAlgorithm.RS256));
        assertEquals(after.active(dev.jeton.config.SigningAlgorithm.ES256).kid(),
                keys.current().active(dev.jeton.config.SigningAlgorithm.ES256).kid(), "only the named algorithm");
    }

    private static java.util.Set<String> kids(SigningKeySet set) {
        java.util.Set<String> kids = new java.util.HashSet<>();
        set.publicJwkSet().getKeys().forEach(k -> kids.add(k.getKeyID()));
        return kids;
    }
}
