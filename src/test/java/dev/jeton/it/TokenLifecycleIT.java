package dev.jeton.it;

import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.jeton.it.Http.basic;
import static dev.jeton.it.Http.form;
import static dev.jeton.it.Http.json;
import static dev.jeton.it.Http.postForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The token lifecycle on the real server: introspection (RFC 7662) and revocation (RFC 7009) of
 * every kind of token, before and after reuse detection (RFC 9700 §4.14.2), and dynamic client
 * registration (RFC 7591) with its management protocol (RFC 7592).
 */
@ExtendWith(ArquillianExtension.class)
class TokenLifecycleIT {

    static final String SECRET = TokenEndpointIT.POST_SECRET;
    static final String API = "https://api.example.com";
    static final String RESOURCE_SERVER = "it-resource-server";
    static final String WEB = "it-web";
    static final String WEB_REDIRECT = "https://client.example.org/cb";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return JetonWar.packaged();
    }

    // ---- helpers -------------------------------------------------------------------------

    /** it-basic has a secret of its own; the other IT clients share it-post's. */
    private static String secretOf(String clientId) {
        return clientId.equals("it-basic") ? TokenEndpointIT.BASIC_SECRET : SECRET;
    }

    /**
     * Posts a form as {@code clientId}, authenticating the way it registered: it-post in the body
     * (client_secret_post), everyone else with HTTP Basic.
     */
    private static HttpResponse<String> postAs(String path, String clientId, Map<String, String> parameters) {
        Map<String, String> body = new LinkedHashMap<>(parameters);
        if (clientId.equals("it-post")) {
            body.put("client_id", clientId);
            body.put("client_secret", SECRET);
            return postForm(path, form(body));
        }
        return postForm(path, form(body), "Authorization", basic(clientId, secretOf(clientId)));
    }

    private static String clientCredentials(String clientId, String scope) {
        HttpResponse<String> response = postAs("/oauth/token", clientId, Map.of("grant_type", "client_credentials",
                "scope", scope));
        assertEquals(200, response.statusCode(), response.body());
        return json(response).getString("access_token");
    }

    /** it-post authenticates in the body (client_secret_post); its tokens are for https://api.example.com. */
    private static String postClientToken() {
        HttpResponse<String> response = postForm("/oauth/token", form(Map.of("grant_type", "client_credentials",
                "scope", "api.read", "client_id", "it-post", "client_secret", SECRET)));
        assertEquals(200, response.statusCode(), response.body());
        return json(response).getString("access_token");
    }

    private static JsonObject introspect(String token, String clientId) {
        HttpResponse<String> response = postAs("/oauth/introspect", clientId, Map.of("token", token));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        return json(response);
    }

    private static void assertInactive(JsonObject answer) {
        // RFC 7662 §2.2: nothing but active=false, whatever the reason
        assertEquals(Set.of("active"), answer.keySet(), answer.toString());
        assertFalse(answer.getBoolean("active"));
    }

    private static void revoke(String token, String clientId, String hint) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("token", token);
        if (hint != null) {
            parameters.put("token_type_hint", hint);
        }
        HttpResponse<String> response = postAs("/oauth/revoke", clientId, parameters);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("", response.body(), "RFC 7009 §2.2: nothing revealed");
    }

    /** A user's tokens for it-web: access, refresh and ID token. */
    private static JsonObject userTokens() {
        Pkce pkce = Pkce.create();
        String state = UUID.randomUUID().toString();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", WEB);
        query.put("redirect_uri", WEB_REDIRECT);
        query.put("scope", "openid profile offline_access");
        query.put("state", state);
        query.put("nonce", UUID.randomUUID().toString());
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        URI redirect = new UserAgent().authorize(form(query), UserGrantsIT.USER, UserGrantsIT.PASSWORD);
        HttpResponse<String> response = postForm("/oauth/token", form(Map.of("grant_type", "authorization_code",
                "code", UserAgent.parameter(redirect, "code"), "redirect_uri", WEB_REDIRECT,
                "code_verifier", pkce.verifier())), "Authorization", basic(WEB, SECRET));
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    private static HttpResponse<String> refresh(String refreshToken) {
        return postForm("/oauth/token", form(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken)),
                "Authorization", basic(WEB, SECRET));
    }

    private static HttpResponse<String> userinfo(String accessToken) {
        return Http.request("GET", "/oauth/userinfo", null, "Authorization", "Bearer " + accessToken);
    }

    private static HttpResponse<String> register(String metadata, String initialAccessToken) {
        String body = metadata.replace('\'', '"');
        return initialAccessToken == null
                ? Http.request("POST", "/oauth/register", body, "Content-Type", "application/json")
                : Http.request("POST", "/oauth/register", body, "Content-Type", "application/json",
                "Authorization", "Bearer " + initialAccessToken);
    }

    // ---- introspection and revocation ----------------------------------------------------

    @Test
    void aClientCredentialsTokenIsActiveForItsClientAndItsAudienceOnly() {
        String token = postClientToken();

        JsonObject own = introspect(token, "it-post");
        assertTrue(own.getBoolean("active"));
        assertEquals("api.read", own.getString("scope"));
        assertEquals("it-post", own.getString("client_id"));
        assertEquals("it-post", own.getString("sub"));
        assertEquals(API, own.getString("aud"));
        assertEquals(Http.base().toString(), own.getString("iss"));
        assertEquals("Bearer", own.getString("token_type"));
        assertTrue(own.getJsonNumber("exp").longValue() > own.getJsonNumber("iat").longValue());

        assertTrue(introspect(token, RESOURCE_SERVER).getBoolean("active"), "the audience's resource server");
        assertInactive(introspect(token, "it-basic"));
    }

    @Test
    void aResourceServerMayIntrospectWithABearerTokenCarryingTheIntrospectionScope() {
        String token = postClientToken();
        String bearer = clientCredentials(RESOURCE_SERVER, "jeton.introspect");

        HttpResponse<String> response = postForm("/oauth/introspect", form(Map.of("token", token)),
                "Authorization", "Bearer " + bearer);

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(json(response).getBoolean("active"));

        String withoutScope = clientCredentials("it-basic", "api.read");
        HttpResponse<String> refused = postForm("/oauth/introspect", form(Map.of("token", token)),
                "Authorization", "Bearer " + withoutScope);
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals("insufficient_scope", json(refused).getString("error"));
    }

    @Test
    void aRevokedClientCredentialsTokenIsInactiveAndAForeignRevocationChangesNothing() {
        String token = postClientToken();

        revoke(token, "it-basic", "access_token");
        assertTrue(introspect(token, "it-post").getBoolean("active"), "another client cannot revoke it");

        HttpResponse<String> response = postForm("/oauth/revoke", form(Map.of("token", token,
                "token_type_hint", "access_token", "client_id", "it-post", "client_secret", SECRET)));
        assertEquals(200, response.statusCode(), response.body());
        assertInactive(introspect(token, "it-post"));
        assertInactive(introspect(token, RESOURCE_SERVER));
    }

    @Test
    void userTokensIntrospectAndRevokeOneByOneAndWithTheirFamily() {
        JsonObject tokens = userTokens();
        String access = tokens.getString("access_token");
        String refresh = tokens.getString("refresh_token");
        String idToken = tokens.getString("id_token");

        JsonObject accessState = introspect(access, WEB);
        assertTrue(accessState.getBoolean("active"));
        assertEquals(Set.of("openid", "profile", "offline_access"), Set.of(accessState.getString("scope").split(" ")));
        assertEquals(WEB, accessState.getString("client_id"));
        JsonObject refreshState = introspect(refresh, WEB);
        assertTrue(refreshState.getBoolean("active"));
        assertEquals("refresh_token", refreshState.getString("token_type"));
        assertEquals(accessState.getString("sub"), refreshState.getString("sub"));
        assertInactive(introspect(refresh, "it-first"));
        assertInactive(introspect(idToken, WEB));

        // the access token alone: refused by userinfo and introspection; the refresh token lives on
        assertEquals(200, userinfo(access).statusCode());
        revoke(access, WEB, null);
        assertInactive(introspect(access, WEB));
        assertEquals(401, userinfo(access).statusCode());
        assertTrue(introspect(refresh, WEB).getBoolean("active"));

        // the refresh token: its family goes, with the access token of the last refresh
        HttpResponse<String> refreshed = refresh(refresh);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        String access2 = json(refreshed).getString("access_token");
        String refresh2 = json(refreshed).getString("refresh_token");
        assertTrue(introspect(access2, WEB).getBoolean("active"));
        revoke(refresh2, WEB, "refresh_token");
        assertInactive(introspect(refresh2, WEB));
        assertInactive(introspect(access2, WEB));
        assertEquals(401, userinfo(access2).statusCode());
        assertEquals(400, refresh(refresh2).statusCode(), "a revoked refresh token is invalid_grant");
    }

    @Test
    void afterRefreshReuseEveryTokenOfTheFamilyIsInactive() {
        JsonObject tokens = userTokens();
        String access1 = tokens.getString("access_token");
        String refresh1 = tokens.getString("refresh_token");
        HttpResponse<String> rotated = refresh(refresh1);
        assertEquals(200, rotated.statusCode(), rotated.body());
        String access2 = json(rotated).getString("access_token");
        String refresh2 = json(rotated).getString("refresh_token");
        assertTrue(introspect(refresh2, WEB).getBoolean("active"));
        assertInactive(introspect(refresh1, WEB));

        HttpResponse<String> reused = refresh(refresh1);
        assertEquals(400, reused.statusCode(), reused.body());

        assertInactive(introspect(access1, WEB));
        assertInactive(introspect(access2, WEB));
        assertInactive(introspect(refresh2, WEB));
    }

    @Test
    void anAccessTokenIsInactiveAndRefusedOnceItsExpIsPast() throws Exception {
        // issue #11: a 60 s clock skew kept expired tokens active at introspection and accepted as Bearer
        String client = "it-short-lived";
        String token = clientCredentials(client, "api.read");
        Instant exp = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
        assertTrue(introspect(token, client).getBoolean("active"), "live before exp");
        // a client_credentials token has no openid scope: 403 at userinfo while valid, 401 once dead
        assertEquals(403, userinfo(token).statusCode());

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), exp.plusSeconds(1)).toMillis()));

        assertInactive(introspect(token, client));
        HttpResponse<String> expired = userinfo(token);
        assertEquals(401, expired.statusCode(), expired.body());
        assertTrue(expired.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
    }

    @Test
    void unknownTokensAndBadRequestsRevealNothing() {
        revoke("no-such-token", "it-post", null);
        assertInactive(introspect("no-such-token", "it-post"));
        assertInactive(introspect("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", "it-post"));

        HttpResponse<String> wrongSecret = postForm("/oauth/introspect", form(Map.of("token", "x")),
                "Authorization", basic("it-basic", "wrong-secret"));
        assertEquals(401, wrongSecret.statusCode());
        assertEquals("invalid_client", json(wrongSecret).getString("error"));
        assertTrue(wrongSecret.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));

        HttpResponse<String> anonymous = postForm("/oauth/introspect", form(Map.of("token", "x")));
        assertEquals(401, anonymous.statusCode());

        HttpResponse<String> publicClient = postForm("/oauth/introspect", form(Map.of("token", "x",
                "client_id", "it-spa")));
        assertEquals(401, publicClient.statusCode(), "RFC 7662 §2.1: public clients may not introspect");

        HttpResponse<String> noToken = postAs("/oauth/revoke", "it-web", Map.of());
        assertEquals(400, noToken.statusCode());
        assertEquals("invalid_request", json(noToken).getString("error"));

        HttpResponse<String> twice = postForm("/oauth/revoke", "token=a&token=b", "Authorization",
                basic("it-web", SECRET));
        assertEquals(400, twice.statusCode());

        HttpResponse<String> revokeUnauthenticated = postForm("/oauth/revoke", form(Map.of("token", "x")),
                "Authorization", basic("it-web", "wrong-secret"));
        assertEquals(401, revokeUnauthenticated.statusCode());
    }

    @Test
    void revocationIsAudited() throws Exception {
        try (AuditQueue queue = new AuditQueue()) {
            String token = postClientToken();
            revoke(token, "it-post", null);

            AuditQueue.Received event = queue.await(e -> "token_revoked".equals(e.getString("event", null))
                    && "it-post".equals(e.getString("client_id", null)) && "access_token".equals(
                    e.getString("reason", null)));
            assertEquals("success", event.body().getString("outcome"));
            assertFalse(event.body().toString().contains(token), "never the token itself");
        }
    }

    // ---- registration --------------------------------------------------------------------

    @Test
    void aRegisteredClientCanUseTheTokenEndpointAtOnceAndManageItself() {
        String initial = clientCredentials("it-registrar", "jeton.register");

        HttpResponse<String> created = register("{'client_name':'Nightly reports','grant_types':['client_credentials'],"
                + "'scope':'api.read','token_endpoint_auth_method':'client_secret_basic'}", initial);

        assertEquals(201, created.statusCode(), created.body());
        assertEquals("no-store", created.headers().firstValue("Cache-Control").orElse(null));
        JsonObject client = json(created);
        String id = client.getString("client_id");
        String secret = client.getString("client_secret");
        String registrationToken = client.getString("registration_access_token");
        String uri = client.getString("registration_client_uri");
        assertEquals(Http.base() + "/oauth/register/" + id, uri);

        HttpResponse<String> token = postForm("/oauth/token", form(Map.of("grant_type", "client_credentials",
                "scope", "api.read")), "Authorization", basic(id, secret));
        assertEquals(200, token.statusCode(), token.body());
        assertTrue(introspect2(json(token).getString("access_token"), id, secret).getBoolean("active"));

        HttpResponse<String> read = Http.request("GET", "/oauth/register/" + id, null,
                "Authorization", "Bearer " + registrationToken);
        assertEquals(200, read.statusCode(), read.body());
        assertEquals("Nightly reports", json(read).getString("client_name"));
        assertFalse(json(read).containsKey("client_secret"), "stored hashed: shown once only");

        HttpResponse<String> updated = Http.request("PUT", "/oauth/register/" + id, ("{'client_id':'" + id + "',"
                        + "'client_name':'Weekly reports','grant_types':['client_credentials'],'scope':'api.read api.write'}")
                        .replace('\'', '"'), "Content-Type", "application/json",
                "Authorization", "Bearer " + registrationToken);
        assertEquals(200, updated.statusCode(), updated.body());
        assertEquals("Weekly reports", json(updated).getString("client_name"));
        HttpResponse<String> wider = postForm("/oauth/token", form(Map.of("grant_type", "client_credentials",
                "scope", "api.write")), "Authorization", basic(id, secret));
        assertEquals(200, wider.statusCode(), "the update is in force at once, same secret: " + wider.body());

        HttpResponse<String> foreign = Http.request("GET", "/oauth/register/" + id, null,
                "Authorization", "Bearer " + initial);
        assertEquals(401, foreign.statusCode(), "the initial access token does not manage clients");

        HttpResponse<String> deleted = Http.request("DELETE", "/oauth/register/" + id, null,
                "Authorization", "Bearer " + registrationToken);
        assertEquals(204, deleted.statusCode(), deleted.body());
        HttpResponse<String> afterDelete = postForm("/oauth/token", form(Map.of("grant_type", "client_credentials")),
                "Authorization", basic(id, secret));
        assertEquals(401, afterDelete.statusCode());
        assertInactive(introspect(json(wider).getString("access_token"), RESOURCE_SERVER));
        assertEquals(401, Http.request("GET", "/oauth/register/" + id, null,
                "Authorization", "Bearer " + registrationToken).statusCode());
    }

    @Test
    void aRegisteredPrivateKeyJwtClientGetsATokenWithItsAssertion() throws Exception {
        // RFC 7591 §2 jwks + RFC 7523 §2.2: a client that signs registers its public key, gets no secret
        com.nimbusds.jose.jwk.ECKey key = new com.nimbusds.jose.jwk.gen.ECKeyGenerator(
                com.nimbusds.jose.jwk.Curve.P_256).keyID("reg-1").generate();
        String initial = clientCredentials("it-registrar", "jeton.register");
        HttpResponse<String> created = register("{'client_name':'Signing agent','grant_types':['client_credentials'],"
                + "'scope':'api.read','token_endpoint_auth_method':'private_key_jwt',"
                + "'token_endpoint_auth_signing_alg':'ES256','jwks':{'keys':["
                + key.toPublicJWK().toJSONString().replace('"', '\'') + "]}}", initial);
        assertEquals(201, created.statusCode(), created.body());
        JsonObject client = json(created);
        assertFalse(client.containsKey("client_secret"), created.body());
        String id = client.getString("client_id");

        java.util.function.Function<com.nimbusds.jose.JWSAlgorithm, String> assertion = alg -> {
            try {
                SignedJWT jwt = new SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(alg).keyID("reg-1").build(),
                        new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(id).subject(id)
                                .audience(Http.at("/oauth/token").toString()).jwtID(UUID.randomUUID().toString())
                                .issueTime(new java.util.Date())
                                .expirationTime(java.util.Date.from(Instant.now().plusSeconds(60))).build());
                jwt.sign(new com.nimbusds.jose.crypto.ECDSASigner(key));
                return jwt.serialize();
            } catch (com.nimbusds.jose.JOSEException e) {
                throw new IllegalStateException(e);
            }
        };
        Map<String, String> request = new LinkedHashMap<>();
        request.put("grant_type", "client_credentials");
        request.put("scope", "api.read");
        request.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        request.put("client_assertion", assertion.apply(com.nimbusds.jose.JWSAlgorithm.ES256));
        HttpResponse<String> token = postForm("/oauth/token", form(request));
        assertEquals(200, token.statusCode(), token.body());
        assertEquals(id, SignedJWT.parse(json(token).getString("access_token")).getJWTClaimsSet()
                .getStringClaim("client_id"));

        HttpResponse<String> refused = register("{'grant_types':['client_credentials'],"
                + "'token_endpoint_auth_method':'private_key_jwt','jwks_uri':'https://169.254.169.254/keys'}", initial);
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("invalid_client_metadata", json(refused).getString("error"));
    }

    private static JsonObject introspect2(String token, String clientId, String secret) {
        HttpResponse<String> response = postForm("/oauth/introspect", form(Map.of("token", token)),
                "Authorization", basic(clientId, secret));
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    @Test
    void aRegisteredCodeFlowClientIsKnownToTheAuthorizationEndpoint() {
        String initial = clientCredentials("it-registrar", "jeton.register");
        HttpResponse<String> created = register("{'redirect_uris':['http://127.0.0.1:9555/cb'],"
                + "'token_endpoint_auth_method':'none','grant_types':['authorization_code','refresh_token'],"
                + "'scope':'openid profile'}", initial);
        assertEquals(201, created.statusCode(), created.body());
        JsonObject client = json(created);
        assertFalse(client.containsKey("client_secret"), "a public client");
        assertEquals("code", client.getJsonArray("response_types").getString(0));

        HttpResponse<String> authorize = Http.get("/oauth/authorize?response_type=code&client_id="
                + client.getString("client_id") + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A9555%2Fcb&scope=openid"
                + "&state=s&code_challenge=" + Pkce.create().challenge() + "&code_challenge_method=S256");
        assertTrue(authorize.statusCode() == 302 || authorize.statusCode() == 303 || authorize.statusCode() == 200,
                "the authorization endpoint accepts the new client: " + authorize.statusCode());
        assertFalse(authorize.headers().firstValue("Location").orElse("").contains("error="),
                authorize.headers().firstValue("Location").orElse(""));
    }

    @Test
    void invalidMetadataIsRefusedWithTheRfc7591Codes() {
        String initial = clientCredentials("it-registrar", "jeton.register");

        HttpResponse<String> fragment = register("{'redirect_uris':['https://app.example.org/cb#x']}", initial);
        assertEquals(400, fragment.statusCode());
        assertEquals("invalid_redirect_uri", json(fragment).getString("error"));

        HttpResponse<String> plainHttp = register("{'redirect_uris':['http://app.example.org/cb']}", initial);
        assertEquals("invalid_redirect_uri", json(plainHttp).getString("error"));

        HttpResponse<String> method = register("{'grant_types':['client_credentials'],"
                + "'token_endpoint_auth_method':'tls_client_auth'}", initial);
        assertEquals(400, method.statusCode());
        assertEquals("invalid_client_metadata", json(method).getString("error"));

        HttpResponse<String> inconsistent = register("{'grant_types':['client_credentials'],"
                + "'response_types':['code']}", initial);
        assertEquals("invalid_client_metadata", json(inconsistent).getString("error"));

        HttpResponse<String> operatorScope = register("{'grant_types':['client_credentials'],'scope':'jeton.admin'}",
                initial);
        assertEquals("invalid_client_metadata", json(operatorScope).getString("error"));

        HttpResponse<String> notJson = register("not json", initial);
        assertEquals(400, notJson.statusCode());
        assertEquals("invalid_client_metadata", json(notJson).getString("error"));
    }

    @Test
    void registrationNeedsAnInitialAccessTokenWithTheRegistrationScope() {
        String metadata = "{'grant_types':['client_credentials'],'scope':'api.read'}";

        HttpResponse<String> none = register(metadata, null);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        // RFC 6750 §3.1: no error code in the challenge without a token, but a JSON body, not the container's page
        assertFalse(none.headers().firstValue("WWW-Authenticate").orElse("").contains("error="));
        assertEquals("application/json", none.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertEquals("invalid_token", json(none).getString("error"));

        HttpResponse<String> forged = register(metadata, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        assertEquals(401, forged.statusCode());
        assertEquals("invalid_token", json(forged).getString("error"));

        HttpResponse<String> wrongScope = register(metadata, clientCredentials("it-basic", "api.read"));
        assertEquals(403, wrongScope.statusCode());
        assertEquals("insufficient_scope", json(wrongScope).getString("error"));

        String initial = clientCredentials("it-registrar", "jeton.register");
        revoke(initial, "it-registrar", null);
        assertEquals(401, register(metadata, initial).statusCode(), "a revoked initial access token");
    }
}
