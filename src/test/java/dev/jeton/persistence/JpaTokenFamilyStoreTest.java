package dev.jeton.persistence;

import dev.jeton.grant.family.RefreshTokenRecord;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.vocabulary.TokenHashes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.jeton.persistence.JpaTestDatabase.inTransaction;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token families and refresh token rotation against a real database (RFC 9700 §4.14.2, RFC 6749 §10.4). */
class JpaTokenFamilyStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final String FAMILY = "family-1";

    private JpaTestDatabase db;
    private JpaTokenFamilyStore store;

    @BeforeEach
    void open() {
        db = new JpaTestDatabase();
        store = storeOn(db);
        inTransaction(store.em, () -> store.createFamily(new TokenFamily(FAMILY, "web", "subject-1", "openid api",
                NOW.minusSeconds(60), NOW, NOW.plusSeconds(86_400), null, null)));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static JpaTokenFamilyStore storeOn(JpaTestDatabase db) {
        JpaTokenFamilyStore s = new JpaTokenFamilyStore();
        s.em = db.newEntityManager();
        return s;
    }

    private static RefreshTokenRecord liveToken(String value) {
        return new RefreshTokenRecord(TokenHashes.sha256(value), FAMILY, "web", "openid api", NOW,
                NOW.plusSeconds(3600), null, null, null);
    }

    private void save(RefreshTokenRecord token) {
        inTransaction(store.em, () -> store.saveRefreshToken(token));
    }

    @Test
    void familyIsFoundAsCreated() {
        TokenFamily family = store.findFamily(FAMILY).orElseThrow();
        assertEquals(new TokenFamily(FAMILY, "web", "subject-1", "openid api", NOW.minusSeconds(60), NOW,
                NOW.plusSeconds(86_400), null, null), family);
        assertTrue(store.findFamily("no-such-family").isEmpty());
    }

    @Test
    void refreshTokenIsConsumedOnlyOnce() {
        RefreshTokenRecord token = liveToken("rt-1");
        save(token);
        byte[] sealed = {1, 2, 3};

        assertTrue(inTransaction(store.em, () -> store.consumeRefreshToken(token.tokenHash(), "successor-1", sealed,
                NOW)));
        assertFalse(inTransaction(store.em, () -> store.consumeRefreshToken(token.tokenHash(), "successor-2",
                new byte[] {9}, NOW)));

        // the winner's successor stays: the grace window hands out that one, never a second live one
        RefreshTokenRecord stored = store.findRefreshToken(token.tokenHash()).orElseThrow();
        assertEquals(NOW, stored.consumedAt());
        assertEquals("successor-1", stored.successorHash());
        assertArrayEquals(sealed, stored.sealedResponse());
    }

    @Test
    void consumingAnUnknownTokenFails() {
        assertFalse(inTransaction(store.em, () -> store.consumeRefreshToken(TokenHashes.sha256("unknown"), "s", null,
                NOW)));
    }

    @Test
    void concurrentRotationsHaveExactlyOneWinner() throws Exception {
        JpaTokenFamilyStore first = storeOn(db);
        JpaTokenFamilyStore second = storeOn(db);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                RefreshTokenRecord token = liveToken("rt-" + round);
                save(token);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (JpaTokenFamilyStore s : List.of(first, second)) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return inTransaction(s.em, () -> s.consumeRefreshToken(token.tokenHash(),
                                "successor-" + s.hashCode(), null, NOW));
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> r : results) {
                    winners += r.get(10, TimeUnit.SECONDS) ? 1 : 0;
                }
                assertEquals(1, winners, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void revokingTheFamilyReachesItsRefreshAndAccessTokensOnly() {
        RefreshTokenRecord spent = liveToken("rt-1");
        RefreshTokenRecord live = liveToken("rt-2");
        save(spent);
        save(live);
        inTransaction(store.em, () -> {
            store.consumeRefreshToken(spent.tokenHash(), live.tokenHash(), new byte[] {7}, NOW.minusSeconds(10));
            store.recordAccessToken("jti-1", FAMILY, NOW.plusSeconds(600));
            store.createFamily(new TokenFamily("family-2", "web", "subject-1", "api", null, NOW,
                    NOW.plusSeconds(86_400), null, null));
            store.recordAccessToken("jti-other", "family-2", NOW.plusSeconds(600));
        });

        inTransaction(store.em, () -> store.revokeFamily(FAMILY, "REFRESH_TOKEN_REUSE", NOW));

        TokenFamily family = store.findFamily(FAMILY).orElseThrow();
        assertEquals(NOW, family.revokedAt());
        assertEquals("REFRESH_TOKEN_REUSE", family.revokedReason());
        // the live token can no longer be rotated, and no successor can be recovered from the spent one
        assertNotNull(store.findRefreshToken(live.tokenHash()).orElseThrow().consumedAt());
        assertFalse(inTransaction(store.em, () -> store.consumeRefreshToken(live.tokenHash(), "x", null, NOW)));
        RefreshTokenRecord spentAfter = store.findRefreshToken(spent.tokenHash()).orElseThrow();
        assertEquals(NOW.minusSeconds(10), spentAfter.consumedAt());
        assertNull(spentAfter.sealedResponse());
        assertTrue(store.isAccessTokenRevoked("jti-1"));
        // another family is untouched
        assertFalse(store.isAccessTokenRevoked("jti-other"));
        assertFalse(store.findFamily("family-2").orElseThrow().revoked());
    }

    @Test
    void revokingTwiceKeepsTheFirstTimeAndReason() {
        inTransaction(store.em, () -> store.revokeFamily(FAMILY, "CODE_REUSE", NOW));
        inTransaction(store.em, () -> store.revokeFamily(FAMILY, "USER_LOGOUT", NOW.plusSeconds(5)));

        TokenFamily family = store.findFamily(FAMILY).orElseThrow();
        assertEquals(NOW, family.revokedAt());
        assertEquals("CODE_REUSE", family.revokedReason());
    }

    @Test
    void accessTokenRecordedAfterRevocationIsRevoked() {
        inTransaction(store.em, () -> store.revokeFamily(FAMILY, "CODE_REUSE", NOW));
        inTransaction(store.em, () -> store.recordAccessToken("jti-late", FAMILY, NOW.plusSeconds(600)));

        assertTrue(store.isAccessTokenRevoked("jti-late"));
    }

    @Test
    void accessTokenOfALiveFamilyOrUnknownJtiIsNotRevoked() {
        inTransaction(store.em, () -> store.recordAccessToken("jti-1", FAMILY, NOW.plusSeconds(600)));

        assertFalse(store.isAccessTokenRevoked("jti-1"));
        assertFalse(store.isAccessTokenRevoked("never-issued"));
    }

    @Test
    void theFamilyOfAnAccessTokenCarriesItsUserinfoClaimsRequest() {
        // OIDC Core §5.5: what the authorization request asked userinfo for travels with the grant
        inTransaction(store.em, () -> {
            store.createFamily(new TokenFamily("family-claims", "web", "subject-2", "openid", NOW, NOW,
                    NOW.plusSeconds(3600), null, null, "email phone_number"));
            store.recordAccessToken("jti-claims", "family-claims", NOW.plusSeconds(600));
        });
        assertEquals(java.util.Set.of("email", "phone_number"),
                store.familyOfAccessToken("jti-claims").orElseThrow().userinfoClaimNames());
        assertTrue(store.familyOfAccessToken("unknown-jti").isEmpty());
    }
}
