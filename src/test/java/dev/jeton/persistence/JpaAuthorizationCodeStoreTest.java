package dev.jeton.persistence;

import dev.jeton.grant.authorizationcode.AuthorizationCode;
import dev.jeton.grant.authorizationcode.AuthorizationCodeStore.StoredCode;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authorization codes against a real database: RFC 6749 §4.1.2 "MUST NOT use the authorization code more than once". */
class JpaAuthorizationCodeStoreTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private JpaTestDatabase db;
    private JpaAuthorizationCodeStore store;

    @BeforeEach
    void open() {
        db = new JpaTestDatabase();
        store = storeOn(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static JpaAuthorizationCodeStore storeOn(JpaTestDatabase db) {
        JpaAuthorizationCodeStore s = new JpaAuthorizationCodeStore();
        s.em = db.newEntityManager();
        return s;
    }

    private static AuthorizationCode code(String value) {
        return new AuthorizationCode(TokenHashes.sha256(value), "web", "https://app.example.com/cb",
                "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "openid profile", "n-0S6_WzA2Mj", "subject-1",
                NOW.minusSeconds(30), NOW.plusSeconds(60), "{\"id_token\":{\"email\":null}}");
    }

    @Test
    void savedCodeIsFoundByItsHashAndUnspent() {
        AuthorizationCode code = code("code-1");
        inTransaction(store.em, () -> store.save(code));

        StoredCode stored = store.find(code.codeHash()).orElseThrow();
        assertEquals(code, stored.code());
        assertFalse(stored.consumed());
        assertNull(stored.familyId());
        assertTrue(store.find(TokenHashes.sha256("other")).isEmpty());
    }

    @Test
    void codeCanBeClaimedOnlyOnce() {
        AuthorizationCode code = code("code-1");
        inTransaction(store.em, () -> store.save(code));

        assertTrue(inTransaction(store.em, () -> store.claim(code.codeHash(), "family-1", NOW)));
        assertFalse(inTransaction(store.em, () -> store.claim(code.codeHash(), "family-2", NOW)));

        // the loser must not overwrite the family: reuse revokes the family of the first redemption
        StoredCode stored = store.find(code.codeHash()).orElseThrow();
        assertTrue(stored.consumed());
        assertEquals("family-1", stored.familyId());
    }

    @Test
    void claimInTheSameTransactionAsAReadIsSeenByTheNextRead() {
        AuthorizationCode code = code("code-1");
        inTransaction(store.em, () -> store.save(code));

        // a read before the claim must not leave a stale "unspent" copy in the persistence context
        StoredCode after = inTransaction(store.em, () -> {
            store.find(code.codeHash());
            store.claim(code.codeHash(), "family-1", NOW);
            return store.find(code.codeHash()).orElseThrow();
        });
        assertTrue(after.consumed());
    }

    @Test
    void claimOfAnUnknownCodeFails() {
        assertFalse(inTransaction(store.em, () -> store.claim(TokenHashes.sha256("never-issued"), "family-1", NOW)));
    }

    @Test
    void concurrentClaimsHaveExactlyOneWinner() throws Exception {
        // two requests redeeming the same code at once, each with its own connection and transaction
        JpaAuthorizationCodeStore first = storeOn(db);
        JpaAuthorizationCodeStore second = storeOn(db);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                AuthorizationCode code = code("code-" + round);
                inTransaction(store.em, () -> store.save(code));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (JpaAuthorizationCodeStore s : List.of(first, second)) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return inTransaction(s.em, () -> s.claim(code.codeHash(), "family-" + s.hashCode(), NOW));
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
    void purgeDeletesOnlyCodesExpiredBeforeTheCutoff() {
        AuthorizationCode expired = code("old");
        AuthorizationCode live = code("new");
        inTransaction(store.em, () -> {
            store.save(new AuthorizationCode(expired.codeHash(), "web", "https://app.example.com/cb", "c", "openid",
                    null, "subject-1", NOW, NOW.minusSeconds(1), null));
            store.save(live);
        });

        assertEquals(1, inTransaction(store.em, () -> store.purgeExpired(NOW)));
        assertTrue(store.find(expired.codeHash()).isEmpty());
        assertTrue(store.find(live.codeHash()).isPresent());
    }
}
