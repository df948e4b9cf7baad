package dev.jeton.health;

import dev.jeton.config.SigningAlgorithm;
import dev.jeton.jose.KeystoreFile;
import dev.jeton.jose.SigningKey;
import dev.jeton.jose.SigningKeySet;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The keystore readiness check on real keys from a real BCFKS keystore. */
class KeystoreReadinessTest {

    @TempDir
    Path dir;

    private List<SigningKey> devKeys(Instant now) throws Exception {
        KeystoreFile file = new KeystoreFile(dir.resolve("keys.bcfks"), "BCFKS", "test-password".toCharArray());
        file.createWithKeys(now);
        return file.read().keys();
    }

    @Test
    void anActiveKeyForEachAlgorithmIsUp() throws Exception {
        Instant now = Instant.now();
        SigningKeySet set = SigningKeySet.at(devKeys(now), now, Duration.ofMinutes(11), SigningAlgorithm.ES256, null);
        HealthCheckResponse response = KeystoreReadiness.check(() -> set, SigningAlgorithm.ES256, SigningAlgorithm.RS256);
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertEquals("jeton-keystore", response.getName());
        Map<String, Object> data = response.getData().orElseThrow();
        assertTrue(String.valueOf(data.get("access_token_key")).startsWith("ES256 "), data.toString());
        assertTrue(String.valueOf(data.get("id_token_key")).startsWith("RS256 "), data.toString());
    }

    @Test
    void withoutAnActiveKeyForIdTokensReadinessIsDown() throws Exception {
        Instant now = Instant.now();
        List<SigningKey> onlyEs256 = devKeys(now).stream().filter(k -> k.algorithm() == SigningAlgorithm.ES256).toList();
        SigningKeySet set = SigningKeySet.at(onlyEs256, now, Duration.ofMinutes(11), SigningAlgorithm.ES256, null);
        HealthCheckResponse response = KeystoreReadiness.check(() -> set, SigningAlgorithm.ES256, SigningAlgorithm.RS256);
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        Map<String, Object> data = response.getData().orElseThrow();
        assertTrue(String.valueOf(data.get("id_token_key")).contains("no active RS256 key"), data.toString());
        assertTrue(String.valueOf(data.get("access_token_key")).startsWith("ES256 "), data.toString());
    }

    @Test
    void aKeystoreThatCannotBeReadIsDown() {
        HealthCheckResponse response = KeystoreReadiness.check(() -> {
            throw new IllegalStateException("keystore gone");
        }, SigningAlgorithm.ES256, SigningAlgorithm.RS256);
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertTrue(String.valueOf(response.getData().orElseThrow().get("error")).contains("keystore gone"));
    }
}
