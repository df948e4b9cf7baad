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
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.jose.AccessTokenVerifier;
import dev.jeton.jose.JwtAccessTokenIssuer;
import dev.jeton.token.AccessTokenClaims;
import dev.jeton.token.GrantResult;
import dev.jeton.vocabulary.TokenHashes;
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
    /** Tokens revoked one by one (RFC 7009), as the revocation endpoint records them. */
    private final dev.jeton.lifecycle.MemoryRevocationStore revocations = new dev.jeton.lifecycle.MemoryRevocationStore();
    /** The registered clients by id; a test disables one by putting a disabled copy. */
    private final Map<String, RegisteredClient> registered = new java.util.concurrent.ConcurrentHashMap<>();
    private RSAKey idpKey;
    /** The user's application: its tokens are for the API (aud), like tokens a resource server receives. */
    private final RegisteredClient app = new RegisteredClient("app", "App", null, ClientAuthMethod.NONE,
            Set.of("authorization_code", "refresh_token"), Set.of("openid", "profile", "offline_access", "api.read",
            "api.write"), List.of("https://app.example.com/cb"), API, null, null, true);
    /** Resource servers of the API (their registered audience), registered for exchange to the API and orders. */
    private final RegisteredClient gateway = client("gateway", API, Set.of(API, ORDERS), false);
    private final RegisteredClient impersonator = client("impersonator", API, Set.of(API, ORDERS), true);
    /** Registered for the grant, but no token of the app is meant for it (like a dynamically registered client). */
    private final RegisteredClient outsider = client("outsider", null, Set.of(), false);

    private static RegisteredClient client(String id, String audience, Set<String> exchangeAudiences,
                                           boolean impersonation) {
        return new RegisteredClient(id, id, ClientSecrets.hash(UserGrantFixture.SECRET),
                ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of(GRANT, "client_credentials", "refresh_token"),
                Set.of("openid", "api.read", "api.write"), List.of(), audience, null, null, true, false, null,
                new TokenExchangePolicy(exchangeAudiences, impersonation));
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
        return handler(trusted, new TokenExchangeSettings(Set.of(), Optional.empty(), refresh, true));
    }

    private TokenExchangeGrantHandler handler(TrustedIssuers trusted, TokenExchangeSettings settings) {
        TokenExchangeGrantHandler h = new TokenExchangeGrantHandler();
        h.settings = f.core.settings;
        h.exchange = settings;
        h.trustedIssuers = trusted;
        for (RegisteredClient c : List.of(app, gateway, impersonator, outsider, f.web, f.spa)) {
            registered.putIfAbsent(c.clientId(), c);
        }
        h.liveAccessTokens = new dev.jeton.lifecycle.LiveAccessTokens(new AccessTokenVerifier(f.core.keys,
                f.core.settings), f.stores, revocations, id -> Optional.ofNullable(registered.get(id)));
        h.keys = f.core.keys;
        h.accessTokens = new JwtAccessTokenIssuer(f.core.keys);
        h.families = f.stores;
        h.issuance = f.issuance;
        h.init();
        return h;
    }

    /** A user's access token of the app (aud: the API) in a family, as the code flow leaves it. */
    private String userToken(String scope, Instant issuedAt) {
        return userToken(scope, issuedAt, null);
    }

    /** The same, bound to a DPoP key when a thumbprint is given (cnf.jkt). */
    private String userToken(String scope, Instant issuedAt, String jkt) {
        var token = f.tokens.accessToken(app, "user-123", scope, issuedAt, jkt);
        f.stores.createFamily(new TokenFamily("fam-" + token.jwtId(), "app", "user-123", scope, issuedAt, issuedAt,
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
        return h.handle(request(pairs), client);
    }

    /** An exchange whose DPoP proof the token endpoint verified for the key with this thumbprint. */
    private GrantResult exchangeWithProof(String thumbprint, RegisteredClient client, String... pairs) {
        return handler.handle(request(pairs).withDpopKey(thumbprint), client);
    }

    private static TokenRequest request(String... pairs) {
        List<String> all = new ArrayList<>(List.of("grant_type", GRANT));
        all.addAll(List.of(pairs));
        return at(NOW, all.toArray(String[]::new));
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
    void targetsAreWhatTheClientIsAllowedWhereverTheSubjectTokenWasFor() throws Exception {
        // issue 11 / RFC 8693 §1: the API's resource server trades the user's token (aud: the API)
        // for one to the downstream orders service, which was never in the subject token's aud
        String subject = userToken("api.read", NOW);
        JWTClaimsSet downstream = issued(exchange(gateway, "subject_token", subject, "subject_token_type", AT,
                "actor_token", serviceToken(gateway), "actor_token_type", AT, "audience", ORDERS));
        assertEquals(List.of(ORDERS), downstream.getAudience());
        assertEquals("user-123", downstream.getSubject());
        assertEquals(Map.of("sub", "gateway"), downstream.getJSONObjectClaim("act"));
        // without targets the subject's audience stays
        assertEquals(List.of(API), issued(exchange(impersonator, "subject_token", subject, "subject_token_type", AT))
                .getAudience());

        // an ID token of the client is addressed to Jeton: the registration decides the audience
        TokenResponse both = assertInstanceOf(GrantResult.Granted.class, exchange(impersonator, "subject_token",
                f.tokens.idToken(impersonator, "user-123", "openid", NOW, null, null, Map.of(), NOW),
                "subject_token_type", TokenTypes.ID_TOKEN, "audience", API, "resource", ORDERS,
                "scope", "api.read")).response();
        assertEquals(List.of(API, ORDERS), SignedJWT.parse(both.accessToken()).getJWTClaimsSet().getAudience());

        // never an audience the client is not registered for, nor one the server does not allow
        assertRefused(OAuthErrorCode.INVALID_TARGET, exchange(gateway, "subject_token", subject,
                "subject_token_type", AT, "actor_token", serviceToken(gateway), "actor_token_type", AT,
                "audience", "https://evil.example"));
        assertRefused(OAuthErrorCode.INVALID_TARGET, exchange(gateway, "subject_token", subject,
                "subject_token_type", AT, "actor_token", serviceToken(gateway), "actor_token_type", AT,
                "resource", "not a uri"));
        TokenExchangeGrantHandler apiOnly = handler(TrustedIssuers.NONE,
                new TokenExchangeSettings(Set.of(API), Optional.empty(), false, true));
        assertRefused(OAuthErrorCode.INVALID_TARGET, exchange(apiOnly, impersonator, "subject_token", subject,
                "subject_token_type", AT, "audience", ORDERS));
        assertEquals(List.of(API), issued(exchange(apiOnly, impersonator, "subject_token", subject,
                "subject_token_type", AT, "audience", API)).getAudience());
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
    void scopeNeverExceedsTheClientsRegistration() throws Exception {
        // issue 11: the subject token has offline_access and profile; the gateway is registered for neither
        String subject = userToken("openid profile offline_access api.read", NOW);
        assertEquals("openid api.read", issued(exchange(gateway, "subject_token", subject, "subject_token_type", AT,
                "actor_token", serviceToken(gateway), "actor_token_type", AT)).getStringClaim("scope"));
        for (String beyond : List.of("offline_access", "api.read profile", "api.write", "bad\\scope")) {
            assertRefused(OAuthErrorCode.INVALID_SCOPE, exchange(gateway, "subject_token", subject,
                    "subject_token_type", AT, "actor_token", serviceToken(gateway), "actor_token_type", AT,
                    "scope", beyond));
        }
        // a subject without scope (an ID token) is bounded by the registration alone
        String idToken = f.tokens.idToken(impersonator, "user-123", "openid", NOW, null, null, Map.of(), NOW);
        assertEquals("api.write", issued(exchange(impersonator, "subject_token", idToken, "subject_token_type",
                TokenTypes.ID_TOKEN, "scope", "api.write")).getStringClaim("scope"));
        assertRefused(OAuthErrorCode.INVALID_SCOPE, exchange(impersonator, "subject_token", idToken,
                "subject_token_type", TokenTypes.ID_TOKEN, "scope", "offline_access"));
    }

    @Test
    void onlyAClientTheSubjectTokenIsMeantForMayExchangeIt() throws Exception {
        // issue 11: a client registered for the grant (as a dynamically registered one can be) that
        // holds a user's token meant for the API, with its own token as actor
        String subject = userToken("api.read", NOW);
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(outsider, "subject_token", subject,
                "subject_token_type", AT, "actor_token", serviceToken(outsider), "actor_token_type", AT));
        // nor may a client present another client's token as the actor
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(gateway, "subject_token", subject,
                "subject_token_type", AT, "actor_token", serviceToken(outsider), "actor_token_type", AT));
        // the client the token was issued to may: the outsider's own token
        String own = f.tokens.accessToken(outsider, "user-123", "api.read", NOW).value();
        assertEquals("outsider", issued(exchange(outsider, "subject_token", own, "subject_token_type", AT,
                "actor_token", serviceToken(outsider), "actor_token_type", AT)).getStringClaim("client_id"));
        // and a client the token's may_act names (RFC 8693 §4.4)
        String named = new JwtAccessTokenIssuer(f.core.keys).issue(new AccessTokenClaims(
                f.core.settings.issuer().toString(), "user-123", List.of(API), "app", "api.read", NOW,
                NOW.plusSeconds(300), "jti-may-act", null, Map.of("may_act", Map.of("sub", "outsider"))));
        assertEquals("user-123", issued(exchange(outsider, "subject_token", named, "subject_token_type", AT,
                "actor_token", serviceToken(outsider), "actor_token_type", AT)).getSubject());

        // the operator may switch the rule off; scope and key binding still hold
        TokenExchangeGrantHandler open = handler(TrustedIssuers.NONE,
                new TokenExchangeSettings(Set.of(), Optional.empty(), false, false));
        assertEquals("api.read", issued(exchange(open, outsider, "subject_token", subject, "subject_token_type", AT,
                "actor_token", serviceToken(outsider), "actor_token_type", AT)).getStringClaim("scope"));
    }

    @Test
    void aSenderConstrainedSubjectTokenIsExchangedOnlyWithProofOfItsKey() throws Exception {
        // issue 11: a DPoP-bound token traded for a bearer token by a party without the key
        String bound = userToken("openid api.read", NOW, "key-of-the-user");
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", bound,
                "subject_token_type", AT));
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchangeWithProof("another-key", impersonator,
                "subject_token", bound, "subject_token_type", AT));
        GrantResult proven = exchangeWithProof("key-of-the-user", impersonator, "subject_token", bound,
                "subject_token_type", AT);
        assertEquals("DPoP", assertInstanceOf(GrantResult.Granted.class, proven).response().tokenType());
        assertEquals(Map.of("jkt", "key-of-the-user"), issued(proven).getJSONObjectClaim("cnf"));
        GrantResult.Refused refused = assertInstanceOf(GrantResult.Refused.class, exchange(impersonator,
                "subject_token", bound, "subject_token_type", AT));
        assertEquals("SUBJECT_KEY_NOT_PROVEN", refused.reason());
    }

    @Test
    void aSenderConstrainedActorTokenNeedsProofOfItsKeyToo() throws Exception {
        String subject = userToken("api.read", NOW);
        String boundActor = f.tokens.accessToken(gateway, "gateway", "", NOW, "key-of-the-gateway").value();
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(gateway, "subject_token", subject,
                "subject_token_type", AT, "actor_token", boundActor, "actor_token_type", AT));
        // one proof cannot prove two keys: a subject and an actor bound to different keys never pass
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchangeWithProof("key-of-the-gateway", gateway,
                "subject_token", userToken("api.read", NOW, "key-of-the-user"), "subject_token_type", AT,
                "actor_token", boundActor, "actor_token_type", AT));
        JWTClaimsSet claims = issued(exchangeWithProof("key-of-the-gateway", gateway, "subject_token", subject,
                "subject_token_type", AT, "actor_token", boundActor, "actor_token_type", AT));
        assertEquals(Map.of("jkt", "key-of-the-gateway"), claims.getJSONObjectClaim("cnf"));
    }

    @Test
    void aConfirmationKeyJetonCannotCheckIsNeverMet() throws Exception {
        // an external JWT bound to a client certificate (RFC 8705 x5t#S256): nobody can prove it here
        String mtlsBound = external(idpClaims("ext-user").claim("cnf", Map.of("x5t#S256", "bwcK0esc3ACC3DB2Y5_lESsX")),
                idpKey);
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", mtlsBound,
                "subject_token_type", TokenTypes.JWT));
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchangeWithProof("bwcK0esc3ACC3DB2Y5_lESsX", impersonator,
                "subject_token", mtlsBound, "subject_token_type", TokenTypes.JWT));
        // an external JWT bound to a DPoP key is like ours
        String dpopBound = external(idpClaims("ext-user").claim("cnf", Map.of("jkt", "ext-key")), idpKey);
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", dpopBound,
                "subject_token_type", TokenTypes.JWT));
        assertEquals(Map.of("jkt", "ext-key"), issued(exchangeWithProof("ext-key", impersonator, "subject_token",
                dpopBound, "subject_token_type", TokenTypes.JWT)).getJSONObjectClaim("cnf"));
    }

    @Test
    void aCertificateBoundExchangeIssuesATokenBoundToTheCertificate() throws Exception {
        // RFC 8705 §3.1 for token exchange (RFC 8693): the new access token carries the caller's certificate
        var certificate = dev.jeton.mtls.TestCertificates.selfSigned("CN=impersonator").asClientCertificate();
        String subject = userToken("api.read", NOW);
        assertEquals(Map.of("x5t#S256", certificate.thumbprint()), issued(handler.handle(
                dev.jeton.token.CoreFixture.boundTo(request("subject_token", subject, "subject_token_type", AT),
                        certificate), impersonator)).getJSONObjectClaim("cnf"));
    }

    @Test
    void everyTokenIssuedToARequestWithAProofIsBoundToItsKey() throws Exception {
        // a bearer subject, a proof on the request: the new access token is bound (RFC 9449 §5)
        String subject = userToken("api.read", NOW);
        assertEquals(Map.of("jkt", "client-key"), issued(exchangeWithProof("client-key", impersonator,
                "subject_token", subject, "subject_token_type", AT)).getJSONObjectClaim("cnf"));
        // and an exchanged refresh token's family, so the refresh grant mints only bound access tokens
        TokenExchangeGrantHandler permissive = handler(TrustedIssuers.NONE, true);
        TokenResponse refresh = assertInstanceOf(GrantResult.Granted.class, permissive.handle(request(
                "subject_token", userToken("api.read", NOW, "key-of-the-user"), "subject_token_type", AT,
                "requested_token_type", TokenTypes.REFRESH_TOKEN).withDpopKey("key-of-the-user"), impersonator))
                .response();
        String familyId = f.stores.findRefreshToken(TokenHashes.sha256(refresh.accessToken())).orElseThrow()
                .familyId();
        assertEquals("key-of-the-user", f.stores.findFamily(familyId).orElseThrow().dpopKeyThumbprint());
    }

    @Test
    void expiredRevokedForeignAndMalformedSubjectTokensAreInvalidRequest() throws Exception {
        String expired = userToken("api.read", NOW.minusSeconds(3600));
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", expired,
                "subject_token_type", AT));

        var live = f.tokens.accessToken(app, "user-123", "api.read", NOW);
        f.stores.createFamily(new TokenFamily("fam-r", "app", "user-123", "api.read", NOW, NOW, NOW.plusSeconds(3600),
                null, null));
        f.stores.recordAccessToken(live.jwtId(), "fam-r", live.expiresAt());
        f.stores.revokeFamily("fam-r", "TEST", NOW);
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", live.value(),
                "subject_token_type", AT));

        // an access token revoked on its own (RFC 7009), its family alive: dead here as at every other endpoint
        var revokedAlone = f.tokens.accessToken(app, "user-123", "api.read", NOW);
        f.stores.createFamily(new TokenFamily("fam-alone", "app", "user-123", "api.read", NOW, NOW,
                NOW.plusSeconds(3600), null, null));
        f.stores.recordAccessToken(revokedAlone.jwtId(), "fam-alone", revokedAlone.expiresAt());
        revocations.revoke(revokedAlone.jwtId(), "app", revokedAlone.expiresAt(), NOW);
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", revokedAlone.value(),
                "subject_token_type", AT));

        // an ID token issued to another client
        String othersIdToken = f.tokens.idToken(f.web, "user-123", "openid", NOW, null, null, Map.of(), NOW);
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", othersIdToken,
                "subject_token_type", TokenTypes.ID_TOKEN));
        // an access token presented as an ID token (token confusion)
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token",
                userToken("api.read", NOW), "subject_token_type", TokenTypes.ID_TOKEN));
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", "not.a.jwt",
                "subject_token_type", AT));
        // and a bad actor token
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(gateway, "subject_token", userToken("api.read", NOW),
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
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(unconfigured, impersonator, "subject_token", jwt,
                "subject_token_type", TokenTypes.JWT));
        // the configured issuer's name with another key, or a token meant for someone else
        RSAKey forger = new RSAKeyGenerator(2048).keyID("idp-1").generate();
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token",
                external(idpClaims("ext-user"), forger), "subject_token_type", TokenTypes.JWT));
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token",
                external(idpClaims("ext-user").audience("https://elsewhere.example"), idpKey),
                "subject_token_type", TokenTypes.JWT));
    }

    @Test
    void aSubjectTokenWhoseScopeIsOutsideTheRfcGrammarIsRefused() throws Exception {
        // issue 12: read leniently before ("api.read  api.write" was two scopes); a scope we cannot read
        // bounds nothing we could trust
        for (String malformed : List.of("api.read  api.write", " api.read", "api.read\tapi.write")) {
            String jwt = external(idpClaims("ext-user").claim("scope", malformed), idpKey);
            assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", jwt,
                    "subject_token_type", TokenTypes.JWT, "scope", "api.read", "audience", API));
        }
        // an empty scope claim is an empty scope: nothing to narrow to
        String empty = external(idpClaims("ext-user").claim("scope", ""), idpKey);
        assertRefused(OAuthErrorCode.INVALID_SCOPE, exchange(impersonator, "subject_token", empty,
                "subject_token_type", TokenTypes.JWT, "scope", "api.read", "audience", API));
    }

    @Test
    void mayActNamesWhoMayAct() throws Exception {
        String subject = external(idpClaims("ext-user").claim("may_act", Map.of("sub", "gateway")), idpKey);
        JWTClaimsSet claims = issued(exchange(gateway, "subject_token", subject, "subject_token_type",
                TokenTypes.JWT, "actor_token", serviceToken(gateway), "actor_token_type", AT));
        assertEquals(Map.of("sub", "gateway"), claims.getJSONObjectClaim("act"));
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", subject,
                "subject_token_type", TokenTypes.JWT, "actor_token", serviceToken(impersonator), "actor_token_type",
                AT));
        // without an actor token the client itself acts: it must be the one may_act names
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", subject,
                "subject_token_type", TokenTypes.JWT));
        String forImpersonator = external(idpClaims("ext-user").claim("may_act", Map.of("sub", "impersonator")),
                idpKey);
        assertEquals("ext-user", issued(exchange(impersonator, "subject_token", forImpersonator,
                "subject_token_type", TokenTypes.JWT)).getSubject());
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

    @Test
    void anAccessTokenOfAClientNoLongerEnabledIsNotASubjectToken() throws Exception {
        String token = userToken("api.read", NOW);
        registered.put("app", new RegisteredClient("app", "App", null, ClientAuthMethod.NONE,
                Set.of("authorization_code", "refresh_token"), Set.of("openid", "api.read"),
                List.of("https://app.example.com/cb"), API, null, null, false));
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", token,
                "subject_token_type", AT));
        registered.remove("app");
        assertRefused(OAuthErrorCode.INVALID_REQUEST, exchange(impersonator, "subject_token", token,
                "subject_token_type", AT));
    }
}
