package dev.jeton.grant.refresh;

import dev.jeton.grant.family.RefreshTokenRecord;
import dev.jeton.grant.family.TokenFamily;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.audit.AuditEventName;
import dev.jeton.config.JetonSettings;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.grant.UserGrantFixture;
import dev.jeton.token.GrantResult;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;
import dev.jeton.token.TokenRequest;
import dev.jeton.token.TokenResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.jeton.grant.UserGrantFixture.at;
import static dev.jeton.token.CoreFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6749 §6 with rotation and reuse detection (RFC 9700 §4.14.2), on in-memory stores at a fixed time. */
class RefreshTokenGrantHandlerTest {

    private UserGrantFixture f;
    private RefreshTokenGrantHandler handler;
    private String familyId;

    private void setUp(String graceSeconds) throws Exception {
        f = new UserGrantFixture(Map.of(JetonSettings.REFRESH_REUSE_GRACE, graceSeconds,
                JetonSettings.REFRESH_IDLE_TTL, "3600", JetonSettings.REFRESH_ABSOLUTE_TTL, "86400"));
        handler = new RefreshTokenGrantHandler();
        handler.families = f.stores;
        handler.tokens = f.tokens;
        handler.issuance = f.issuance;
    }

    /** A family with one live refresh token, as the code grant leaves it. */
    private String start(String scope) {
        familyId = TokenIds.random(128);
        f.stores.createFamily(new TokenFamily(familyId, "web", "user-123", scope, NOW.minusSeconds(100),
                NOW.minusSeconds(100), NOW.plusSeconds(86_400), null, null));
        String token = TokenIds.random(256);
        f.stores.saveRefreshToken(new RefreshTokenRecord(TokenHashes.sha256(token), familyId, "web", scope,
                NOW.minusSeconds(100), NOW.plusSeconds(3600), null, null, null));
        return token;
    }

    private GrantResult refresh(Instant when, String token, String... more) {
        String[] pairs = new String[4 + more.length];
        pairs[0] = "grant_type";
        pairs[1] = "refresh_token";
        pairs[2] = "refresh_token";
        pairs[3] = token;
        System.arraycopy(more, 0, pairs, 4, more.length);
        return handler.handle(at(when, pairs), f.web);
    }

    private static TokenResponse ok(GrantResult result) {
        return assertInstanceOf(GrantResult.Granted.class, result).response();
    }

    private boolean live(String token) {
        return f.stores.findRefreshToken(TokenHashes.sha256(token)).map(t -> !t.consumed()).orElse(false);
    }

    @Test
    void everyUseRotatesTheToken() throws Exception {
        setUp("0");
        String first = start("openid offline_access api.read");

        GrantResult result = refresh(NOW, first);

        TokenResponse response = ok(result);
        assertNotEquals(first, response.refreshToken());
        assertFalse(live(first));
        assertTrue(live(response.refreshToken()));
        assertEquals("openid offline_access api.read", response.scope());
        assertEquals(AuditEventName.REFRESH_ROTATED, ((GrantResult.Granted) result).events().get(0).name());
        // OIDC Core §12.2: a fresh ID token with the original auth_time, no nonce
        var id = SignedJWT.parse(response.idToken()).getJWTClaimsSet();
        assertEquals(NOW.minusSeconds(100).getEpochSecond(), id.getLongClaim("auth_time"));
        assertEquals(null, id.getClaim("nonce"));
        assertNotNull(ok(refresh(NOW.plusSeconds(1), response.refreshToken())).refreshToken(), "the successor works");
    }

    @Test
    void aConfidentialFapi2ClientsRefreshTokenIsNotRotatedUnlessConfigured() throws Exception {
        setUp("0");
        // FAPI 2.0 Security Profile §5.3.2.1: "shall not use refresh token rotation except in extraordinary
        // circumstances"
        var fapi = f.web.withSecurity(f.web.security().withFapi2(true));
        handler.fapi2 = dev.jeton.client.Fapi2Settings.from(name -> java.util.Optional.empty());
        String token = start("openid offline_access api.read");
        TokenResponse first = ok(handler.handle(at(NOW, "grant_type", "refresh_token", "refresh_token", token), fapi));
        assertEquals(null, first.refreshToken(), "no successor: the client keeps its token");
        assertTrue(live(token));
        assertNotNull(first.accessToken());
        TokenResponse second = ok(handler.handle(at(NOW.plusSeconds(1), "grant_type", "refresh_token",
                "refresh_token", token), fapi));
        assertNotEquals(first.accessToken(), second.accessToken());
        assertTrue(live(token), "used twice, still the client's token, and no reuse alarm");
        assertFalse(f.stores.findFamily(familyId).orElseThrow().revoked());

        // jeton.fapi2.refresh-token-rotation=true: rotated like everyone's
        handler.fapi2 = dev.jeton.client.Fapi2Settings.from(name -> java.util.Optional.of("true")
                .filter(v -> name.equals(dev.jeton.client.Fapi2Settings.REFRESH_TOKEN_ROTATION)));
        TokenResponse rotated = ok(handler.handle(at(NOW.plusSeconds(2), "grant_type", "refresh_token",
                "refresh_token", token), fapi));
        assertNotNull(rotated.refreshToken());
        assertFalse(live(token));
    }

    @Test
    void aPublicClientsCertificateBoundRefreshTokenNeedsThatCertificate() throws Exception {
        setUp("0");
        // RFC 8705 §4: a public client's refresh tokens are bound to its certificate, like a DPoP key's
        var certificate = dev.jeton.mtls.TestCertificates.selfSigned("CN=spa").asClientCertificate();
        var other = dev.jeton.mtls.TestCertificates.selfSigned("CN=spa").asClientCertificate();
        familyId = TokenIds.random(128);
        f.stores.createFamily(TokenFamily.opened(familyId, "spa", "user-123", "openid offline_access",
                NOW.minusSeconds(100), NOW.plusSeconds(86_400)).withCertificate(certificate.thumbprint()));
        String token = TokenIds.random(256);
        f.stores.saveRefreshToken(new RefreshTokenRecord(TokenHashes.sha256(token), familyId, "spa",
                "openid offline_access", NOW.minusSeconds(100), NOW.plusSeconds(3600), null, null, null));
        for (var presented : java.util.Arrays.asList(null, other)) {
            TokenRequest plain = at(NOW, "grant_type", "refresh_token", "refresh_token", token);
            TokenRequest request = new TokenRequest(plain.parameters(), null, plain.requestUri(),
                    plain.clientAddress(), NOW, List.of(), "POST", null, presented, null);
            GrantResult.Refused refused = assertInstanceOf(GrantResult.Refused.class, handler.handle(request, f.spa));
            assertEquals(OAuthErrorCode.INVALID_GRANT, refused.error().code());
            assertEquals("CERTIFICATE_MISMATCH", refused.reason());
            assertTrue(live(token), "a correctable mistake: the token is not spent");
        }
        TokenRequest plain = at(NOW, "grant_type", "refresh_token", "refresh_token", token);
        ok(handler.handle(new TokenRequest(plain.parameters(), null, plain.requestUri(), plain.clientAddress(), NOW,
                List.of(), "POST", null, certificate, null), f.spa));
    }

    @Test
    void aConfidentialClientsCertificateBoundRefreshGetsAnAccessTokenBoundToTheCertificate() throws Exception {
        // RFC 8705 §3.1 for the refresh grant: the new access token is bound to the certificate of this request
        setUp("0");
        String token = start("api.read");
        var certificate = dev.jeton.mtls.TestCertificates.selfSigned("CN=web").asClientCertificate();
        TokenResponse refreshed = ok(handler.handle(dev.jeton.token.CoreFixture.boundTo(
                at(NOW, "grant_type", "refresh_token", "refresh_token", token), certificate), f.web));
        assertEquals(Map.of("x5t#S256", certificate.thumbprint()),
                dev.jeton.token.CoreFixture.cnf(refreshed.accessToken()));
    }

    @Test
    void aSpentTokenPresentedAgainRevokesTheFamily() throws Exception {
        setUp("0");
        String first = start("api.read");
        TokenResponse rotated = ok(refresh(NOW, first));

        GrantResult again = refresh(NOW.plusSeconds(1), first);

        GrantResult.Refused refused = assertInstanceOf(GrantResult.Refused.class, again);
        assertEquals(OAuthErrorCode.INVALID_GRANT, refused.error().code());
        assertEquals(AuditEventName.REFRESH_REUSE_DETECTED, refused.events().get(0).name());
        assertTrue(f.stores.findFamily(familyId).orElseThrow().revoked());
        assertFalse(live(rotated.refreshToken()), "the successor dies with its family");
        assertInstanceOf(GrantResult.Refused.class, refresh(NOW.plusSeconds(2), rotated.refreshToken()));
    }

    @Test
    void theDefaultIsStrictAnImmediateReplayRevokesTheFamily() throws Exception {
        f = new UserGrantFixture(Map.of());
        handler = new RefreshTokenGrantHandler();
        handler.families = f.stores;
        handler.tokens = f.tokens;
        handler.issuance = f.issuance;
        assertTrue(f.tokens.reuseGrace().isZero(), "issue #11: strict rotation unless a grace window is configured");
        String first = start("openid offline_access api.read");
        TokenResponse rotated = ok(refresh(NOW, first));

        GrantResult.Refused replay = assertInstanceOf(GrantResult.Refused.class, refresh(NOW, first));

        assertEquals(OAuthErrorCode.INVALID_GRANT, replay.error().code());
        assertEquals("REFRESH_REUSED", replay.reason());
        assertTrue(f.stores.findFamily(familyId).orElseThrow().revoked());
        assertTrue(f.stores.isAccessTokenRevoked(jti(rotated)), "the access token of the rotation dies too");
        assertInstanceOf(GrantResult.Refused.class, refresh(NOW, rotated.refreshToken()), "and the successor");
    }

    @Test
    void withinTheGraceWindowALostResponseGetsTheSameResponseAndNothingNewIsMinted() throws Exception {
        setUp("5");
        String first = start("openid offline_access api.read");
        TokenResponse lost = ok(refresh(NOW, first));

        GrantResult retried = refresh(NOW.plusSeconds(3), first);

        TokenResponse again = ok(retried);
        assertEquals(lost.refreshToken(), again.refreshToken(), "the same successor, never a second live one");
        assertEquals(lost.accessToken(), again.accessToken(), "the same access token, never a fresh one");
        assertEquals(lost.idToken(), again.idToken());
        assertEquals(lost.scope(), again.scope());
        assertEquals(lost.expiresIn() - 3, again.expiresIn(), "what is left of the same token's lifetime");
        assertEquals(jti(lost), ((GrantResult.Granted) retried).tokenId());
        assertEquals(Set.of(jti(lost)), f.stores.accessTokensOf(familyId), "one rotation, one access token");
        assertTrue(((GrantResult.Granted) retried).events().isEmpty(), "no second rotation");
        assertFalse(f.stores.findFamily(familyId).orElseThrow().revoked());
        assertNotNull(ok(refresh(NOW.plusSeconds(4), again.refreshToken())).refreshToken(), "the successor works");
    }

    @Test
    void withinTheGraceWindowAReplayWithAnotherDpopKeyIsReuse() throws Exception {
        setUp("5");
        String first = start("api.read");
        TokenRequest bound = at(NOW, "grant_type", "refresh_token", "refresh_token", first).withDpopKey("jkt-a");
        TokenResponse rotated = ok(handler.handle(bound, f.web));
        assertEquals("DPoP", rotated.tokenType());

        GrantResult other = handler.handle(at(NOW.plusSeconds(1), "grant_type", "refresh_token", "refresh_token",
                first).withDpopKey("jkt-b"), f.web);

        assertEquals("REFRESH_REUSED", assertInstanceOf(GrantResult.Refused.class, other).reason());
        assertTrue(f.stores.findFamily(familyId).orElseThrow().revoked());
    }

    @Test
    void racingReplaysWithAGraceWindowMakeOneRotationAndOneAccessToken() throws Exception {
        setUp("5");
        String first = start("openid offline_access api.read");

        List<GrantResult> results = race(16, () -> refresh(NOW, first));

        List<TokenResponse> granted = results.stream().map(RefreshTokenGrantHandlerTest::ok).toList();
        assertEquals(1, granted.stream().map(TokenResponse::accessToken).distinct().count(), "one access token");
        assertEquals(1, granted.stream().map(TokenResponse::refreshToken).distinct().count(), "one successor");
        assertEquals(1, results.stream().flatMap(r -> ((GrantResult.Granted) r).events().stream())
                .filter(e -> e.name() == AuditEventName.REFRESH_ROTATED).count(), "exactly one rotation");
        assertEquals(1, f.stores.accessTokensOf(familyId).size());
        assertFalse(f.stores.findFamily(familyId).orElseThrow().revoked());
    }

    @Test
    void racingReplaysWithoutAGraceWindowLetOneWinAndRevokeTheFamily() throws Exception {
        setUp("0");
        String first = start("openid offline_access api.read");

        List<GrantResult> results = race(16, () -> refresh(NOW, first));

        List<GrantResult.Granted> granted = results.stream().filter(GrantResult.Granted.class::isInstance)
                .map(GrantResult.Granted.class::cast).toList();
        assertEquals(1, granted.size(), "exactly one rotation");
        // the first loser detects the reuse; later ones may already find the family revoked
        List<String> refusals = results.stream().filter(GrantResult.Refused.class::isInstance)
                .map(r -> ((GrantResult.Refused) r).reason()).toList();
        assertEquals(15, refusals.size());
        assertTrue(refusals.contains("REFRESH_REUSED"), refusals.toString());
        assertTrue(Set.of("REFRESH_REUSED", "FAMILY_REVOKED").containsAll(refusals), refusals.toString());
        assertEquals(1, f.stores.accessTokensOf(familyId).size(), "at most one access token");
        assertTrue(f.stores.findFamily(familyId).orElseThrow().revoked(), "the replays are reuse");
        assertTrue(f.stores.isAccessTokenRevoked(granted.get(0).tokenId()));
    }

    /** Runs {@code attempt} on {@code n} threads released at once. */
    private static List<GrantResult> race(int n, Callable<GrantResult> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<GrantResult>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return attempt.call();
                }));
            }
            start.countDown();
            List<GrantResult> results = new ArrayList<>();
            for (Future<GrantResult> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String jti(TokenResponse response) throws Exception {
        return SignedJWT.parse(response.accessToken()).getJWTClaimsSet().getJWTID();
    }

    @Test
    void afterTheGraceWindowItIsReuse() throws Exception {
        setUp("5");
        String first = start("api.read");
        ok(refresh(NOW, first));
        assertInstanceOf(GrantResult.Refused.class, refresh(NOW.plusSeconds(6), first));
        assertTrue(f.stores.findFamily(familyId).orElseThrow().revoked());
    }

    @Test
    void onceTheSuccessorIsUsedTheGraceWindowNoLongerApplies() throws Exception {
        setUp("5");
        String first = start("api.read");
        TokenResponse second = ok(refresh(NOW, first));
        ok(refresh(NOW.plusSeconds(1), second.refreshToken()));

        assertInstanceOf(GrantResult.Refused.class, refresh(NOW.plusSeconds(2), first));
        assertTrue(f.stores.findFamily(familyId).orElseThrow().revoked());
    }

    @Test
    void scopeMayBeNarrowedButTheSuccessorKeepsTheFamilyScope() throws Exception {
        setUp("0");
        String first = start("openid offline_access api.read");
        TokenResponse narrowed = ok(refresh(NOW, first, "scope", "api.read"));
        assertEquals("api.read", narrowed.scope());
        assertEquals("api.read", SignedJWT.parse(narrowed.accessToken()).getJWTClaimsSet().getStringClaim("scope"));
        // RFC 6749 §6: the new refresh token's scope is that of the one presented
        assertEquals("openid offline_access api.read", ok(refresh(NOW.plusSeconds(1), narrowed.refreshToken())).scope());
    }

    @Test
    void wideningTheScopeIsInvalidScopeAndDoesNotSpendTheToken() throws Exception {
        setUp("0");
        String first = start("api.read");
        GrantResult.Refused refused = assertInstanceOf(GrantResult.Refused.class,
                refresh(NOW, first, "scope", "api.read admin"));
        assertEquals(OAuthErrorCode.INVALID_SCOPE, refused.error().code());
        assertTrue(live(first), "a correctable mistake does not burn the token");
    }

    @Test
    void aScopeOutsideTheRfcGrammarIsInvalidScopeAndDoesNotSpendTheToken() throws Exception {
        // issue 12: this handler split on " +" and took "api.read  openid" where every other grant refused it
        setUp("0");
        String first = start("openid api.read");
        for (String malformed : List.of("api.read  openid", " api.read", "api.read ", "api.read\topenid",
                "api.read\"")) {
            GrantResult.Refused refused = assertInstanceOf(GrantResult.Refused.class,
                    refresh(NOW, first, "scope", malformed));
            assertEquals(OAuthErrorCode.INVALID_SCOPE, refused.error().code());
            assertEquals("MALFORMED_SCOPE", refused.reason());
        }
        assertTrue(live(first), "a correctable mistake does not burn the token");
        assertEquals("api.read openid", ok(refresh(NOW, first, "scope", "api.read openid")).scope());
    }

    @Test
    void anotherClientCannotSpendTheToken() throws Exception {
        setUp("0");
        String first = start("api.read");
        GrantResult other = handler.handle(at(NOW, "grant_type", "refresh_token", "refresh_token", first), f.spa);
        assertEquals(OAuthErrorCode.INVALID_GRANT, ((GrantResult.Refused) other).error().code());
        assertTrue(live(first));
        assertFalse(f.stores.findFamily(familyId).orElseThrow().revoked());
    }

    @Test
    void idleAndAbsoluteLifetimesEndTheToken() throws Exception {
        setUp("0");
        String idle = start("api.read");
        assertEquals("EXPIRED", ((GrantResult.Refused) refresh(NOW.plusSeconds(3601), idle)).reason());

        String old = start("api.read");
        // the family's absolute end comes first even when the token is fresh
        f.stores.createFamily(new TokenFamily(familyId, "web", "user-123", "api.read", NOW, NOW,
                NOW.plusSeconds(10), null, null));
        assertEquals("EXPIRED", ((GrantResult.Refused) refresh(NOW.plusSeconds(11), old)).reason());
    }

    @Test
    void unknownAndMissingTokensAreRefused() throws Exception {
        setUp("0");
        assertEquals(OAuthErrorCode.INVALID_GRANT, ((GrantResult.Refused) refresh(NOW, "nope")).error().code());
        GrantResult missing = handler.handle(at(NOW, "grant_type", "refresh_token"), f.web);
        assertEquals(OAuthErrorCode.INVALID_REQUEST, ((GrantResult.Refused) missing).error().code());
    }

    @Test
    void theSealOpensOnlyWithTheParentToken() {
        SealedRotation answer = new SealedRotation("access", "DPoP", NOW.plusSeconds(600), null, "successor", null,
                "jti-1", "jkt");
        byte[] sealed = SuccessorSeal.seal(answer.encode(), "parent-value");
        assertEquals(answer, SuccessorSeal.open(sealed, "parent-value").flatMap(SealedRotation::decode).orElseThrow());
        assertTrue(SuccessorSeal.open(sealed, "another-parent").isEmpty());
        assertTrue(SuccessorSeal.open(new byte[5], "parent-value").isEmpty());
        assertTrue(SealedRotation.decode(new byte[] {0, 1, 'x'}).isEmpty());
    }

    @Test
    void aRefreshTokenBoundToADpopKeyNeedsThatKeyAndIsNotSpentByAnother() throws Exception {
        setUp("0");
        familyId = TokenIds.random(128);
        f.stores.createFamily(new TokenFamily(familyId, "spa", "user-123", "openid offline_access",
                NOW.minusSeconds(100), NOW.minusSeconds(100), NOW.plusSeconds(86_400), null, null, null, "jkt-of-key-a"));
        String token = TokenIds.random(256);
        f.stores.saveRefreshToken(new RefreshTokenRecord(TokenHashes.sha256(token), familyId, "spa",
                "openid offline_access", NOW.minusSeconds(100), NOW.plusSeconds(3600), null, null, null));
        TokenRequest request = at(NOW, "grant_type", "refresh_token", "refresh_token", token);

        GrantResult.Refused otherKey = assertInstanceOf(GrantResult.Refused.class,
                handler.handle(request.withDpopKey("jkt-of-key-b"), f.spa));
        assertEquals(dev.jeton.error.OAuthErrorCode.INVALID_DPOP_PROOF, otherKey.error().code());
        assertEquals("DPOP_KEY_MISMATCH", otherKey.reason());
        GrantResult.Refused noKey = assertInstanceOf(GrantResult.Refused.class, handler.handle(request, f.spa));
        assertEquals("DPOP_KEY_MISMATCH", noKey.reason());
        assertTrue(live(token));

        TokenResponse response = ok(handler.handle(request.withDpopKey("jkt-of-key-a"), f.spa));
        assertEquals("DPoP", response.tokenType());
        assertFalse(live(token));
    }
}
