package dev.jeton.jose;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.config.ConfigurationException;
import dev.jeton.config.JetonSettings;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.token.AccessTokenClaims;
import dev.jeton.token.CoreFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key states over time, scheduled and on-demand rotation, and what our verifier accepts. */
class KeyLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration RETENTION = Duration.ofSeconds(660);

    @TempDir
    Path dir;

    private KeystoreFile ecOnly() throws Exception {
        KeystoreFile file = new KeystoreFile(dir.resolve("keys.bcfks"), "BCFKS", "pw".toCharArray());
        file.create(T0, List.of(SigningAlgorithm.ES256));
        return file;
    }

    private static KeyState state(SigningKeySet set, String alias) {
        return set.entries().stream().filter(e -> e.key().alias().equals(alias)).findFirst().orElseThrow().state();
    }

    @Test
    void aliasCarriesTheActivationAndAPlainAliasIsActiveSinceItsCertificate() {
        KeyAlias scheduled = KeyAlias.parse("es256-1-00ff.a1772323200", T0);
        assertEquals("es256-1-00ff", scheduled.id());
        assertEquals(Optional.of(Instant.ofEpochSecond(1772323200)), scheduled.activation());
        KeyAlias pending = KeyAlias.parse("es256-1-00ff.p", T0);
        assertTrue(pending.pending());
        assertEquals(Optional.empty(), pending.activation());
        KeyAlias legacy = KeyAlias.parse("my-imported-key", T0);
        assertEquals("my-imported-key", legacy.id());
        assertEquals(Optional.of(T0), legacy.activation());
        assertEquals("k.a" + T0.getEpochSecond(), KeyAlias.format("k", T0));
        assertEquals("k.p", KeyAlias.format("k", null));
    }

    @Test
    void aScheduledKeyIsNextThenActiveWhileTheOldOneIsRetiredThenRemoved() throws Exception {
        KeystoreFile file = ecOnly();
        String old = file.load().get(0).alias();
        Instant t1 = T0.plusSeconds(7200);
        String next = file.modify(e -> e.add(SigningAlgorithm.ES256, T0.plusSeconds(3600), t1));
        List<SigningKey> keys = file.load();

        SigningKeySet before = SigningKeySet.at(keys, t1.minusSeconds(1), RETENTION, SigningAlgorithm.ES256, null);
        assertEquals(old, before.active().alias());
        assertEquals(KeyState.NEXT, state(before, next));
        assertEquals(2, before.publicJwkSet().getKeys().size(), "next is published before it signs");
        assertEquals(t1, before.validUntil());

        SigningKeySet after = SigningKeySet.at(keys, t1, RETENTION, SigningAlgorithm.ES256, null);
        assertEquals(next, after.active().alias());
        SigningKeySet.Entry retired = after.entries().stream().filter(e -> e.key().alias().equals(old))
                .findFirst().orElseThrow();
        assertEquals(KeyState.RETIRED, retired.state());
        assertEquals(t1, retired.retiredAt());
        assertEquals(t1.plus(RETENTION), retired.removedAt());
        assertEquals(2, after.publicJwkSet().getKeys().size(), "retired stays published");
        assertEquals(t1.plus(RETENTION), after.validUntil());

        SigningKeySet later = SigningKeySet.at(keys, t1.plus(RETENTION), RETENTION, SigningAlgorithm.ES256, null);
        assertEquals(KeyState.REMOVED, state(later, old));
        assertEquals(List.of(next), later.all().stream().map(SigningKey::alias).toList());
        assertNull(later.publicJwkSet().getKeyByKeyId(retired.key().kid()));
    }

    @Test
    void scheduledRotationPublishesAheadOnceAndDeletesExpiredKeys() throws Exception {
        KeystoreFile file = ecOnly();
        String first = file.load().get(0).alias();
        Duration period = Duration.ofDays(30);
        Duration pre = Duration.ofHours(1);

        Instant early = T0.plus(period).minus(pre).minusSeconds(1);
        assertEquals(List.of(), file.modify(e -> KeyRotation.onSchedule(e, early, period, pre, RETENTION)));

        Instant due = T0.plus(period).minus(pre);
        List<String> done = file.modify(e -> KeyRotation.onSchedule(e, due, period, pre, RETENTION));
        assertEquals(1, done.size(), done.toString());
        SigningKey next = file.load().stream().filter(k -> !k.alias().equals(first)).findFirst().orElseThrow();
        assertEquals(T0.plus(period), next.activation(), "signs when the period ends, a full window after publication");
        assertEquals(List.of(), file.modify(e -> KeyRotation.onSchedule(e, due.plusSeconds(5), period, pre, RETENTION)),
                "a second node (or tick) adds nothing");

        Instant gone = T0.plus(period).plus(RETENTION);
        List<String> removed = file.modify(e -> KeyRotation.onSchedule(e, gone, period, pre, RETENTION));
        assertTrue(removed.stream().anyMatch(l -> l.contains("deleted")), removed.toString());
        assertEquals(List.of(next.alias()), file.load().stream().map(SigningKey::alias).toList());
    }

    @Test
    void scheduledNeverActivatesAKeyPublishedLessThanTheWindow() throws Exception {
        KeystoreFile file = ecOnly();
        Duration period = Duration.ofDays(30);
        Duration pre = Duration.ofHours(1);
        // the server was down: it comes back after the period has ended
        Instant late = T0.plus(period).plusSeconds(600);
        file.modify(e -> KeyRotation.onSchedule(e, late, period, pre, RETENTION));
        SigningKeySet set = KeyRotation.states(file.load(), late, RETENTION);
        SigningKey next = set.entries().stream().filter(e -> e.state() == KeyState.NEXT).findFirst().orElseThrow().key();
        assertEquals(late.plus(pre), next.activation());
    }

    @Test
    void onDemandRotationPromotesTheNextKeyRetiresTheActiveAndPublishesANewOne() throws Exception {
        KeystoreFile file = new KeystoreFile(dir.resolve("keys.p12"), "PKCS12", "pw".toCharArray());
        file.createWithKeys(T0);
        String pending = file.addKey(SigningAlgorithm.ES256, T0.plusSeconds(60));
        String oldEc = KeyRotation.states(file.load(), T0.plusSeconds(60), RETENTION).active(SigningAlgorithm.ES256).alias();
        String oldRsa = KeyRotation.states(file.load(), T0.plusSeconds(60), RETENTION).active(SigningAlgorithm.RS256).alias();

        Instant now = T0.plusSeconds(7200);
        file.modify(e -> KeyRotation.now(e, now, RETENTION, Set.of(SigningAlgorithm.ES256)));
        SigningKeySet set = KeyRotation.states(file.load(), now, RETENTION);

        assertEquals(pending, set.active(SigningAlgorithm.ES256).alias());
        assertEquals(KeyState.RETIRED, state(set, oldEc));
        assertEquals(oldRsa, set.active(SigningAlgorithm.RS256).alias(), "only the asked algorithm rotates");
        assertEquals(1, set.entries().stream().filter(e -> e.state() == KeyState.NEXT).count());

        // a second rotation in the same second still orders the keys strictly
        file.modify(e -> KeyRotation.now(e, now, RETENTION, Set.of(SigningAlgorithm.ES256)));
        SigningKeySet twice = KeyRotation.states(file.load(), now.plusSeconds(1), RETENTION);
        assertNotEquals(pending, twice.active(SigningAlgorithm.ES256).alias());
        assertEquals(KeyState.RETIRED, state(twice, pending));
        assertEquals(KeyState.RETIRED, state(twice, oldEc));
    }

    @Test
    void ourVerifierRefusesATokenOnceItsKeyIsRemoved() throws Exception {
        KeystoreFile file = ecOnly();
        JetonSettings settings = new CoreFixture().settings;
        Instant now = Instant.now();
        SigningKeySet[] current = {SigningKeySet.at(file.load(), now, RETENTION, SigningAlgorithm.ES256, null)};
        SigningKeySource source = () -> current[0];
        String token = new JwtAccessTokenIssuer(source).issue(new AccessTokenClaims(settings.issuer().toString(),
                "svc", List.of("https://api"), "svc", "api.read", now, now.plusSeconds(300), "jti-1"));
        AccessTokenVerifier verifier = new AccessTokenVerifier(source, settings);
        Optional<JWTClaimsSet> ok = verifier.verify(token);
        assertTrue(ok.isPresent());

        // rotated: the old key is retired and still verifies
        file.modify(e -> KeyRotation.now(e, now, RETENTION, Set.of(SigningAlgorithm.ES256)));
        current[0] = SigningKeySet.at(file.load(), now.plusSeconds(2), RETENTION, SigningAlgorithm.ES256, null);
        assertTrue(verifier.verify(token).isPresent());

        // the retired key deleted from the keystore (compromised): its token is refused
        String kid = com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID();
        file.modify(e -> {
            e.remove(kid);
            return null;
        });
        current[0] = SigningKeySet.at(file.load(), now.plusSeconds(2), RETENTION, SigningAlgorithm.ES256, null);
        assertFalse(verifier.verify(token).isPresent());
    }

    @Test
    void jwksCacheLifetimeAndTheReloadIntervalMustBeShorterThanThePrePublicationWindow() throws Exception {
        Map<String, String> config = new HashMap<>(Map.of(KeySettings.PRE_PUBLICATION, "300"));
        KeySettings keys = KeySettings.from(n -> Optional.ofNullable(config.get(n)));
        JetonSettings settings = new CoreFixture().settings; // max-age 300
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> keys.checkAgainst(settings));
        assertTrue(e.getMessage().contains("jeton.jwks.max-age-seconds"), e.getMessage());

        // every node reloads within 30 s: 300 s of caching after a node's last answer without the key, 330 in all
        config.put(KeySettings.PRE_PUBLICATION, "330");
        KeySettings tight = KeySettings.from(n -> Optional.ofNullable(config.get(n)));
        e = assertThrows(ConfigurationException.class, () -> tight.checkAgainst(settings));
        assertTrue(e.getMessage().contains("jeton.keys.reload-interval-seconds"), e.getMessage());
        config.put(KeySettings.PRE_PUBLICATION, "331");
        KeySettings.from(n -> Optional.ofNullable(config.get(n))).checkAgainst(settings);

        KeySettings defaults = KeySettings.from(n -> Optional.empty());
        defaults.checkAgainst(settings);
        assertEquals(Duration.ofSeconds(600 + 60), defaults.retention(settings), "access TTL 600 > ID TTL 300, plus skew");
        assertThrows(ConfigurationException.class, () -> KeySettings.from(n -> Optional.ofNullable(
                Map.of(KeySettings.ROTATION_PERIOD, "100", KeySettings.PRE_PUBLICATION, "3600").get(n))));
    }
}
