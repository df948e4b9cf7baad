package dev.jeton.dpop;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.client.AssertionFixture;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.replay.MemoryReplayStore;
import dev.jeton.vocabulary.TokenHashes;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DPoP proof checks (RFC 9449 §4.3), the RFC's own example, and the RFC 7638 thumbprint vector. */
class DpopVerifierTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final String TOKEN_URL = "https://as.example.com/oauth/token";
    private static final ECKey KEY = AssertionFixture.EC;

    private final MemoryReplayStore replay = new MemoryReplayStore();
    private final DpopSettings settings = DpopSettings.from(name -> Optional.ofNullable(Map.of(
            DpopSettings.NONCE_SECRET, "a-nonce-secret-of-at-least-thirty-two-characters").get(name)));
    private final DpopVerifier verifier = new DpopVerifier(settings, replay);

    private DpopVerifier.Result verify(List<String> proofs, boolean nonceRequired, String accessToken) {
        return verifier.verify(new DpopVerifier.Request(proofs, "POST", List.of(URI.create(TOKEN_URL)), NOW,
                nonceRequired, accessToken));
    }

    private DpopVerifier.Result verify(String proof) {
        return verify(List.of(proof), false, null);
    }

    private void refused(String proof, DpopFailure failure) {
        DpopVerifier.Result.Refused r = assertInstanceOf(DpopVerifier.Result.Refused.class, verify(proof));
        assertEquals(failure, r.failure());
        assertEquals(OAuthErrorCode.INVALID_DPOP_PROOF, r.error().code());
        assertEquals(400, r.error().httpStatus());
    }

    private static String thumbprint(ECKey key) throws Exception {
        return key.toPublicJWK().computeThumbprint().toString();
    }

    @Test
    void rfc7638Section31ThumbprintExample() throws Exception {
        RSAKey key = RSAKey.parse("{\"kty\":\"RSA\",\"n\":\"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfA"
                + "AtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6C"
                + "f0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdk"
                + "t-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw\","
                + "\"e\":\"AQAB\",\"alg\":\"RS256\",\"kid\":\"2011-04-29\"}");
        assertEquals("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", key.computeThumbprint().toString());
    }

    /** RFC 9449 §4.1 Figure 2 (the proof) and §6.1 Figure 9 (its key's jkt). */
    @Test
    void rfc9449ExampleProofVerifiesWithItsPublishedThumbprint() {
        String proof = "eyJ0eXAiOiJkcG9wK2p3dCIsImFsZyI6IkVTMjU2IiwiandrIjp7Imt0eSI6IkVDIiwieCI6Imw4dEZyaHgtMzR0VjNo"
                + "UklDUkRZOXpDa0RscEJoRjQyVVFVZldWQVdCRnMiLCJ5IjoiOVZFNGpmX09rX282NHpiVFRsY3VOSmFqSG10NnY5VERWclUwQ"
                + "2R2R1JEQSIsImNydiI6IlAtMjU2In19.eyJqdGkiOiItQndDM0VTYzZhY2MybFRjIiwiaHRtIjoiUE9TVCIsImh0dSI6Imh0dH"
                + "BzOi8vc2VydmVyLmV4YW1wbGUuY29tL3Rva2VuIiwiaWF0IjoxNTYyMjYyNjE2fQ.2-GxA6T8lP4vfrg8v-FdWP0A0zdrj8igiM"
                + "LvqRMUvwnQg4PtFLbdLXiOSsX0x7NVY-FNyJK70nfbV37xRZT3Lg";
        DpopVerifier.Result r = verifier.verify(new DpopVerifier.Request(List.of(proof), "POST",
                List.of(URI.create("https://server.example.com/token")), Instant.ofEpochSecond(1562262616), false,
                null));
        assertEquals("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I",
                assertInstanceOf(DpopVerifier.Result.Verified.class, r).thumbprint());
    }

    /** RFC 9449 §7.1 Figures 12 and 13: the ath of the example access token. */
    @Test
    void rfc9449AccessTokenHashExample() {
        assertEquals("fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo",
                TokenHashes.sha256("Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU"));
    }

    @Test
    void validProofGivesTheKeysThumbprint() throws Exception {
        DpopVerifier.Result r = verify(DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW));
        assertEquals(thumbprint(KEY), assertInstanceOf(DpopVerifier.Result.Verified.class, r).thumbprint());
    }

    @Test
    void twoProofsAreRefused() {
        DpopVerifier.Result.Refused r = assertInstanceOf(DpopVerifier.Result.Refused.class, verify(List.of(
                DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW), DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW)), false,
                null));
        assertEquals(DpopFailure.MULTIPLE_PROOFS, r.failure());
    }

    @Test
    void replayedProofIsRefused() {
        String proof = DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW);
        assertInstanceOf(DpopVerifier.Result.Verified.class, verify(proof));
        refused(proof, DpopFailure.REPLAYED);
    }

    @Test
    void refusedProofDoesNotSpendItsJti() {
        JWTClaimsSet wrong = DpopProofs.claims("GET", TOKEN_URL, NOW).jwtID("kept").build();
        refused(DpopProofs.proof(KEY, wrong, h -> { }), DpopFailure.METHOD_MISMATCH);
        JWTClaimsSet right = DpopProofs.claims("POST", TOKEN_URL, NOW).jwtID("kept").build();
        assertInstanceOf(DpopVerifier.Result.Verified.class, verify(DpopProofs.proof(KEY, right, h -> { })));
    }

    @Test
    void wrongTypIsRefused() {
        refused(DpopProofs.proof(KEY, DpopProofs.claims("POST", TOKEN_URL, NOW).build(),
                h -> h.type(JOSEObjectType.JWT)), DpopFailure.WRONG_TYPE);
    }

    @Test
    void privateKeyInTheHeaderIsRefused() {
        refused(DpopProofs.withPrivateKeyInHeader(KEY, DpopProofs.claims("POST", TOKEN_URL, NOW).build()),
                DpopFailure.PRIVATE_KEY_IN_HEADER);
    }

    @Test
    void proofWithoutJwkIsRefused() {
        refused(DpopProofs.proof(KEY, null, DpopProofs.claims("POST", TOKEN_URL, NOW).build(), h -> { }),
                DpopFailure.NO_PUBLIC_KEY);
    }

    @Test
    void signatureByAnotherKeyThanTheHeadersIsRefused() {
        ECKey other = AssertionFixture.generateEc("other");
        refused(DpopProofs.proof(KEY, other.toPublicJWK(), DpopProofs.claims("POST", TOKEN_URL, NOW).build(),
                h -> { }), DpopFailure.BAD_SIGNATURE);
    }

    @Test
    void hmacProofIsRefused() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(DpopVerifier.DPOP_JWT).build(),
                DpopProofs.claims("POST", TOKEN_URL, NOW).build());
        jwt.sign(new MACSigner("a-shared-secret-is-no-proof-of-possession".getBytes(StandardCharsets.UTF_8)));
        refused(jwt.serialize(), DpopFailure.ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void unsignedProofIsRefused() {
        String none = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"dpop+jwt\"}") + "."
                + Base64URL.encode(DpopProofs.claims("POST", TOKEN_URL, NOW).build().toString()) + ".";
        refused(none, DpopFailure.MALFORMED);
    }

    @Test
    void wrongMethodIsRefused() {
        refused(DpopProofs.proof(KEY, "GET", TOKEN_URL, NOW), DpopFailure.METHOD_MISMATCH);
    }

    @Test
    void wrongUriIsRefused() {
        refused(DpopProofs.proof(KEY, "POST", "https://as.example.com/oauth/userinfo", NOW),
                DpopFailure.URI_MISMATCH);
        refused(DpopProofs.proof(KEY, "POST", "https://evil.example.com/oauth/token", NOW),
                DpopFailure.URI_MISMATCH);
    }

    @Test
    void htuIsComparedWithoutQueryAndAfterNormalization() {
        for (String htu : List.of(TOKEN_URL + "?x=1#f", "HTTPS://AS.example.com:443/oauth/token",
                "https://as.example.com/oauth/./token")) {
            assertInstanceOf(DpopVerifier.Result.Verified.class, verify(DpopProofs.proof(KEY, "POST", htu, NOW)),
                    htu);
        }
    }

    @Test
    void staleOrFutureIatIsRefused() {
        refused(DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW.minusSeconds(61)), DpopFailure.IAT_OUT_OF_WINDOW);
        refused(DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW.plusSeconds(16)), DpopFailure.IAT_OUT_OF_WINDOW);
        assertInstanceOf(DpopVerifier.Result.Verified.class,
                verify(DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW.minusSeconds(59))));
    }

    @Test
    void aProofDatedTenSecondsAheadIsAcceptedByDefaultAndCannotBeReplayedInItsWindow() {
        // issue #14: the conformance suite dates proofs 10 s ahead; RFC 9449 §11.1 replay protection must hold
        assertEquals(Duration.ofSeconds(15), settings.clockSkew(), "the default");
        String ahead = DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW.plusSeconds(10));
        assertInstanceOf(DpopVerifier.Result.Verified.class, verify(ahead));
        // the latest instant the proof is still young enough: iat + 60 s
        for (Instant later : List.of(NOW, NOW.plusSeconds(35), NOW.plusSeconds(70))) {
            DpopVerifier.Result again = verifier.verify(new DpopVerifier.Request(List.of(ahead), "POST",
                    List.of(URI.create(TOKEN_URL)), later, false, null));
            assertEquals(DpopFailure.REPLAYED, assertInstanceOf(DpopVerifier.Result.Refused.class, again).failure(),
                    later.toString());
        }
    }

    @Test
    void theClockSkewIsConfigurable() {
        DpopSettings strict = DpopSettings.from(name -> Optional.ofNullable(Map.of(DpopSettings.CLOCK_SKEW, "5",
                DpopSettings.NONCE_SECRET, "a-nonce-secret-of-at-least-thirty-two-characters").get(name)));
        DpopVerifier.Result refusedAhead = new DpopVerifier(strict, new MemoryReplayStore()).verify(
                new DpopVerifier.Request(List.of(DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW.plusSeconds(10))),
                        "POST", List.of(URI.create(TOKEN_URL)), NOW, false, null));
        assertEquals(DpopFailure.IAT_OUT_OF_WINDOW,
                assertInstanceOf(DpopVerifier.Result.Refused.class, refusedAhead).failure());
    }

    @Test
    void missingClaimsAreRefused() {
        refused(DpopProofs.proof(KEY, DpopProofs.claims("POST", TOKEN_URL, NOW).jwtID(null).build(), h -> { }),
                DpopFailure.MISSING_CLAIMS);
        refused(DpopProofs.proof(KEY, DpopProofs.claims("POST", TOKEN_URL, NOW).claim("htu", null).build(),
                h -> { }), DpopFailure.MISSING_CLAIMS);
    }

    @Test
    void nonceChallengeCarriesAFreshNonceAndTheRetryIsAccepted() {
        DpopVerifier.Result.Refused challenge = assertInstanceOf(DpopVerifier.Result.Refused.class,
                verify(List.of(DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW)), true, null));
        assertEquals(DpopFailure.NONCE_MISSING, challenge.failure());
        assertEquals(OAuthErrorCode.USE_DPOP_NONCE, challenge.error().code());
        String nonce = challenge.error().headers().get("DPoP-Nonce");
        assertNotNull(nonce);
        String retry = DpopProofs.proof(KEY, DpopProofs.claims("POST", TOKEN_URL, NOW).claim("nonce", nonce).build(),
                h -> { });
        assertInstanceOf(DpopVerifier.Result.Verified.class, verify(List.of(retry), true, null));
    }

    @Test
    void wrongNonceIsAnsweredWithAChallenge() {
        String proof = DpopProofs.proof(KEY, DpopProofs.claims("POST", TOKEN_URL, NOW)
                .claim("nonce", "x".repeat(43)).build(), h -> { });
        DpopVerifier.Result.Refused r = assertInstanceOf(DpopVerifier.Result.Refused.class,
                verify(List.of(proof), true, null));
        assertEquals(DpopFailure.NONCE_INVALID, r.failure());
        assertEquals(OAuthErrorCode.USE_DPOP_NONCE, r.error().code());
    }

    @Test
    void accessTokenHashMustMatch() {
        String token = "an-access-token";
        String good = DpopProofs.proof(KEY, DpopProofs.claims("POST", TOKEN_URL, NOW)
                .claim("ath", TokenHashes.sha256(token)).build(), h -> { });
        assertInstanceOf(DpopVerifier.Result.Verified.class, verify(List.of(good), false, token));
        String other = DpopProofs.proof(KEY, DpopProofs.claims("POST", TOKEN_URL, NOW)
                .claim("ath", TokenHashes.sha256("another-token")).build(), h -> { });
        assertEquals(DpopFailure.ACCESS_TOKEN_HASH_MISMATCH,
                ((DpopVerifier.Result.Refused) verify(List.of(other), false, token)).failure());
        String none = DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW);
        assertEquals(DpopFailure.ACCESS_TOKEN_HASH_MISMATCH,
                ((DpopVerifier.Result.Refused) verify(List.of(none), false, token)).failure());
    }

    @Test
    void noncesLiveForTheCurrentAndThePreviousStepOnEveryNodeWithTheSecret() {
        byte[] secret = "a-nonce-secret-of-at-least-thirty-two-characters".getBytes(StandardCharsets.UTF_8);
        DpopNonces node1 = new DpopNonces(secret, Duration.ofSeconds(300));
        DpopNonces node2 = new DpopNonces(secret, Duration.ofSeconds(300));
        DpopNonces otherSecret = new DpopNonces("another-secret-of-at-least-thirty-two-chars!".getBytes(
                StandardCharsets.UTF_8), Duration.ofSeconds(300));
        Instant t = Instant.ofEpochSecond(1_800_000_000L);
        String nonce = node1.current(t);
        assertEquals(43, nonce.length());
        assertTrue(node2.valid(nonce, t));
        assertTrue(node2.valid(nonce, t.plusSeconds(300)));
        assertFalse(node2.valid(nonce, t.plusSeconds(600)));
        assertFalse(node2.valid(nonce, t.minusSeconds(300)));
        assertFalse(otherSecret.valid(nonce, t));
        assertFalse(node1.valid(null, t));
    }

    @Test
    void aProofOutsideTheAlgorithmsOfItsClientIsRefused() {
        // a FAPI 2.0 client's proofs: ClientSigningAlgorithms.forProfile narrows what the request allows
        String proof = DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW);
        DpopVerifier.Result onlyPs256 = verifier.verify(new DpopVerifier.Request(List.of(proof), "POST",
                List.of(URI.create(TOKEN_URL)), NOW, false, null, java.util.Set.of(com.nimbusds.jose.JWSAlgorithm.PS256)));
        assertEquals(DpopFailure.ALGORITHM_NOT_ALLOWED,
                assertInstanceOf(DpopVerifier.Result.Refused.class, onlyPs256).failure());
        String another = DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW);
        assertInstanceOf(DpopVerifier.Result.Verified.class, verifier.verify(new DpopVerifier.Request(List.of(another),
                "POST", List.of(URI.create(TOKEN_URL)), NOW, false, null,
                dev.jeton.client.ClientSigningAlgorithms.FAPI2)));
    }

    /** A proof signed by an Ed25519 key with EdDSA (RFC 8037), its jwk in the header. */
    private static String ed25519Proof(com.nimbusds.jose.jwk.OctetKeyPair key, com.nimbusds.jose.jwk.JWK headerKey,
                                       JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.EdDSA)
                .type(DpopVerifier.DPOP_JWT).jwk(headerKey).build(), claims);
        jwt.sign(new com.nimbusds.jose.crypto.Ed25519Signer(key));
        return jwt.serialize();
    }

    @Test
    void anEd25519ProofIsVerifiedAndBindsToItsThumbprint() throws Exception {
        // RFC 9449 §4.3 with EdDSA (RFC 8037 §3.1), which FAPI 2.0 allows (Security Profile §5.4.1)
        var key = AssertionFixture.generateEd25519(null);
        String proof = ed25519Proof(key, key.toPublicJWK(), DpopProofs.claims("POST", TOKEN_URL, NOW).build());
        DpopVerifier.Result.Verified verified = assertInstanceOf(DpopVerifier.Result.Verified.class,
                verifier.verify(new DpopVerifier.Request(List.of(proof), "POST", List.of(URI.create(TOKEN_URL)), NOW,
                        false, null, dev.jeton.client.ClientSigningAlgorithms.FAPI2)));
        // RFC 8037 §2 / RFC 7638: the thumbprint of crv, kty and x
        assertEquals(key.toPublicJWK().computeThumbprint().toString(), verified.thumbprint());
        // the header names another Ed25519 key than the one that signed
        var other = AssertionFixture.generateEd25519(null);
        refused(ed25519Proof(key, other.toPublicJWK(), DpopProofs.claims("POST", TOKEN_URL, NOW).build()),
                DpopFailure.BAD_SIGNATURE);
        // an X25519 key in the header (a key-agreement key, RFC 8037 §3.2) verifies nothing
        var disguised = new com.nimbusds.jose.jwk.OctetKeyPair.Builder(com.nimbusds.jose.jwk.Curve.X25519,
                key.getX()).build();
        refused(ed25519Proof(key, disguised, DpopProofs.claims("POST", TOKEN_URL, NOW).build()),
                DpopFailure.BAD_SIGNATURE);
    }

    @Test
    void anEd25519ProofWithItsPrivateKeyInTheHeaderIsRefused() throws Exception {
        var key = AssertionFixture.generateEd25519(null);
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"EdDSA\",\"jwk\":" + key.toJSONString() + "}";
        String input = Base64URL.encode(header) + "." + Base64URL.encode(DpopProofs.claims("POST", TOKEN_URL, NOW)
                .build().toString());
        String proof = input + "." + new com.nimbusds.jose.crypto.Ed25519Signer(key).sign(
                new JWSHeader(com.nimbusds.jose.JWSAlgorithm.EdDSA), input.getBytes(StandardCharsets.US_ASCII));
        refused(proof, DpopFailure.PRIVATE_KEY_IN_HEADER);
    }
}
