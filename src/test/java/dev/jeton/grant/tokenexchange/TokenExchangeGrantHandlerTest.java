package dev.jeton.grant.tokenexchange;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientSecrets;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.TokenExchangePolicy;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.grant.UserGrantFixture;
import dev.jeton.grant.refresh.TokenFamily;
import dev.jeton.jose.AccessTokenVerifier;
import dev.jeton.jose.JwtAccessTokenIssuer;
import dev.jeton.token.GrantResult;
import dev.jeton.token.TokenRequest;
import dev.jeton.token.TokenResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.jeton.grant.UserGrantFixture.at;
import static dev.jeton.token.CoreFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 8693 token exchange on in-memory stores at a fixed time. */
class TokenExchangeGrantHandlerTest {

    static final String GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String AT = TokenTypes.ACCESS_TOKEN;
    static final String API = "https://api.example.com";
    static final String ORDERS = "https://orders.example.com";
    static final String IDP = "https://idp.example.net";

    @TempDir
    Path dir;

    private UserGrantFixture f;
    private TokenExchangeGrantHandler handler;
    private RSAKey idpKey;
    private final RegisteredClient gateway = client("gateway", false);
    private final RegisteredClient impersonator = client("impersonator", true);

    private static RegisteredClient client(String id, boolean impersonation) {
        return new RegisteredClient(id, id, ClientSecrets.hash(UserGrantFixture.SECRET),
                ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of(GRANT, "client_credentials", "refresh_token"),
                Set.of("openid", "api.read", "api.write"), List.of(), null, null, null, true, false, null,
                new TokenExchangePolicy(Set.of(API, ORDERS), impersonation));
    }

    @BeforeEach
    void setUp() throws Exception {
        f = new UserGrantFixture(Map.of());
        idpKey = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        Path jwks = dir.resolve("idp.jwks.json");
        Files.writeString(jwks, new JWKSet(idpKey.toPublicJWK()).toString());
        Path issuers = dir.resolve("issuers.json");
        Files.writeString(issuers, "{\"issuers\":[{\"issuer\":\"" + IDP + "\",\"jwks_file\":\"" + jwks + "\"}]}");
        handler = handler(TrustedIssuers.read(issuers, "https://as.example.com"), false);
    }

    private TokenExchangeGrantHandler handler(TrustedIssuers trusted, boolean refresh) {
        TokenExchangeGrantHandler h = new TokenExchangeGrantHandler();
        h.settings = f.core.settings;
        h.exchange = new TokenExchangeSettings(Set.of(), Optional.empty(), refresh);
        h.trustedIssuers = trusted;
        h.accessTokenVerifier = new AccessTokenVerifier(f.core.keys, f.core.settings);
        h.keys = f.core.keys;
        h.accessTokens = new JwtAccessTokenIssuer(f.core.keys);
        h.families = f.stores;
        h.userTokens = f.tokens;
        h.init();
        return h;
    }

    /** A user's access token in a family, as the code flow leaves it. */
    private String userToken(String scope, Instant issuedAt) {
        var token = f.tokens.accessToken(f.web, "user-123", scope, issuedAt);
        f.stores.createFamily(new TokenFamily("fam-" + token.jwtId(), "web", "user-123", scope, issuedAt, issuedAt,
                issuedAt.plusSeconds(3600), null, null));
        f.stores.recordAccessToken(token.jwtId(), "fam-" + token.jwtId(), token.expiresAt());
        return token.value();
    }

    private String serviceToken(RegisteredClient client) {
        return f.tokens.accessToken(client, client.clientId(), "", NOW).value();
    }

    private String external(JWTClaimsSet.Builder claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private JWTClaimsSet.Builder idpClaims(String subject) {
        return new JWTClaimsSet.Builder().issuer(IDP).subject(subject).audience("https://as.example.com")
                .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(300)));
    }

    private GrantResult exchange(TokenExchangeGrantHandler h, RegisteredClient client, String... pairs) {
        List<String> all = new ArrayList<>(List.of("grant_type", GRANT));
        all.addAll(List.of(pairs));
        return h.handle(at(NOW, all.toArray(String[]::new)), client);
    }

    private GrantResult exchange(RegisteredClient client, String... pairs) {
        return exchange(handler, client, pairs);
    }

    private static JWTClaimsSet issued(GrantResult result) throws Exception {
        TokenResponse response = assertInstanceOf(GrantResult.Granted.class, result).response();
        assertEquals(AT, response.issuedTokenType());
        return SignedJWT.parse(response.accessToken()).getJWTClaimsSet();
    }

    private static void assertRefused(OAuthErrorCode code, GrantResult result) {
        GrantResult.Refused refused = assertInstanceOf(GrantResult.Refused.class, result);
        assertEquals(code, refused.error().code(), refused.reason());
        assertEquals(AuditEventName.TOKEN_EXCHANGE_REFUSED, refused.events().get(0).name());
    }

    @Test
    void delegationNamesTheActorInAct() throws Exception {
        String subject = userToken("openid api.read", NOW);
        GrantResult result = exchange(gateway, "subject_token", subject, "subject_token_type", AT,
                "actor_token", serviceToken(gateway), "actor_token_type", AT);
        JWTClaimsSet claims = issued(result);
        assertEquals("user-123", claims.getSubject());
        assertEquals(Map.of("sub", "gateway"), claims.getJSONObjectClaim("act"));
        assertEquals("gateway", claims.getStringClaim("client_id"));
        assertEquals("openid api.read", claims.getStringClaim("scope"));
        assertTrue(!claims.getExpirationTime().toInstant().isAfter(NOW.plusSeconds(600)), "not beyond the subject");
        assertEquals(AuditEventName.TOKEN_EXCHANGED,
                ((GrantResult.Granted) result).events().get(0).name());
    }

    @Test
    void aSecondDelegationNestsTheFirstAct() throws Exception {
        String subject = userToken("api.read", NOW);
        TokenResponse first = assertInstanceOf(GrantResult.Granted.class, exchange(gateway, "subject_token", subject,
                "subject_token_type", AT, "actor_token", serviceToken(gateway), "actor_token_type", AT)).response();
        JWTClaimsSet second = issued(exchange(impersonator, "subject_token", first.accessToken(),
                "subject_token_type", AT, "actor_token", serviceToken(impersonator), "actor_token_type", AT));
        assertEquals(Map.of("sub", "impersonator", "act", Map.of("sub", "gateway")), second.getJSONObjectClaim("act"));
    }

    @Test
    void impersonationOnlyForClientsRegisteredForIt() throws Exception {
        String subject = userToken("api.read", NOW);
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(gateway, "subject_token", subject,
                "subject_token_type", AT));
        JWTClaimsSet claims = issued(exchange(impersonator, "subject_token", subject, "subject_token_type", AT));
        assertEquals("user-123", claims.getSubject());
        assertNull(claims.getClaim("act"), "impersonation names no actor");
    }

    @Test
    void audiencesAreAllowedByRegistrationAndOnlyNarrow() throws Exception {
        // an ID token of the client is addressed to Jeton: the registration decides the audience
        String idToken = f.tokens.idToken(gateway, "user-123", "openid", NOW, null, null, Map.of(), NOW);
        TokenResponse both = assertInstanceOf(GrantResult.Granted.class, exchange(impersonator, "subject_token",
                f.tokens.idToken(impersonator, "user-123", "openid", NOW, null, null, Map.of(), NOW),
                "subject_token_type", TokenTypes.ID_TOKEN, "audience", API, "resource", ORDERS,
                "scope", "api.read")).response();
        JWTClaimsSet wide = SignedJWT.parse(both.accessToken()).getJWTClaimsSet();
        assertEquals(List.of(API, ORDERS), wide.getAudience());

        // narrowing that token works, widening it does not
        assertEquals(List.of(API), issued(exchange(impersonator, "subject_token", both.accessToken(),
                "subject_token_type", AT, "audience", API)).getAudience());
        assertRefused(OAuthErrorCode.INVALID_TARGET, exchange(impersonator, "subject_token", both.accessToken(),
                "subject_token_type", AT, "audience", "https://billing.example.com"));
        // a registered audience the subject token did not have is a widening too
        String apiOnly = issued(exchange(impersonator, "subject_token", both.accessToken(), "subject_token_type", AT,
                "audience", API)).getAudience().get(0);
        assertEquals(API, apiOnly);
        // never an audience the client is not registered for
        assertRefused(OAuthErrorCode.INVALID_TARGET, exchange(gateway, "subject_token", idToken, "subject_token_type",
                TokenTypes.ID_TOKEN, "actor_token", serviceToken(gateway), "actor_token_type", AT,
                "audience", "https://evil.example"));
        assertRefused(OAuthErrorCode.INVALID_TARGET, exchange(gateway, "subject_token", idToken, "subject_token_type",
                TokenTypes.ID_TOKEN, "actor_token", serviceToken(gateway), "actor_token_type", AT,
                "resource", "not a uri"));
    }

    @Test
    void scopeOnlyNarrows() throws Exception {
        String subject = userToken("openid api.read", NOW);
        assertEquals("api.read", issued(exchange(impersonator, "subject_token", subject, "subject_token_type", AT,
                "scope", "api.read")).getStringClaim("scope"));
        assertRefused(OAuthErrorCode.INVALID_SCOPE, exchange(impersonator, "subject_token", subject,
                "subject_token_type", AT, "scope", "api.read api.write"));
    }

    @Test
    void expiredRevokedForeignAndMalformedSubjectTokensAreInvalidGrant() throws Exception {
        String expired = userToken("api.read", NOW.minusSeconds(3600));
        assertRefused(OAuthErrorCode.INVALID_GRANT, exchange(impersonator, "subject_token", expired,
                "subject_token_type", AT));

        var live = f.tokens.accessToken(f.web, "user-123", "api.read", NOW);
        f.stores.createFamily(new TokenFamily("fam-r", "web", "user-123", "api.read", NOW, NOW, NOW.plusSeconds(3600),
                null, null));
        f.stores.recordAccessToken(live.jwtId(), "fam-r", live.expiresAt());
        f.stores.revokeFamily("fam-r", "TEST", NOW);
        assertRefused(OAuthErrorCode.INVALID_GRANT, exchange(impersonator, "subject_token", live.value(),
                "subject_token_type", AT));

        // an ID token issued to another client
        String othersIdToken = f.tokens.idToken(f.web, "user-123", "openid", NOW, null, null, Map.of(), NOW);
        assertRefused(OAuthErrorCode.INVALID_GRANT, exchange(impersonator, "subject_token", othersIdToken,
                "subject_token_type", TokenTypes.ID_TOKEN));
        // an access token presented as an ID token (token confusion)
        assertRefused(OAuthErrorCode.INVALID_GRANT, exchange(impersonator, "subject_token",
                userToken("api.read", NOW), "subject_token_type", TokenTypes.ID_TOKEN));
        assertRefused(OAuthErrorCode.INVALID_GRANT, exchange(impersonator, "subject_token", "not.a.jwt",
                "subject_token_type", AT));
        // and a bad actor token
        assertRefused(OAuthErrorCode.INVALID_GRANT, exchange(gateway, "subject_token", userToken("api.read", NOW),
                "subject_token_type", AT, "actor_token", expired, "actor_token_type", AT));
    }

    @Test
    void missingOrUnknownParametersAreInvalidRequest() {
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token_type", AT));
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", "x",
                "subject_token_type", "urn:example:saml"));
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(gateway, "subject_token", "x",
                "subject_token_type", AT, "actor_token", "y"));
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", "x",
                "subject_token_type", AT, "requested_token_type", TokenTypes.ID_TOKEN));
    }

    @Test
    void anExternalJwtIsAcceptedOnlyFromAConfiguredIssuer() throws Exception {
        String jwt = external(idpClaims("ext-user").claim("scope", "api.read api.write"), idpKey);
        JWTClaimsSet claims = issued(exchange(impersonator, "subject_token", jwt, "subject_token_type",
                TokenTypes.JWT, "scope", "api.read", "audience", API));
        assertEquals("ext-user", claims.getSubject());
        assertEquals(List.of(API), claims.getAudience());

        TokenExchangeGrantHandler unconfigured = handler(TrustedIssuers.NONE, false);
        assertRefused(OAuthErrorCode.INVALID_GRANT, exchange(unconfigured, impersonator, "subject_token", jwt,
                "subject_token_type", TokenTypes.JWT));
        // the configured issuer's name with another key, or a token meant for someone else
        RSAKey forger = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        assertRefused(OAuthErrorCode.INVALID_GRANT, exchange(impersonator, "subject_token",
                external(idpClaims("ext-user"), forger), "subject_token_type", TokenTypes.JWT));
        assertRefused(OAuthErrorCode.INVALID_GRANT, exchange(impersonator, "subject_token",
                external(idpClaims("ext-user").audience("https://elsewhere.example"), idpKey),
                "subject_token_type", TokenTypes.JWT));
    }

    @Test
    void mayActNamesWhoMayAct() throws Exception {
        String subject = external(idpClaims("ext-user").claim("may_act", Map.of("sub", "gateway")), idpKey);
        JWTClaimsSet claims = issued(exchange(gateway, "subject_token", subject, "subject_token_type",
                TokenTypes.JWT, "actor_token", serviceToken(gateway), "actor_token_type", AT));
        assertEquals(Map.of("sub", "gateway"), claims.getJSONObjectClaim("act"));
        assertRefused(OAuthErrorCode.INVALID_GRANT, exchange(impersonator, "subject_token", subject,
                "subject_token_type", TokenTypes.JWT, "actor_token", serviceToken(impersonator), "actor_token_type",
                AT));
    }

    @Test
    void refreshTokensOnlyWherePolicyAllows() {
        String subject = userToken("api.read", NOW);
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", subject,
                "subject_token_type", AT, "requested_token_type", TokenTypes.REFRESH_TOKEN));
        TokenExchangeGrantHandler permissive = handler(TrustedIssuers.NONE, true);
        TokenResponse response = assertInstanceOf(GrantResult.Granted.class, exchange(permissive, impersonator,
                "subject_token", subject, "subject_token_type", AT, "requested_token_type",
                TokenTypes.REFRESH_TOKEN)).response();
        assertEquals("N_A", response.tokenType());
        assertEquals(TokenTypes.REFRESH_TOKEN, response.issuedTokenType());
        // never for delegation: a refresh token could not carry act
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(permissive, gateway, "subject_token", subject,
                "subject_token_type", AT, "actor_token", serviceToken(gateway), "actor_token_type", AT,
                "requested_token_type", TokenTypes.REFRESH_TOKEN));
    }

    @Test
    void theTrustedIssuersFileIsChecked() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"issuers\":[{\"issuer\":\"" + IDP + "\"}]}");
        assertThrowsConfig(bad);
        Files.writeString(bad, "{\"issuers\":[{\"issuer\":\"https://as.example.com\",\"jwks_uri\":\"https://x/j\"}]}");
        assertThrowsConfig(bad);
        Path privateJwks = dir.resolve("private.json");
        Files.writeString(privateJwks, new JWKSet(idpKey).toString(false));
        Files.writeString(bad, "{\"issuers\":[{\"issuer\":\"" + IDP + "\",\"jwks_file\":\"" + privateJwks + "\"}]}");
        assertThrowsConfig(bad);
    }

    private static void assertThrowsConfig(Path file) {
        org.junit.jupiter.api.Assertions.assertThrows(dev.jeton.config.ConfigurationException.class,
                () -> TrustedIssuers.read(file, "https://as.example.com"));
    }
}
