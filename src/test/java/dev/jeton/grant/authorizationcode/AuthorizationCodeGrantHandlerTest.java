package dev.jeton.grant.authorizationcode;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import dev.jeton.audit.AuditEventName;
import dev.jeton.config.JetonSettings;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.grant.UserGrantFixture;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.token.CoreFixture;
import dev.jeton.token.GrantResult;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.token.TokenResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.jeton.grant.UserGrantFixture.REDIRECT;
import static dev.jeton.grant.UserGrantFixture.VERIFIER;
import static dev.jeton.grant.UserGrantFixture.at;
import static dev.jeton.token.CoreFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6749 §4.1.3 with PKCE (RFC 7636 §4.6) and OIDC Core §3.1.3, on in-memory stores at a fixed time. */
class AuthorizationCodeGrantHandlerTest {

    private static final Instant AUTH_TIME = NOW.minusSeconds(30);

    private UserGrantFixture f;
    private AuthorizationCodeGrantHandler handler;

    @BeforeEach
    void setUp() throws Exception {
        f = new UserGrantFixture(Map.of(JetonSettings.REFRESH_REUSE_GRACE, "0"));
        handler = new AuthorizationCodeGrantHandler();
        handler.codes = f.stores;
        handler.families = f.stores;
        handler.issuance = f.issuance;
        f.claims = (subject, scopes, names) -> names.contains("email") ? Map.of("email", "u@example.com")
                : Map.of();
    }

    private GrantResult redeem(String code, String verifier, String redirect) {
        return handler.handle(at(NOW, "grant_type", "authorization_code", "code", code, "code_verifier", verifier,
                "redirect_uri", redirect), f.web);
    }

    private static void assertInvalidGrant(GrantResult result, String reason) {
        GrantResult.Refused refused = assertInstanceOf(GrantResult.Refused.class, result);
        assertEquals(OAuthErrorCode.INVALID_GRANT, refused.error().code());
        assertEquals(reason, refused.reason());
    }

    @Test
    void anOpenIdCodeGivesAccessIdAndRefreshTokens() throws Exception {
        String code = f.code(f.web, "openid offline_access api.read", "n-0S6_WzA2Mj", AUTH_TIME,
                "{\"id_token\":{\"email\":null}}");

        TokenResponse response = assertInstanceOf(GrantResult.Granted.class, redeem(code, VERIFIER, REDIRECT)).response();

        assertEquals("Bearer", response.tokenType());
        assertEquals("openid offline_access api.read", response.scope());
        assertNotNull(response.refreshToken(), "offline_access was granted");
        JWTClaimsSet access = SignedJWT.parse(response.accessToken()).getJWTClaimsSet();
        assertEquals("user-123", access.getSubject());
        assertEquals("web", access.getStringClaim("client_id"));

        SignedJWT idToken = SignedJWT.parse(response.idToken());
        assertEquals(JWSAlgorithm.RS256, idToken.getHeader().getAlgorithm(), "OIDC default RS256");
        JWTClaimsSet id = idToken.getJWTClaimsSet();
        assertEquals("https://as.example.com", id.getIssuer());
        assertEquals("user-123", id.getSubject());
        assertEquals(List.of("web"), id.getAudience());
        assertEquals("web", id.getStringClaim("azp"));
        assertEquals("n-0S6_WzA2Mj", id.getStringClaim("nonce"));
        assertEquals(AUTH_TIME.getEpochSecond(), id.getLongClaim("auth_time"));
        assertEquals(List.of("pwd"), id.getStringListClaim("amr"));
        // OIDC Core §2: the level the sign-in reached, a password (issue #14: acr was missing)
        assertEquals("urn:jeton:acr:password", id.getStringClaim("acr"));
        assertEquals("u@example.com", id.getStringClaim("email"), "claims requested for the ID token (OIDC §5.5)");
        // at_hash computed independently by the Nimbus OIDC SDK (OIDC Core §3.1.3.6)
        assertEquals(AccessTokenHash.compute(new BearerAccessToken(response.accessToken()), JWSAlgorithm.RS256, null)
                .getValue(), id.getStringClaim("at_hash"));
    }

    @Test
    void withoutOfflineAccessAnOpenIdRequestGetsNoRefreshToken() {
        // OIDC Core §11 (policy jeton.refresh-token.openid-requires-offline-access, default true)
        String code = f.code(f.web, "openid api.read", null, AUTH_TIME, null);
        TokenResponse response = assertInstanceOf(GrantResult.Granted.class, redeem(code, VERIFIER, REDIRECT)).response();
        assertNull(response.refreshToken());
        assertNotNull(response.idToken());
    }

    @Test
    void withoutOpenIdThereIsNoIdToken() {
        String code = f.code(f.web, "api.read", null, AUTH_TIME, null);
        TokenResponse response = assertInstanceOf(GrantResult.Granted.class, redeem(code, VERIFIER, REDIRECT)).response();
        assertNull(response.idToken());
        assertNotNull(response.refreshToken(), "a registered refresh client without openid");
    }

    @Test
    void aWrongVerifierIsInvalidGrantAndLeavesTheCodeUsable() {
        String code = f.code(f.web, "api.read", null, AUTH_TIME, null);
        assertInvalidGrant(redeem(code, "x".repeat(43), REDIRECT), "PKCE_MISMATCH");
        assertInstanceOf(GrantResult.Granted.class, redeem(code, VERIFIER, REDIRECT));
    }

    @Test
    void aMissingVerifierForACodeWithAChallengeIsInvalidGrantAndLeavesTheCodeUsable() {
        // RFC 7636 §4.6 (issue #14: the conformance suite's FAPI 2.0 plan expects invalid_grant)
        String code = f.code(f.web, "api.read", null, AUTH_TIME, null);
        GrantResult missing = handler.handle(at(NOW, "grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT), f.web);
        assertInvalidGrant(missing, "MISSING_VERIFIER");
        assertInstanceOf(GrantResult.Granted.class, redeem(code, VERIFIER, REDIRECT));
    }

    @Test
    void aMalformedVerifierIsInvalidRequest() {
        String code = f.code(f.web, "api.read", null, AUTH_TIME, null);
        GrantResult shortOne = redeem(code, "abc", REDIRECT);
        assertEquals(OAuthErrorCode.INVALID_REQUEST, ((GrantResult.Refused) shortOne).error().code());
    }

    @Test
    void aCodeIssuedWithoutAChallengeIsRedeemedWithoutAVerifier() throws Exception {
        // a confidential client with require_pkce false, in an OpenID request (RFC 9700 §2.1.1: the nonce protects)
        String code = f.codeWithoutPkce(f.web, "openid", "n-1", AUTH_TIME);
        GrantResult.Granted granted = assertInstanceOf(GrantResult.Granted.class, handler.handle(at(NOW,
                "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT), f.web));
        assertEquals("n-1", SignedJWT.parse(granted.response().idToken()).getJWTClaimsSet().getStringClaim("nonce"));
    }

    @Test
    void aVerifierForACodeIssuedWithoutAChallengeIsRefused() {
        // RFC 9700 §2.1.1 PKCE downgrade: a code_verifier is accepted only if there was a code_challenge
        String code = f.codeWithoutPkce(f.web, "openid", "n-1", AUTH_TIME);
        assertInvalidGrant(redeem(code, VERIFIER, REDIRECT), "PKCE_DOWNGRADE");
        assertTrue(f.stores.find(TokenHashes.sha256(code)).map(c -> !c.consumed()).orElse(false),
                "refused before the code is spent");
    }

    @Test
    void aCodeBoundToADpopKeyNeedsAProofByThatKeyAndStaysUsableUntilThen() {
        // RFC 9449 §10 (issue #14: dpop_jkt was ignored)
        String jkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
        String code = f.codeBoundTo(f.web, "openid", jkt);
        assertInvalidGrant(redeem(code, VERIFIER, REDIRECT), "DPOP_KEY_MISMATCH");
        dev.jeton.token.TokenRequest base = at(NOW, "grant_type", "authorization_code", "code", code,
                "code_verifier", VERIFIER, "redirect_uri", REDIRECT);
        assertInvalidGrant(handler.handle(base.withDpopKey("another-key-thumbprint-of-43-characters-xxx"), f.web),
                "DPOP_KEY_MISMATCH");
        GrantResult.Granted granted = assertInstanceOf(GrantResult.Granted.class,
                handler.handle(base.withDpopKey(jkt), f.web));
        assertEquals("DPoP", granted.response().tokenType());
    }

    @Test
    void aCertificateBoundRedemptionGetsAnAccessTokenBoundToTheCertificate() throws Exception {
        // RFC 8705 §3.1: cnf.x5t#S256; a confidential client's refresh tokens stay unbound (§4 binds a public one's)
        var certificate = dev.jeton.mtls.TestCertificates.selfSigned("CN=web").asClientCertificate();
        String code = f.code(f.web, "openid offline_access", null, AUTH_TIME, null);
        GrantResult.Granted granted = assertInstanceOf(GrantResult.Granted.class, handler.handle(
                dev.jeton.token.CoreFixture.boundTo(at(NOW, "grant_type", "authorization_code", "code", code,
                        "code_verifier", VERIFIER, "redirect_uri", REDIRECT), certificate), f.web));
        assertEquals(Map.of("x5t#S256", certificate.thumbprint()),
                dev.jeton.token.CoreFixture.cnf(granted.response().accessToken()));
        assertEquals("Bearer", granted.response().tokenType());
        assertEquals(null, f.stores.familyOfAccessToken(granted.tokenId()).orElseThrow().certificateThumbprint());
    }

    @Test
    void theRedirectUriMustRepeatTheAuthorizationRequests() {
        String code = f.code(f.web, "api.read", null, AUTH_TIME, null);
        assertInvalidGrant(redeem(code, VERIFIER, REDIRECT + "/other"), "REDIRECT_URI_MISMATCH");
        assertInvalidGrant(handler.handle(at(NOW, "grant_type", "authorization_code", "code", code,
                "code_verifier", VERIFIER), f.web), "REDIRECT_URI_MISMATCH");
    }

    @Test
    void anotherClientsCodeIsInvalidGrant() {
        String code = f.code(f.spa, "openid", null, AUTH_TIME, null);
        assertInvalidGrant(redeem(code, VERIFIER, REDIRECT), "CLIENT_MISMATCH");
    }

    @Test
    void aFapi2ClientsCodeLivesSixtySecondsWhateverTheSettingSays() throws Exception {
        // FAPI 2.0 Security Profile §5.3.2.1 (11): codes issued by the authorization endpoint's issuer under a
        // jeton.authorization-code.ttl-seconds of 600; the FAPI client's is refused at 61 s, another client's is not
        var fixture = new dev.jeton.grant.UserGrantFixture(Map.of(JetonSettings.AUTHORIZATION_CODE_TTL, "600"));
        handler.codes = fixture.stores;
        handler.families = fixture.stores;
        handler.issuance = fixture.issuance;
        var fapi = fixture.web.withSecurity(fixture.web.security().withFapi2(true));
        AuthorizationCodeIssuer issuer = new AuthorizationCodeIssuer();
        issuer.store = fixture.stores;
        issuer.settings = fixture.core.settings;
        issuer.clock = java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC);
        java.util.function.Function<dev.jeton.client.RegisteredClient, GrantResult> redeemLate = client -> {
            issuer.clients = id -> java.util.Optional.of(client);
            String code = issuer.issue(client.clientId(), REDIRECT, Pkce.challengeOf(VERIFIER), "openid", null,
                    "user-123", AUTH_TIME, null, null, java.util.List.of(), null);
            return handler.handle(at(NOW.plusSeconds(61), "grant_type", "authorization_code", "code", code,
                    "code_verifier", VERIFIER, "redirect_uri", REDIRECT), client);
        };
        assertInstanceOf(GrantResult.Refused.class, redeemLate.apply(fapi));
        assertInstanceOf(GrantResult.Granted.class, redeemLate.apply(fixture.web));
    }

    @Test
    void anExpiredCodeIsInvalidGrant() {
        String code = f.code(f.web, "api.read", null, AUTH_TIME, null);
        GrantResult late = handler.handle(at(NOW.plusSeconds(61), "grant_type", "authorization_code", "code", code,
                "code_verifier", VERIFIER, "redirect_uri", REDIRECT), f.web);
        assertInvalidGrant(late, "EXPIRED_CODE");
    }

    @Test
    void anUnknownCodeIsInvalidGrant() {
        assertInvalidGrant(redeem("nope", VERIFIER, REDIRECT), "UNKNOWN_CODE");
    }

    @Test
    void aPublicClientIsAdmittedThroughPkce() {
        String code = f.code(f.spa, "openid offline_access", null, AUTH_TIME, null);
        GrantResult result = handler.handle(at(NOW, "grant_type", "authorization_code", "code", code,
                "code_verifier", VERIFIER, "redirect_uri", f.spa.redirectUris().get(0)), f.spa);
        assertNotNull(assertInstanceOf(GrantResult.Granted.class, result).response().refreshToken());
    }

    @Test
    void aCodePresentedTwiceRevokesEverythingIssuedFromIt() {
        // RFC 6749 §4.1.2 / RFC 9700 §4.14.2
        String code = f.code(f.web, "openid offline_access", null, AUTH_TIME, null);
        GrantResult.Granted first = assertInstanceOf(GrantResult.Granted.class, redeem(code, VERIFIER, REDIRECT));
        String familyId = f.stores.findRefreshToken(TokenHashes.sha256(first.response().refreshToken()))
                .orElseThrow().familyId();

        GrantResult second = redeem(code, VERIFIER, REDIRECT);

        assertInvalidGrant(second, "CODE_REUSED");
        assertEquals(AuditEventName.CODE_REUSE_DETECTED, ((GrantResult.Refused) second).events().get(0).name());
        TokenFamily family = f.stores.findFamily(familyId).orElseThrow();
        assertTrue(family.revoked());
        assertTrue(f.stores.isAccessTokenRevoked(first.tokenId()), "the access token issued from the code");
        assertTrue(f.stores.findRefreshToken(TokenHashes.sha256(first.response().refreshToken())).orElseThrow()
                .consumed(), "the refresh token issued from the code is dead");
    }

    @Test
    void theCodeIsSpentOnlyWhenTheResponseIsBuilt() {
        // a fault of ours while minting must not spend the code, so the retry is not taken for reuse
        String code = f.code(f.web, "openid", null, AUTH_TIME, null);
        f.claims = (subject, scopes, names) -> {
            throw new IllegalStateException("claims source down");
        };
        try {
            redeem(code, VERIFIER, REDIRECT);
        } catch (IllegalStateException expected) {
            // the endpoint turns this into server_error; the transaction rolls back
        }
        assertTrue(f.stores.find(TokenHashes.sha256(code)).map(c -> !c.consumed()).orElse(false));
        f.claims = (subject, scopes, names) -> Map.of();
        assertInstanceOf(GrantResult.Granted.class, redeem(code, VERIFIER, REDIRECT));
    }

    @Test
    void idTokenAlgorithmFollowsTheClientRegistration() throws Exception {
        var es = new dev.jeton.client.RegisteredClient("es", null, null, dev.jeton.client.ClientAuthMethod.NONE,
                java.util.Set.of("authorization_code"), java.util.Set.of("openid"), List.of(REDIRECT), null, null,
                null, true, false, dev.jeton.config.SigningAlgorithm.ES256);
        String code = f.code(es, "openid", null, AUTH_TIME, null);
        GrantResult result = handler.handle(at(CoreFixture.NOW, "grant_type", "authorization_code", "code", code,
                "code_verifier", VERIFIER, "redirect_uri", REDIRECT), es);
        assertEquals(JWSAlgorithm.ES256, SignedJWT.parse(((GrantResult.Granted) result).response().idToken())
                .getHeader().getAlgorithm());
    }

    @Test
    void theUserinfoPartOfAClaimsRequestIsKeptWithTheGrant() {
        String code = f.code(f.web, "openid", null, AUTH_TIME, "{\"userinfo\":{\"email\":{\"essential\":true}}}");
        GrantResult.Granted granted = assertInstanceOf(GrantResult.Granted.class, redeem(code, VERIFIER, REDIRECT));
        assertEquals(java.util.Set.of("email"),
                f.stores.familyOfAccessToken(granted.tokenId()).orElseThrow().userinfoClaimNames());
    }
}
