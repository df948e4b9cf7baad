package dev.jeton.dpop;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the key of the stateless DPoP nonces (RFC 9449 §8) comes from: the configured secret, else
 * the one the nodes share through their database (issue #19), so every node accepts every node's nonce.
 */
class DpopSettingsTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final byte[] SHARED = "a secret the database gave every node".getBytes(StandardCharsets.UTF_8);

    @Test
    void unsetTheSharedSecretIsTheKeyAndTwoNodesAcceptEachOthersNonces() {
        DpopSettings nodeA = DpopSettings.from(name -> Optional.empty(), SHARED::clone);
        DpopSettings nodeB = DpopSettings.from(name -> Optional.empty(), SHARED::clone);
        assertArrayEquals(SHARED, nodeA.nonceSecret());
        String nonce = new DpopNonces(nodeA.nonceSecret(), nodeA.nonceLifetime()).current(NOW);
        assertTrue(new DpopNonces(nodeB.nonceSecret(), nodeB.nonceLifetime()).valid(nonce, NOW.plusSeconds(1)));
    }

    @Test
    void aConfiguredSecretWinsAndTheDatabaseIsNotAsked() {
        String configured = "x".repeat(DpopSettings.MIN_SECRET_LENGTH);
        DpopSettings s = DpopSettings.from(name -> Optional.ofNullable(Map.of(DpopSettings.NONCE_SECRET, configured)
                .get(name)), () -> {
                    throw new AssertionError("the shared secret was asked for");
                });
        assertArrayEquals(configured.getBytes(StandardCharsets.UTF_8), s.nonceSecret());
    }

    @Test
    void nodesWithRandomKeysOfTheirOwnRefuseEachOthersNonces() {
        DpopSettings nodeA = DpopSettings.from(name -> Optional.empty());
        DpopSettings nodeB = DpopSettings.from(name -> Optional.empty());
        String nonce = new DpopNonces(nodeA.nonceSecret(), nodeA.nonceLifetime()).current(NOW);
        assertFalse(new DpopNonces(nodeB.nonceSecret(), nodeB.nonceLifetime()).valid(nonce, NOW),
                "why the server never uses a random key: a cluster needs one key");
    }
}
