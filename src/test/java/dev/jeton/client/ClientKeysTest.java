package dev.jeton.client;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A client's keys from jwks_uri: fetched, cached, refetched on an unknown kid, not more often than allowed. */
class ClientKeysTest {

    private static final URI JWKS_URI = URI.create("https://client.example.org/jwks.json");
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private final List<URI> fetches = new ArrayList<>();
    private final AtomicReference<String> published = new AtomicReference<>();
    private final MutableClock clock = new MutableClock(NOW);
    private final ClientKeys keys = new ClientKeys((uri, timeout) -> {
        fetches.add(uri);
        String doc = published.get();
        if (doc == null) {
            throw new IOException("connection refused");
        }
        return doc;
    }, new ClientKeySettings(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(2),
            Duration.ofSeconds(300), Duration.ofSeconds(10)), clock);
    private final RegisteredClient client = AssertionFixture.client("remote", ClientAuthMethod.PRIVATE_KEY_JWT,
            new SecurityProfile(null, JWKS_URI, null, null, false, false, false));

    private static SignedJWT signed(ECKey key) throws Exception {
        return SignedJWT.parse(AssertionFixture.sign(key, JWSAlgorithm.ES256,
                new JWTClaimsSet.Builder().subject("remote").build()));
    }

    private ClientKeys.Check verify(ECKey key) throws Exception {
        return keys.verify(signed(key), client, Set.copyOf(ClientSigningAlgorithms.ALLOWED));
    }

    @Test
    void keysAreFetchedOnceAndCached() throws Exception {
        published.set(AssertionFixture.publicJwks(AssertionFixture.EC));
        assertEquals(ClientKeys.Check.OK, verify(AssertionFixture.EC));
        assertEquals(ClientKeys.Check.OK, verify(AssertionFixture.EC));
        assertEquals(1, fetches.size());
        clock.advance(Duration.ofSeconds(301));
        assertEquals(ClientKeys.Check.OK, verify(AssertionFixture.EC));
        assertEquals(2, fetches.size());
    }

    @Test
    void anUnknownKidTriggersARefetchButNotASecondWithinTheInterval() throws Exception {
        published.set(AssertionFixture.publicJwks(AssertionFixture.EC));
        assertEquals(ClientKeys.Check.OK, verify(AssertionFixture.EC));
        ECKey rotated = AssertionFixture.generateEc("ec-2");
        published.set(AssertionFixture.publicJwks(AssertionFixture.EC, rotated));
        clock.advance(Duration.ofSeconds(11));
        assertEquals(ClientKeys.Check.OK, verify(rotated));
        assertEquals(2, fetches.size());
        // junk kids do not turn into a fetch each
        ECKey junk = AssertionFixture.generateEc("junk");
        assertEquals(ClientKeys.Check.NO_MATCHING_KEY, verify(junk));
        assertEquals(ClientKeys.Check.NO_MATCHING_KEY, verify(junk));
        assertEquals(2, fetches.size());
    }

    @Test
    void anUnreachableJwksUriMeansNoKeys() throws Exception {
        assertEquals(ClientKeys.Check.NO_CLIENT_KEYS, verify(AssertionFixture.EC));
    }

    @Test
    void aJwksWithAPrivateKeyIsRefused() {
        ClientJwks.Refused e = assertThrows(ClientJwks.Refused.class,
                () -> ClientJwks.parsePublic(new com.nimbusds.jose.jwk.JWKSet(AssertionFixture.EC).toString(false)));
        assertEquals(true, e.getMessage().contains("private"));
    }

    @Test
    void aShortRsaKeyIsRefused() throws Exception {
        var small = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(1024, true).keyID("small").generate();
        assertThrows(ClientJwks.Refused.class, () -> ClientJwks.parsePublic(AssertionFixture.publicJwks(small)));
    }

    @Test
    void ed25519KeysAreAcceptedOtherOctetKeyPairsAreNot() throws Exception {
        // RFC 8037 §2: OKP keys; only Ed25519 signs here (FAPI 2.0 Security Profile §5.4.1)
        assertEquals(1, ClientJwks.parsePublic(AssertionFixture.publicJwks(AssertionFixture.ED)).getKeys().size());
        var x25519 = new com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator(com.nimbusds.jose.jwk.Curve.X25519)
                .generate();
        ClientJwks.Refused e = assertThrows(ClientJwks.Refused.class,
                () -> ClientJwks.parsePublic(AssertionFixture.publicJwks(x25519)));
        assertEquals(true, e.getMessage().contains("X25519"), e.getMessage());
        assertThrows(ClientJwks.Refused.class, () -> ClientJwks.parsePublic(
                new com.nimbusds.jose.jwk.JWKSet(AssertionFixture.ED).toString(false)), "a private Ed25519 key");
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
