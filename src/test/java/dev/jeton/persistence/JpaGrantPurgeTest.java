package dev.jeton.persistence;

import dev.jeton.config.JetonSettings;
import dev.jeton.grant.authorizationcode.AuthorizationCode;
import dev.jeton.grant.devicecode.DeviceAuthorization;
import dev.jeton.grant.family.RefreshTokenRecord;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.lifecycle.GrantStatePurge;
import dev.jeton.lifecycle.LifecycleSettings;
import dev.jeton.user.UserTestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static dev.jeton.persistence.JpaTestDatabase.inTransaction;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Revocation records (RFC 7009) and the purge of dead grant state, against a real database: what
 * can no longer matter goes, what can still be presented stays.
 */
class JpaGrantPurgeTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(1);
    private static final Duration GRACE = Duration.ofSeconds(30);

    private JpaTestDatabase db;
    private JpaRevocationStore revocations;
    private JpaTokenFamilyStore families;
    private JpaAuthorizationCodeStore codes;
    private JpaExpiredGrantState expired;
    private JpaDeviceAuthorizationStore devices;
    private GrantStatePurge purge;

    @BeforeEach
    void open() {
        db = new JpaTestDatabase();
        var em = db.newEntityManager();
        revocations = new JpaRevocationStore();
        revocations.em = em;
        families = new JpaTokenFamilyStore();
        families.em = em;
        codes = new JpaAuthorizationCodeStore();
        codes.em = em;
        expired = new JpaExpiredGrantState();
        expired.em = em;
        devices = new JpaDeviceAuthorizationStore();
        devices.em = em;
        LifecycleSettings settings = LifecycleSettings.from(name -> Optional.ofNullable(Map.of(
                LifecycleSettings.PURGE_RETENTION, String.valueOf(RETENTION.toSeconds())).get(name)));
        purge = new GrantStatePurge(revocations, expired, codes, devices, settings,
                UserTestSettings.with(Map.of(JetonSettings.REFRESH_REUSE_GRACE, String.valueOf(GRACE.toSeconds()))));
    }

    private static DeviceAuthorization device(String hash, Instant expiresAt) {
        return new DeviceAuthorization(hash, hash + "-user", "tv", "api.read", expiresAt.minusSeconds(600), expiresAt,
                Duration.ofSeconds(5), null, DeviceAuthorization.Status.PENDING, null, null, false);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aRevocationIsRecordedOnceAndForgottenAfterTheTokenExpired() {
        inTransaction(revocations.em, () -> {
            revocations.revoke("live", "web", NOW.plusSeconds(60), NOW);
            revocations.revoke("live", "web", NOW.plusSeconds(60), NOW);
            revocations.revoke("dead", "web", NOW.minusSeconds(1), NOW.minusSeconds(120));
        });
        assertTrue(revocations.isRevoked("live"));
        assertTrue(revocations.isRevoked("dead"));
        assertFalse(revocations.isRevoked("other"));

        int purged = inTransaction(revocations.em, () -> revocations.purgeExpired(NOW));

        assertEquals(1, purged);
        assertTrue(revocations.isRevoked("live"));
        assertFalse(revocations.isRevoked("dead"));
    }

    @Test
    void thePurgeKeepsWhatCanStillBePresentedAndDeletesTheRest() {
        Instant longAgo = NOW.minus(Duration.ofDays(40));
        inTransaction(families.em, () -> {
            // a family past its absolute lifetime (and the retention): everything of it goes
            families.createFamily(new TokenFamily("dead", "web", "u", "openid", longAgo, longAgo,
                    longAgo.plus(Duration.ofDays(30)), null, null));
            families.saveRefreshToken(token("dead-1", "dead", longAgo, longAgo.plus(Duration.ofDays(14))));
            families.recordAccessToken("dead-at", "dead", longAgo.plusSeconds(600));
            // a live family: a spent token still within the retention stays (reuse is still recognised)
            families.createFamily(new TokenFamily("live", "web", "u", "openid", NOW, NOW.minusSeconds(3600),
                    NOW.plus(Duration.ofDays(29)), null, null));
            families.saveRefreshToken(token("spent", "live", NOW.minusSeconds(3600), NOW.minusSeconds(60)));
            families.saveRefreshToken(token("current", "live", NOW.minusSeconds(60), NOW.plus(Duration.ofDays(14))));
            families.recordAccessToken("expired-at", "live", NOW.minusSeconds(1));
            families.recordAccessToken("live-at", "live", NOW.plusSeconds(300));
            codes.save(code("old-code", NOW.minus(Duration.ofDays(2))));
            codes.save(code("recent-code", NOW.minusSeconds(30)));
            revocations.revoke("revoked-dead", "web", NOW.minusSeconds(5), NOW.minusSeconds(100));
            // a device code that expired two days ago goes; one that expired a minute ago still says expired_token
            devices.save(device("old-device", NOW.minus(Duration.ofDays(2))));
            devices.save(device("recent-device", NOW.minusSeconds(60)));
        });

        GrantStatePurge.Report report = inTransaction(families.em, () -> purge.run(NOW));

        assertEquals(new GrantStatePurge.Report(1, 2, 0, 1, 1, 1, 1), report);
        assertTrue(devices.findByDeviceCode("old-device").isEmpty());
        assertTrue(devices.findByDeviceCode("recent-device").isPresent());
        assertTrue(families.findFamily("dead").isEmpty());
        assertTrue(families.findRefreshToken("dead-1").isEmpty());
        assertTrue(families.findFamily("live").isPresent());
        assertTrue(families.findRefreshToken("spent").isPresent(), "kept for the retention: reuse still detected");
        assertTrue(families.findRefreshToken("current").isPresent());
        assertTrue(families.familyOfAccessToken("live-at").isPresent());
        assertTrue(families.familyOfAccessToken("expired-at").isEmpty());
        assertTrue(codes.find("recent-code").isPresent());
        assertTrue(codes.find("old-code").isEmpty());

        assertEquals(0, inTransaction(families.em, () -> purge.run(NOW)).total(), "a second run finds nothing");
    }

    @Test
    void aRevokedFamilyKeepsItsAccessTokensRevokedUntilTheyExpire() {
        inTransaction(families.em, () -> {
            families.createFamily(new TokenFamily("f", "web", "u", "openid", NOW, NOW, NOW.plus(Duration.ofDays(30)),
                    null, null));
            families.recordAccessToken("at", "f", NOW.plusSeconds(300));
            families.revokeFamily("f", "REVOKED_BY_CLIENT", NOW);
        });

        inTransaction(families.em, () -> purge.run(NOW));

        assertTrue(families.isAccessTokenRevoked("at"));
    }

    @Test
    void aSealedRotationResponseIsForgottenOnceTheGraceWindowIsOver() {
        inTransaction(families.em, () -> {
            families.createFamily(new TokenFamily("f", "web", "u", "openid", NOW, NOW.minusSeconds(3600),
                    NOW.plus(Duration.ofDays(29)), null, null));
            families.saveRefreshToken(token("past", "f", NOW.minusSeconds(3600), NOW.plus(Duration.ofDays(14))));
            families.saveRefreshToken(token("within", "f", NOW.minusSeconds(3600), NOW.plus(Duration.ofDays(14))));
            families.consumeRefreshToken("past", "past-successor", new byte[] {1},
                    NOW.minus(GRACE).minusSeconds(1));
            families.consumeRefreshToken("within", "within-successor", new byte[] {2},
                    NOW.minus(GRACE).plusSeconds(1));
        });

        GrantStatePurge.Report report = inTransaction(families.em, () -> purge.run(NOW));

        assertEquals(1, report.sealedResponses());
        RefreshTokenRecord past = families.findRefreshToken("past").orElseThrow();
        assertNull(past.sealedResponse(), "past the grace window the rotation's tokens are not kept");
        assertEquals("past-successor", past.successorHash(), "the spent token stays: its reuse is still detected");
        assertArrayEquals(new byte[] {2}, families.findRefreshToken("within").orElseThrow().sealedResponse(),
                "within the grace window the answer can still be repeated");
        assertEquals(0, inTransaction(families.em, () -> purge.run(NOW)).sealedResponses(), "a second run finds nothing");
    }

    private static RefreshTokenRecord token(String hash, String family, Instant issued, Instant expires) {
        return new RefreshTokenRecord(hash, family, "web", "openid", issued, expires, null, null, null);
    }

    private static AuthorizationCode code(String hash, Instant expires) {
        return new AuthorizationCode(hash, "web", "https://client.example.org/cb", "challenge", "openid", null, "u",
                expires.minusSeconds(60), expires, null);
    }
}
