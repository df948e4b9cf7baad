package dev.jeton.jose;

import dev.jeton.token.AccessTokenClaims;
import dev.jeton.token.CoreFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A token's signature is verified once per key set ({@link VerifiedSignatures}); what a second use skips must
 * never let through what a first use would refuse: an expired token, a token whose key is no longer published,
 * a token of another spelling.
 */
class VerifiedSignaturesTest {

    private static CoreFixture core;

    @BeforeAll
    static void keys() throws Exception {
        core = new CoreFixture();
    }

    private static String token(SigningKeySource keys, Instant issued, long ttlSeconds) {
        return new JwtAccessTokenIssuer(keys).issue(new AccessTokenClaims(core.settings.issuer().toString(), "user-1",
                List.of("https://api.example.com"), "service", "openid", issued, issued.plusSeconds(ttlSeconds),
                "jti-" + issued.toEpochMilli(), null, null));
    }

    @Test
    void aSecondUseOfTheSameTokenIsAnsweredFromTheCacheWithTheSameClaims() {
        AccessTokenVerifier verifier = new AccessTokenVerifier(core.keys, core.settings);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String token = token(core.keys, now, 300);

        var first = verifier.verify(token, now).orElseThrow();
        assertEquals(1, verifier.rememberedSignatures());
        var second = verifier.verify(token, now.plusSeconds(1)).orElseThrow();
        assertEquals(first, second);
        assertEquals(1, verifier.rememberedSignatures());
    }

    @Test
    void aCachedTokenIsRefusedOnceItHasExpired() {
        AccessTokenVerifier verifier = new AccessTokenVerifier(core.keys, core.settings);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String token = token(core.keys, now, 60);

        assertTrue(verifier.verify(token, now).isPresent());
        assertTrue(verifier.verify(token, now.plusSeconds(59)).isPresent());
        assertTrue(verifier.verify(token, now.plusSeconds(60)).isEmpty(), "exp is checked at every use");
    }

    @Test
    void aCachedTokenIsRefusedOnceItsKeyIsNoLongerPublished() {
        AtomicReference<SigningKeySet> published = new AtomicReference<>(core.keys);
        SigningKeySource source = published::get;
        AccessTokenVerifier verifier = new AccessTokenVerifier(source, core.settings);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String token = token(source, now, 300);
        assertTrue(verifier.verify(token, now).isPresent());

        // the signing key removed (past its retention): the set published now holds only the other keys
        String kid = core.keys.active().kid();
        List<SigningKey> others = core.keys.all().stream().filter(k -> !k.kid().equals(kid)).toList();
        published.set(SigningKeySet.select(others, others.get(0).algorithm(), null));

        assertTrue(verifier.verify(token, now).isEmpty(), "the entry holds only for the key set it was verified with");
    }

    @Test
    void anotherSpellingOfACachedTokenIsStillRefused() {
        AccessTokenVerifier verifier = new AccessTokenVerifier(core.keys, core.settings);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String token = token(core.keys, now, 300);
        assertTrue(verifier.verify(token, now).isPresent());

        String[] parts = token.split("\\.");
        String flipped = parts[2].charAt(0) == 'A' ? "B" + parts[2].substring(1) : "A" + parts[2].substring(1);
        assertTrue(verifier.verify(parts[0] + "." + parts[1] + "." + flipped, now).isEmpty());
        assertTrue(verifier.verify(token + "=", now).isEmpty());
    }

    @Test
    void theCacheStaysWithinItsCapacity() {
        VerifiedSignatures cache = new VerifiedSignatures(3);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AccessTokenVerifier verifier = new AccessTokenVerifier(core.keys, core.settings);
        for (int i = 0; i < 10; i++) {
            String token = token(core.keys, now.plusMillis(i), 300);
            cache.verified(token, core.keys, verifier.verify(token, now).orElseThrow(), now);
            assertTrue(cache.size() <= 3, "size " + cache.size());
        }
    }
}
