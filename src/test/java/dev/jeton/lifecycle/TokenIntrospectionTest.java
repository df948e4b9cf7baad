package dev.jeton.lifecycle;

import dev.jeton.vocabulary.TokenIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7662 over in-memory stores and real keys. */
class TokenIntrospectionTest {

    private static final Instant NOW = Instant.now();
    private LifecycleFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new LifecycleFixture();
    }

    private Introspection asClient(String token, String hint, String clientId) {
        return f.introspection.introspect(token, hint, f.clients.get(clientId), NOW);
    }

    @Test
    void anActiveAccessTokenAnswersWithItsClaims() {
        String jti = TokenIds.jwtId();
        String token = f.accessToken("web", LifecycleFixture.ISSUER, Duration.ofMinutes(10), jti);

        Introspection answer = asClient(token, null, "web");

        assertTrue(answer.active());
        assertEquals("api.read", answer.members().get("scope"));
        assertEquals("web", answer.members().get("client_id"));
        assertEquals("user-1", answer.members().get("sub"));
        assertEquals(LifecycleFixture.ISSUER, answer.members().get("aud"));
        assertEquals(LifecycleFixture.ISSUER, answer.members().get("iss"));
        assertEquals(jti, answer.members().get("jti"));
        assertEquals("Bearer", answer.members().get("token_type"));
        assertTrue((Long) answer.members().get("exp") > NOW.getEpochSecond());
        // the token was made after NOW (the class loaded earlier, seconds earlier on a loaded machine)
        assertTrue((Long) answer.members().get("iat") <= Instant.now().getEpochSecond());
        assertFalse(answer.members().containsKey("cnf"));
    }

    @Test
    void anAccessTokenExpiredOneSecondAgoIsInactiveAndRefusedByTheVerifier() {
        // issue #11: Nimbus's default 60 s clock skew kept expired tokens active; ours get none
        String expired = f.accessToken("web", LifecycleFixture.ISSUER, Duration.ofSeconds(-1), TokenIds.jwtId());
        String live = f.accessToken("web", LifecycleFixture.ISSUER, Duration.ofSeconds(30), TokenIds.jwtId());

        assertEquals(Introspection.INACTIVE, f.introspection.introspect(expired, null, f.clients.get("web"),
                Instant.now()));
        assertTrue(f.verifier.verify(expired).isEmpty(), "the system-clock check (userinfo, introspection, admin)");
        assertTrue(f.verifier.verify(expired, Instant.now()).isEmpty(), "the given-time check (token exchange)");
        assertTrue(f.introspection.liveAccessToken(expired).isEmpty());
        assertTrue(f.verifier.verify(live).isPresent(), "the same check passes an unexpired token");
        assertTrue(asClient(live, null, "web").active());
    }

    @Test
    void aResourceServerSeesTokensForItsAudienceButNotOthers() {
        String forApi = f.accessToken("web", "https://api.example.com", Duration.ofMinutes(5), TokenIds.jwtId());
        String forIssuer = f.accessToken("web");

        assertTrue(asClient(forApi, null, "api-server").active(), "its registered audience");
        assertEquals(Introspection.INACTIVE, asClient(forIssuer, null, "api-server"), "§4: nothing about others");
        assertEquals(Introspection.INACTIVE, asClient(forApi, null, "other"));
    }

    @Test
    void aRevokedAccessTokenIsInactive() {
        String token = f.accessToken("web");
        f.revocation.revoke(token, "access_token", f.clients.get("web"), NOW, "192.0.2.1");

        assertEquals(Introspection.INACTIVE, asClient(token, null, "web"));
    }

    @Test
    void anAccessTokenOfARevokedFamilyIsInactive() {
        String jti = TokenIds.jwtId();
        String token = f.accessToken("web", LifecycleFixture.ISSUER, Duration.ofMinutes(10), jti);
        f.refreshToken("fam", "web", NOW);
        f.grants.recordAccessToken(jti, "fam", NOW.plusSeconds(600));
        assertTrue(asClient(token, null, "web").active());

        f.grants.revokeFamily("fam", "REFRESH_REUSED", NOW);

        assertFalse(asClient(token, null, "web").active());
    }

    @Test
    void anExpiredOrForgedAccessTokenIsInactive() {
        String expired = f.accessToken("web", LifecycleFixture.ISSUER, Duration.ofSeconds(-120), TokenIds.jwtId());
        String token = f.accessToken("web");
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");

        assertFalse(asClient(expired, null, "web").active());
        assertFalse(asClient(tampered, null, "web").active());
        assertFalse(asClient("not-a-token", null, "web").active());
        assertFalse(asClient("", null, "web").active());
    }

    @Test
    void aTokenOfADisabledOrRemovedClientIsInactive() {
        String token = f.accessToken("other");
        f.clients.remove("other");
        f.add(LifecycleFixture.client("api-server", "https://as.example.com"));

        assertFalse(asClient(token, null, "api-server").active(), "its client is gone");
    }

    @Test
    void aLiveRefreshTokenAnswersForItsOwnClientOnly() {
        String refresh = f.refreshToken("fam", "web", NOW.minusSeconds(10));

        Introspection answer = asClient(refresh, "refresh_token", "web");
        assertTrue(answer.active());
        assertEquals("web", answer.members().get("client_id"));
        assertEquals("user-1", answer.members().get("sub"));
        assertEquals("openid api.read", answer.members().get("scope"));
        assertEquals("refresh_token", answer.members().get("token_type"));
        assertEquals(NOW.minusSeconds(10).getEpochSecond(), answer.members().get("iat"));

        assertEquals(Introspection.INACTIVE, asClient(refresh, null, "other"));
        assertEquals(Introspection.INACTIVE, asClient(refresh, null, "api-server"));
    }

    @Test
    void theHintIsOnlyAHint() {
        String refresh = f.refreshToken("fam", "web", NOW);
        String access = f.accessToken("web");

        assertTrue(asClient(refresh, "access_token", "web").active());
        assertTrue(asClient(access, "refresh_token", "web").active());
        assertTrue(asClient(access, "something_else", "web").active());
    }

    @Test
    void aSpentExpiredOrRevokedRefreshTokenIsInactive() {
        String spent = f.refreshToken("a", "web", NOW);
        f.grants.consumeRefreshToken(dev.jeton.vocabulary.TokenHashes.sha256(spent), "next", null, NOW);
        String old = f.refreshToken("b", "web", NOW.minus(Duration.ofDays(15)));
        String revoked = f.refreshToken("c", "web", NOW);
        f.grants.revokeFamily("c", "REFRESH_REUSED", NOW);

        assertFalse(asClient(spent, null, "web").active());
        assertFalse(asClient(old, null, "web").active(), "idle lifetime over");
        assertFalse(asClient(revoked, null, "web").active());
    }

    @Test
    void theConfirmationClaimOfABoundTokenIsCopied() throws Exception {
        var keys = f.core.keys;
        // CoreFixture signs with ES256
        var signer = new com.nimbusds.jose.crypto.ECDSASigner(
                (java.security.interfaces.ECPrivateKey) keys.active().privateKey());
        var header = new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.parse(
                keys.active().algorithm().name())).type(new com.nimbusds.jose.JOSEObjectType("at+jwt"))
                .keyID(keys.active().kid()).build();
        Instant now = Instant.now();
        var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(LifecycleFixture.ISSUER).subject("user-1")
                .audience(LifecycleFixture.ISSUER).claim("client_id", "web").claim("scope", "api.read")
                .issueTime(java.util.Date.from(now)).expirationTime(java.util.Date.from(now.plusSeconds(300)))
                .jwtID(TokenIds.jwtId()).claim("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"))
                .build();
        var jwt = new com.nimbusds.jwt.SignedJWT(header, claims);
        jwt.sign(signer);

        Introspection answer = asClient(jwt.serialize(), null, "web");

        assertTrue(answer.active());
        assertEquals("DPoP", answer.members().get("token_type"), "RFC 9449 §6.2");
        assertEquals(Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"), answer.members().get("cnf"));
    }
}
