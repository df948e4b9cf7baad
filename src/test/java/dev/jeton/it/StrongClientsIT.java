package dev.jeton.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import static dev.jeton.it.Http.form;
import static dev.jeton.it.Http.json;
import static dev.jeton.it.Http.postForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strong clients on the real server: private_key_jwt (RFC 7523), DPoP with server nonces
 * (RFC 9449), pushed authorization requests (RFC 9126) and request objects (RFC 9101), over HTTP.
 */
@ExtendWith(ArquillianExtension.class)
class StrongClientsIT {

    static final String RS_CLIENT = "it-pkjwt-rs";
    static final String ES_CLIENT = "it-pkjwt-es";
    static final String NONCE_CLIENT = "it-dpop-nonce";
    /** private_key_jwt with the EC key of it-pkjwt-es, under the FAPI 2.0 Security Profile, PAR required. */
    static final String FAPI_CLIENT = "it-fapi2";
    static final String DPOP_SPA = "it-dpop-spa";
    static final String SPA_REDIRECT = "https://client.example.org/dpop-cb";
    static final String ES_REDIRECT = "http://127.0.0.1:9877/callback";
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final RSAKey RSA = (RSAKey) key("it-pkjwt-rs.private.jwk.json");
    static final ECKey EC = (ECKey) key("it-pkjwt-es.private.jwk.json");
    /** The Ed25519 key of it-pkjwt-ed (RFC 8037), which signs with EdDSA. */
    static final OctetKeyPair ED = (OctetKeyPair) key("it-pkjwt-ed.private.jwk.json");
    /** A DPoP key of the client's own, generated per run (DPoP keys are not registered). */
    static final ECKey DPOP_KEY = generate();
    static final ECKey OTHER_DPOP_KEY = generate();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return JetonWar.packaged();
    }

    // ---------------------------------------------------------------- helpers

    private static JWK key(String name) {
        try (InputStream in = StrongClientsIT.class.getResourceAsStream("/it-keys/" + name)) {
            return JWK.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWK key, JWSAlgorithm alg, JOSEObjectType type, JWK headerJwk, JWTClaimsSet claims) {
        try {
            JWSHeader.Builder header = new JWSHeader.Builder(alg).keyID(headerJwk == null ? key.getKeyID() : null);
            if (type != null) {
                header.type(type);
            }
            if (headerJwk != null) {
                header.jwk(headerJwk);
            }
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(key instanceof OctetKeyPair okp ? new Ed25519Signer(okp)
                    : key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet.Builder assertionClaims(String clientId, String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(audience)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String assertion(JWK key, String clientId, Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder claims = assertionClaims(clientId, Http.at("/oauth/token").toString());
        change.accept(claims);
        return sign(key, key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256, null, null, claims.build());
    }

    private static Map<String, String> withAssertion(String assertion, Map<String, String> parameters) {
        Map<String, String> body = new LinkedHashMap<>(parameters);
        body.put("client_assertion_type", JWT_BEARER);
        body.put("client_assertion", assertion);
        return body;
    }

    private static Map<String, String> withAssertion(String assertion, String... pairs) {
        Map<String, String> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put(pairs[i], pairs[i + 1]);
        }
        body.put("client_assertion_type", JWT_BEARER);
        body.put("client_assertion", assertion);
        return body;
    }

    private static HttpResponse<String> clientCredentials(String assertion, String... headers) {
        return postForm("/oauth/token", form(withAssertion(assertion, "grant_type", "client_credentials",
                "scope", "api.read")), headers);
    }

    private static JWTClaimsSet.Builder proofClaims(String method, String path) {
        return new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", method)
                .claim("htu", Http.at(path).toString()).issueTime(new Date());
    }

    private static String proof(ECKey key, JWTClaimsSet claims) {
        return sign(key, JWSAlgorithm.ES256, new JOSEObjectType("dpop+jwt"), key.toPublicJWK(), claims);
    }

    private static String proof(ECKey key, String method, String path) {
        return proof(key, proofClaims(method, path).build());
    }

    private static String thumbprint(ECKey key) throws JOSEException {
        return key.toPublicJWK().computeThumbprint().toString();
    }

    private static String ath(String accessToken) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(accessToken.getBytes(StandardCharsets.US_ASCII)));
    }

    private static void assertError(HttpResponse<String> response, int status, String error) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(error, json(response).getString("error"), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- private_key_jwt

    @Test
    void privateKeyJwtAuthenticatesWithRs256AndEs256Keys() throws Exception {
        HttpResponse<String> rs = clientCredentials(assertion(RSA, RS_CLIENT, c -> { }));
        assertEquals(200, rs.statusCode(), rs.body());
        assertEquals(RS_CLIENT, SignedJWT.parse(json(rs).getString("access_token")).getJWTClaimsSet()
                .getStringClaim("client_id"));
        // the issuer is an accepted audience as well as the token endpoint URL
        HttpResponse<String> es = clientCredentials(assertion(EC, ES_CLIENT, c -> c.audience(Http.base().toString())));
        assertEquals(200, es.statusCode(), es.body());
        assertEquals("Bearer", json(es).getString("token_type"));
    }

    @Test
    void everyFailedAssertionCheckIsInvalidClientAndTheAuditSaysWhich() throws Exception {
        Instant now = Instant.now();
        Map<String, String> failures = new LinkedHashMap<>();
        failures.put("assertion_issuer_subject", assertion(RSA, RS_CLIENT, c -> c.issuer(ES_CLIENT)));
        failures.put("assertion_audience", assertion(RSA, RS_CLIENT, c -> c.audience("https://elsewhere.example")));
        failures.put("assertion_expired", assertion(RSA, RS_CLIENT,
                c -> c.expirationTime(Date.from(now.minusSeconds(120)))));
        failures.put("assertion_expiry_missing", assertion(RSA, RS_CLIENT, c -> c.expirationTime(null)));
        failures.put("assertion_lifetime_too_long", assertion(RSA, RS_CLIENT,
                c -> c.expirationTime(Date.from(now.plusSeconds(3600)))));
        failures.put("assertion_not_yet_valid", assertion(RSA, RS_CLIENT,
                c -> c.notBeforeTime(Date.from(now.plusSeconds(300)))));
        failures.put("assertion_jti_missing", assertion(RSA, RS_CLIENT, c -> c.jwtID(null)));
        // a key with the registered kid that is not the registered key
        RSAKey impostor = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID(RSA.getKeyID()).generate();
        failures.put("assertion_bad_signature", assertion(impostor, RS_CLIENT, c -> { }));
        // it-pkjwt-es registered ES256: an RS256 assertion is refused even if a key matched
        failures.put("assertion_algorithm_not_allowed", sign(RSA, JWSAlgorithm.RS256, null, null,
                assertionClaims(ES_CLIENT, Http.at("/oauth/token").toString()).build()));
        // it-basic authenticates with client_secret_basic only
        failures.put("method_not_registered", assertion(RSA, "it-basic", c -> { }));
        try (AuditQueue queue = new AuditQueue()) {
            for (Map.Entry<String, String> failure : failures.entrySet()) {
                HttpResponse<String> response = clientCredentials(failure.getValue());
                assertError(response, 401, "invalid_client");
                assertEquals("Client authentication failed.", json(response).getString("error_description"),
                        failure.getKey());
                AuditQueue.Received event = queue.await(e -> "token_denied".equals(e.getString("event"))
                        && failure.getKey().equals(e.getString("reason", null)));
                assertEquals("invalid_client", event.body().getString("error"));
            }
        }
    }

    @Test
    void assertionsSignedWithAWrongKeyDoNotLockTheClientOut() throws Exception {
        // more wrong-key assertions than the test server's 20 failures per client and address (arquillian.xml)
        RSAKey impostor = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID(RSA.getKeyID()).generate();
        assertError(clientCredentials(assertion(impostor, RS_CLIENT, c -> { })), 401, "invalid_client");
        for (int i = 0; i < 21; i++) {
            HttpResponse<String> wrong = clientCredentials(assertion(impostor, RS_CLIENT, c -> { }));
            assertTrue(wrong.statusCode() == 401 || wrong.statusCode() == 429, wrong.body());
        }
        // issue #11: a signature cannot be guessed, so the client's own assertion is never throttled
        HttpResponse<String> own = clientCredentials(assertion(RSA, RS_CLIENT, c -> { }));
        assertEquals(200, own.statusCode(), own.body());
    }

    @Test
    void aReplayedAssertionIsRefused() {
        String once = assertion(RSA, RS_CLIENT, c -> { });
        assertEquals(200, clientCredentials(once).statusCode());
        assertError(clientCredentials(once), 401, "invalid_client");
    }

    @Test
    void sixtyFourConcurrentAssertionsWithDpopProofsAreAllServed() throws Exception {
        // issue #13: each replay check took a second pooled connection in a transaction of its own
        // while the request's transaction held the first; at 64 concurrent clients every request
        // thread held one and waited for another, and all of them failed after the pool's timeout
        int clients = 64;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<HttpResponse<String>>> responses = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                String assertion = assertion(EC, ES_CLIENT, c -> { });
                String proof = proof(DPOP_KEY, "POST", "/oauth/token");
                responses.add(pool.submit(() -> {
                    start.await();
                    return clientCredentials(assertion, "DPoP", proof);
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<HttpResponse<String>> response : responses) {
                HttpResponse<String> r = response.get(120, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(200, r.statusCode(), r.body());
                assertEquals("DPoP", json(r).getString("token_type"));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- DPoP at the token endpoint

    @Test
    void clientCredentialsBoundToADpopKey() throws Exception {
        HttpResponse<String> response = clientCredentials(assertion(EC, ES_CLIENT, c -> { }),
                "DPoP", proof(DPOP_KEY, "POST", "/oauth/token"));
        assertEquals(200, response.statusCode(), response.body());
        JsonObject body = json(response);
        assertEquals("DPoP", body.getString("token_type"));
        assertEquals(thumbprint(DPOP_KEY), SignedJWT.parse(body.getString("access_token")).getJWTClaimsSet()
                .getJSONObjectClaim("cnf").get("jkt"));
        assertTrue(response.headers().firstValue("DPoP-Nonce").isPresent(), "a fresh nonce for the next request");
    }

    @Test
    void theNonceChallengeAndTheRetry() throws Exception {
        String secret = TokenEndpointIT.POST_SECRET;
        String body = form(Map.of("grant_type", "client_credentials", "client_id", NONCE_CLIENT,
                "client_secret", secret));
        // registered with dpop_bound_access_tokens: no proof, no token
        assertError(postForm("/oauth/token", body), 400, "invalid_dpop_proof");

        HttpResponse<String> challenge = postForm("/oauth/token", body, "DPoP", proof(DPOP_KEY, "POST",
                "/oauth/token"));
        assertError(challenge, 400, "use_dpop_nonce");
        String nonce = challenge.headers().firstValue("DPoP-Nonce").orElseThrow();

        HttpResponse<String> retry = postForm("/oauth/token", body, "DPoP", proof(DPOP_KEY,
                proofClaims("POST", "/oauth/token").claim("nonce", nonce).build()));
        assertEquals(200, retry.statusCode(), retry.body());
        assertEquals("DPoP", json(retry).getString("token_type"));

        HttpResponse<String> wrongNonce = postForm("/oauth/token", body, "DPoP", proof(DPOP_KEY,
                proofClaims("POST", "/oauth/token").claim("nonce", "A".repeat(43)).build()));
        assertError(wrongNonce, 400, "use_dpop_nonce");
    }

    @Test
    void userinfoAsksAClientThatMustAnswerNoncesForOneToo() throws Exception {
        // RFC 9449 §9: the resource server's nonce; userinfo is Jeton's own resource
        String body = form(Map.of("grant_type", "client_credentials", "client_id", NONCE_CLIENT,
                "client_secret", TokenEndpointIT.POST_SECRET));
        String tokenNonce = postForm("/oauth/token", body, "DPoP", proof(DPOP_KEY, "POST", "/oauth/token"))
                .headers().firstValue("DPoP-Nonce").orElseThrow();
        HttpResponse<String> tokens = postForm("/oauth/token", body, "DPoP", proof(DPOP_KEY,
                proofClaims("POST", "/oauth/token").claim("nonce", tokenNonce).build()));
        assertEquals(200, tokens.statusCode(), tokens.body());
        String accessToken = json(tokens).getString("access_token");

        HttpResponse<String> challenge = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "DPoP " + accessToken, "DPoP", proof(DPOP_KEY, proofClaims("GET", "/oauth/userinfo")
                        .claim("ath", ath(accessToken)).build()));
        assertEquals(401, challenge.statusCode(), challenge.body());
        assertTrue(challenge.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"use_dpop_nonce\""),
                challenge.headers().toString());
        String nonce = challenge.headers().firstValue("DPoP-Nonce").orElseThrow();
        HttpResponse<String> answered = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "DPoP " + accessToken, "DPoP", proof(DPOP_KEY, proofClaims("GET", "/oauth/userinfo")
                        .claim("ath", ath(accessToken)).claim("nonce", nonce).build()));
        // past the proof: a client_credentials token has no openid scope, so the scope check answers
        assertEquals(403, answered.statusCode(), answered.body());
        assertTrue(answered.headers().firstValue("WWW-Authenticate").orElse("").contains("insufficient_scope"));
    }

    /** A request to one of our protected endpoints with a DPoP-bound token and a proof for it (RFC 9449 §7). */
    private static HttpResponse<String> withProof(String method, String path, String body, String token, String nonce)
            throws Exception {
        JWTClaimsSet.Builder claims = proofClaims(method, path).claim("ath", ath(token));
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        List<String> headers = new java.util.ArrayList<>(List.of("Authorization", "DPoP " + token, "DPoP",
                proof(DPOP_KEY, claims.build())));
        if (body != null) {
            headers.addAll(List.of("Content-Type", body.startsWith("{") ? "application/json" : Http.FORM));
        }
        return Http.request(method, path, body, headers.toArray(String[]::new));
    }

    @Test
    void everyProtectedEndpointOfOursTakesDpopWithNoncesAndChallenges() throws Exception {
        // RFC 9449 §7, §9 (issue #17): not only userinfo - the admin API, introspection by access token and
        // registration with an initial access token take DPoP-bound tokens, ask for nonces and challenge with DPoP
        String body = form(Map.of("grant_type", "client_credentials", "client_id", "it-dpop-admin",
                "client_secret", TokenEndpointIT.POST_SECRET));
        String tokenNonce = postForm("/oauth/token", body, "DPoP", proof(DPOP_KEY, "POST", "/oauth/token"))
                .headers().firstValue("DPoP-Nonce").orElseThrow();
        HttpResponse<String> tokens = postForm("/oauth/token", body, "DPoP", proof(DPOP_KEY,
                proofClaims("POST", "/oauth/token").claim("nonce", tokenNonce).build()));
        assertEquals(200, tokens.statusCode(), tokens.body());
        String token = json(tokens).getString("access_token");

        String introspection = form(Map.of("token", token));
        String registration = "{\"grant_types\":[\"client_credentials\"],\"token_endpoint_auth_method\":"
                + "\"client_secret_basic\",\"scope\":\"api.read\",\"client_name\":\"registered with DPoP\"}";
        Map<String, Object[]> endpoints = new LinkedHashMap<>();
        endpoints.put("/admin/users", new Object[]{"GET", null, 200});
        endpoints.put("/oauth/introspect", new Object[]{"POST", introspection, 200});
        endpoints.put("/oauth/register", new Object[]{"POST", registration, 201});
        for (Map.Entry<String, Object[]> endpoint : endpoints.entrySet()) {
            String path = endpoint.getKey();
            String method = (String) endpoint.getValue()[0];
            String content = (String) endpoint.getValue()[1];
            HttpResponse<String> challenge = withProof(method, path, content, token, null);
            assertEquals(401, challenge.statusCode(), path + ": " + challenge.body());
            String header = challenge.headers().firstValue("WWW-Authenticate").orElse("");
            assertTrue(header.startsWith("DPoP algs=\"") && header.contains("ES256") && header.contains("EdDSA")
                    && header.contains("error=\"use_dpop_nonce\""), path + ": " + header);
            String nonce = challenge.headers().firstValue("DPoP-Nonce").orElseThrow();
            HttpResponse<String> answered = withProof(method, path, content, token, nonce);
            assertEquals(endpoint.getValue()[2], answered.statusCode(), path + ": " + answered.body());
            // the bound token as a bearer token: refused with a DPoP challenge that says why (RFC 9449 §7.2)
            List<String> bearer = new java.util.ArrayList<>(List.of("Authorization", "Bearer " + token));
            if (content != null) {
                bearer.addAll(List.of("Content-Type", content.startsWith("{") ? "application/json" : Http.FORM));
            }
            HttpResponse<String> asBearer = Http.request(method, path, content, bearer.toArray(String[]::new));
            assertEquals(401, asBearer.statusCode(), path + ": " + asBearer.body());
            assertTrue(asBearer.headers().firstValue("WWW-Authenticate").orElse("")
                    .matches("DPoP algs=\"[^\"]+\", error=\"invalid_token\".*"), path + ": " + asBearer.headers());
        }
        // what introspection says about the token: active, and bound to the key (RFC 7662 §2.2, RFC 9449 §6.2)
        String nonce = withProof("POST", "/oauth/introspect", introspection, token, null).headers()
                .firstValue("DPoP-Nonce").orElseThrow();
        JsonObject about = json(withProof("POST", "/oauth/introspect", introspection, token, nonce));
        assertTrue(about.getBoolean("active"), about.toString());
        assertEquals(thumbprint(DPOP_KEY), about.getJsonObject("cnf").getString("jkt"));
    }

    @Test
    void badProofsAreRefused() throws Exception {
        String replayed = proof(DPOP_KEY, "POST", "/oauth/token");
        assertEquals(200, clientCredentials(assertion(RSA, RS_CLIENT, c -> { }), "DPoP", replayed).statusCode());
        // issue #14: a proof dated 10 s ahead, as the conformance suite sends, is taken (default skew 15 s)
        HttpResponse<String> ahead = clientCredentials(assertion(RSA, RS_CLIENT, c -> { }), "DPoP", proof(DPOP_KEY,
                proofClaims("POST", "/oauth/token").issueTime(Date.from(Instant.now().plusSeconds(10))).build()));
        assertEquals(200, ahead.statusCode(), ahead.body());
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("replayed", new String[]{"DPoP", replayed});
        cases.put("wrong htu", new String[]{"DPoP", proof(DPOP_KEY, "POST", "/oauth/par")});
        cases.put("wrong htm", new String[]{"DPoP", proof(DPOP_KEY, "GET", "/oauth/token")});
        cases.put("stale iat", new String[]{"DPoP", proof(DPOP_KEY, proofClaims("POST", "/oauth/token")
                .issueTime(Date.from(Instant.now().minusSeconds(600))).build())});
        cases.put("iat a minute ahead", new String[]{"DPoP", proof(DPOP_KEY, proofClaims("POST", "/oauth/token")
                .issueTime(Date.from(Instant.now().plusSeconds(60))).build())});
        cases.put("private key in header", new String[]{"DPoP", privateKeyProof()});
        cases.put("two DPoP headers", new String[]{"DPoP", proof(DPOP_KEY, "POST", "/oauth/token"),
                "DPoP", proof(DPOP_KEY, "POST", "/oauth/token")});
        cases.put("wrong typ", new String[]{"DPoP", sign(DPOP_KEY, JWSAlgorithm.ES256, JOSEObjectType.JWT,
                DPOP_KEY.toPublicJWK(), proofClaims("POST", "/oauth/token").build())});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            HttpResponse<String> response = clientCredentials(assertion(RSA, RS_CLIENT, x -> { }), c.getValue());
            assertEquals(400, response.statusCode(), c.getKey() + ": " + response.body());
            assertEquals("invalid_dpop_proof", json(response).getString("error"), c.getKey());
        }
    }

    /** Nimbus will not put a private JWK in a header, so the proof is written by hand. */
    private static String privateKeyProof() throws JOSEException {
        String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + DPOP_KEY.toJSONString() + "}";
        String input = Base64URL.encode(header) + "." + Base64URL.encode(proofClaims("POST", "/oauth/token").build()
                .toString());
        return input + "." + new ECDSASigner(DPOP_KEY).sign(new JWSHeader(JWSAlgorithm.ES256),
                input.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void dpopJktBindsTheCodeToTheKeyThatMustRedeemIt() throws Exception {
        // RFC 9449 §10 (issue #14): the code is redeemed only with a proof by the key named in dpop_jkt
        Pkce pkce = Pkce.create();
        URI redirect = new UserAgent().authorize(form(Map.of("response_type", "code", "client_id", DPOP_SPA,
                "redirect_uri", SPA_REDIRECT, "scope", "openid", "state", "jkt", "code_challenge", pkce.challenge(),
                "code_challenge_method", "S256", "dpop_jkt", thumbprint(DPOP_KEY))), UserGrantsIT.USER,
                UserGrantsIT.PASSWORD);
        String body = form(Map.of("grant_type", "authorization_code", "client_id", DPOP_SPA, "code",
                UserAgent.parameter(redirect, "code"), "redirect_uri", SPA_REDIRECT, "code_verifier", pkce.verifier()));
        assertError(postForm("/oauth/token", body), 400, "invalid_grant");
        assertError(postForm("/oauth/token", body, "DPoP", proof(OTHER_DPOP_KEY, "POST", "/oauth/token")), 400,
                "invalid_grant");
        HttpResponse<String> tokens = postForm("/oauth/token", body, "DPoP", proof(DPOP_KEY, "POST", "/oauth/token"));
        assertEquals(200, tokens.statusCode(), "the refused attempts left the code usable: " + tokens.body());
        assertEquals("DPoP", json(tokens).getString("token_type"));
    }

    @Test
    void aDpopProofAtParBindsTheCodeAndMustAgreeWithDpopJkt() throws Exception {
        // RFC 9449 §10.1 (issue #14)
        Pkce pkce = Pkce.create();
        Map<String, String> body = withAssertion(assertion(EC, ES_CLIENT,
                c -> c.audience(Http.at("/oauth/par").toString())), authorizationRequest(pkce, "par-dpop"));
        String requestUri = pushedRequestUri(postForm("/oauth/par", form(body), "DPoP",
                proof(DPOP_KEY, "POST", "/oauth/par")));
        URI redirect = new UserAgent().authorize("client_id=" + ES_CLIENT + "&request_uri=" + encode(requestUri),
                UserGrantsIT.USER, UserGrantsIT.PASSWORD);
        String code = UserAgent.parameter(redirect, "code");
        Map<String, String> redemption = withAssertion(assertion(EC, ES_CLIENT, c -> { }), "grant_type",
                "authorization_code", "code", code, "redirect_uri", ES_REDIRECT, "code_verifier", pkce.verifier());
        assertError(postForm("/oauth/token", form(redemption), "DPoP", proof(OTHER_DPOP_KEY, "POST", "/oauth/token")),
                400, "invalid_grant");
        redemption.put("client_assertion", assertion(EC, ES_CLIENT, c -> { }));
        HttpResponse<String> tokens = postForm("/oauth/token", form(redemption), "DPoP",
                proof(DPOP_KEY, "POST", "/oauth/token"));
        assertEquals(200, tokens.statusCode(), tokens.body());

        Map<String, String> mismatch = withAssertion(assertion(EC, ES_CLIENT,
                c -> c.audience(Http.at("/oauth/par").toString())), authorizationRequest(Pkce.create(), "mismatch"));
        mismatch.put("dpop_jkt", thumbprint(OTHER_DPOP_KEY));
        assertError(postForm("/oauth/par", form(mismatch), "DPoP", proof(DPOP_KEY, "POST", "/oauth/par")), 400,
                "invalid_dpop_proof");
        Map<String, String> badProof = withAssertion(assertion(EC, ES_CLIENT,
                c -> c.audience(Http.at("/oauth/par").toString())), authorizationRequest(Pkce.create(), "bad"));
        assertError(postForm("/oauth/par", form(badProof), "DPoP", proof(DPOP_KEY, "POST", "/oauth/token")), 400,
                "invalid_dpop_proof");
    }

    @Test
    void aPublicClientsRefreshTokenIsBoundToItsDpopKeyAndUserinfoWantsTheProof() throws Exception {
        Pkce pkce = Pkce.create();
        URI redirect = new UserAgent().authorize(form(Map.of("response_type", "code", "client_id", DPOP_SPA,
                "redirect_uri", SPA_REDIRECT, "scope", "openid offline_access", "state", "s",
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256")), UserGrantsIT.USER,
                UserGrantsIT.PASSWORD);
        HttpResponse<String> tokens = postForm("/oauth/token", form(Map.of("grant_type", "authorization_code",
                "client_id", DPOP_SPA, "code", UserAgent.parameter(redirect, "code"), "redirect_uri", SPA_REDIRECT,
                "code_verifier", pkce.verifier())), "DPoP", proof(DPOP_KEY, "POST", "/oauth/token"));
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertEquals("DPoP", json(tokens).getString("token_type"));
        String refreshToken = json(tokens).getString("refresh_token");
        String accessToken = json(tokens).getString("access_token");

        String refresh = form(Map.of("grant_type", "refresh_token", "client_id", DPOP_SPA,
                "refresh_token", refreshToken));
        assertError(postForm("/oauth/token", refresh, "DPoP", proof(OTHER_DPOP_KEY, "POST", "/oauth/token")), 400,
                "invalid_dpop_proof");
        assertError(postForm("/oauth/token", refresh), 400, "invalid_dpop_proof");
        // the refused attempts did not spend it: the right key still refreshes
        HttpResponse<String> refreshed = postForm("/oauth/token", refresh, "DPoP", proof(DPOP_KEY, "POST",
                "/oauth/token"));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertEquals("DPoP", json(refreshed).getString("token_type"));

        // userinfo: DPoP scheme with a proof carrying ath; Bearer is refused for a bound token
        HttpResponse<String> info = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "DPoP " + accessToken, "DPoP", proof(DPOP_KEY, proofClaims("GET", "/oauth/userinfo")
                        .claim("ath", ath(accessToken)).build()));
        assertEquals(200, info.statusCode(), info.body());
        assertNotNull(json(info).getString("sub"));
        HttpResponse<String> asBearer = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "Bearer " + accessToken);
        assertEquals(401, asBearer.statusCode());
        assertTrue(asBearer.headers().firstValue("WWW-Authenticate").orElse("").startsWith("DPoP"));
        HttpResponse<String> noAth = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "DPoP " + accessToken, "DPoP", proof(DPOP_KEY, "GET", "/oauth/userinfo"));
        assertEquals(401, noAth.statusCode());
        assertTrue(noAth.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_dpop_proof"));
        HttpResponse<String> otherKey = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "DPoP " + accessToken, "DPoP", proof(OTHER_DPOP_KEY, proofClaims("GET", "/oauth/userinfo")
                        .claim("ath", ath(accessToken)).build()));
        assertEquals(401, otherKey.statusCode());
    }

    /** An assertion whose aud is a JSON array, even of one element (Nimbus writes a one-element list as a string). */
    private static String assertionWithAudienceArray(ECKey key, String clientId, List<String> audience) {
        Map<String, Object> payload = new LinkedHashMap<>(assertionClaims(clientId, "x").build().toJSONObject());
        payload.put("aud", new java.util.ArrayList<>(audience));
        try {
            com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256)
                    .keyID(key.getKeyID()).build(), new com.nimbusds.jose.Payload(payload));
            jws.sign(new ECDSASigner(key));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aClientUnderTheFapi2ProfileNamesTheIssuerAsAStringAtTheTokenEndpointAndAtPar() {
        // FAPI 2.0 Security Profile §5.3.2.1 (8) (issue #14: PAR took an array, and the token endpoint URL)
        String issuer = Http.base().toString();
        HttpResponse<String> bound = clientCredentials(assertion(EC, FAPI_CLIENT, c -> c.audience(issuer)),
                "DPoP", proof(DPOP_KEY, "POST", "/oauth/token"));
        assertEquals(200, bound.statusCode(), bound.body());
        // FAPI 2.0 Security Profile §5.3.2.1: only sender-constrained access tokens, so no bearer token
        assertError(clientCredentials(assertion(EC, FAPI_CLIENT, c -> c.audience(issuer))), 400,
                "invalid_dpop_proof");
        assertError(clientCredentials(assertion(EC, FAPI_CLIENT, c -> { })), 401, "invalid_client");
        assertError(clientCredentials(assertionWithAudienceArray(EC, FAPI_CLIENT, List.of(issuer))), 401,
                "invalid_client");

        Map<String, String> request = authorizationRequest(Pkce.create(), "fapi-aud");
        request.put("client_id", FAPI_CLIENT);
        for (String assertion : List.of(assertion(EC, FAPI_CLIENT, c -> c.audience(Http.at("/oauth/par").toString())),
                assertionWithAudienceArray(EC, FAPI_CLIENT, List.of(issuer)),
                assertion(EC, FAPI_CLIENT, c -> c.audience(List.of(issuer, Http.at("/oauth/token").toString()))))) {
            assertError(postForm("/oauth/par", form(withAssertion(assertion, request))), 401, "invalid_client");
        }
        pushedRequestUri(postForm("/oauth/par", form(withAssertion(assertion(EC, FAPI_CLIENT,
                c -> c.audience(issuer)), request))));
        // a client outside the profile keeps RFC 7523 §3 and RFC 9126 §2: its PAR helper names the PAR endpoint
        pushedRequestUri(par(authorizationRequest(Pkce.create(), "rfc-aud")));
    }

    @Test
    void aFapi2ClientsDpopProofsAreNeverRs256() throws Exception {
        // FAPI 2.0 Security Profile §5.4.1: PS256 or ES256; an RS256 proof of another client is fine
        String issuer = Http.base().toString();
        JWTClaimsSet claims = proofClaims("POST", "/oauth/token").build();
        String rs256Proof = sign(RSA, JWSAlgorithm.RS256, new JOSEObjectType("dpop+jwt"), RSA.toPublicJWK(), claims);
        HttpResponse<String> refused = clientCredentials(assertion(EC, FAPI_CLIENT, c -> c.audience(issuer)),
                "DPoP", rs256Proof);
        assertError(refused, 400, "invalid_dpop_proof");
        String ps256Proof = sign(RSA, JWSAlgorithm.PS256, new JOSEObjectType("dpop+jwt"), RSA.toPublicJWK(),
                proofClaims("POST", "/oauth/token").build());
        HttpResponse<String> served = clientCredentials(assertion(EC, FAPI_CLIENT, c -> c.audience(issuer)),
                "DPoP", ps256Proof);
        assertEquals(200, served.statusCode(), served.body());
        assertEquals("DPoP", json(served).getString("token_type"));
        // the same rule where the token is used (the conformance suite's dpop-negative-tests): an RS256 proof by the
        // token's own key is refused at our resource endpoints; a PS256 one passes the DPoP check (and then meets
        // the scope check: a client_credentials token is not for userinfo)
        String token = json(served).getString("access_token");
        HttpResponse<String> rs256AtUserinfo = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "DPoP " + token, "DPoP", sign(RSA, JWSAlgorithm.RS256, new JOSEObjectType("dpop+jwt"),
                        RSA.toPublicJWK(), proofClaims("GET", "/oauth/userinfo").claim("ath", ath(token)).build()));
        assertEquals(401, rs256AtUserinfo.statusCode(), rs256AtUserinfo.body());
        assertTrue(rs256AtUserinfo.headers().firstValue("WWW-Authenticate").orElseThrow()
                .contains("error=\"invalid_dpop_proof\""), rs256AtUserinfo.headers().toString());
        HttpResponse<String> ps256AtUserinfo = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "DPoP " + token, "DPoP", sign(RSA, JWSAlgorithm.PS256, new JOSEObjectType("dpop+jwt"),
                        RSA.toPublicJWK(), proofClaims("GET", "/oauth/userinfo").claim("ath", ath(token)).build()));
        assertEquals(403, ps256AtUserinfo.statusCode(), ps256AtUserinfo.body());
        HttpResponse<String> other = clientCredentials(assertion(EC, ES_CLIENT, c -> { }), "DPoP",
                sign(RSA, JWSAlgorithm.RS256, new JOSEObjectType("dpop+jwt"), RSA.toPublicJWK(),
                        proofClaims("POST", "/oauth/token").build()));
        assertEquals(200, other.statusCode(), other.body());
    }

    @Test
    void eddsaSignsClientAssertionsAndDpopProofsAtTheTokenEndpointParAndUserinfo() throws Exception {
        // RFC 8037 §3.1; the FAPI 2.0 Security Profile allows EdDSA with Ed25519 (§5.4.1)
        OctetKeyPair dpopKey = new com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator(com.nimbusds.jose.jwk.Curve.Ed25519)
                .generate();
        JOSEObjectType dpopJwt = new JOSEObjectType("dpop+jwt");
        String assertion = sign(ED, JWSAlgorithm.EdDSA, null, null, assertionClaims("it-pkjwt-ed",
                Http.at("/oauth/token").toString()).build());
        HttpResponse<String> tokens = clientCredentials(assertion, "DPoP", sign(dpopKey, JWSAlgorithm.EdDSA, dpopJwt,
                dpopKey.toPublicJWK(), proofClaims("POST", "/oauth/token").build()));
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertEquals("DPoP", json(tokens).getString("token_type"));
        String token = json(tokens).getString("access_token");
        assertEquals(dpopKey.toPublicJWK().computeThumbprint().toString(),
                SignedJWT.parse(token).getJWTClaimsSet().getJSONObjectClaim("cnf").get("jkt"));
        // the client registered EdDSA only, and an Ed25519 key that is not its own signs nothing for it
        assertError(clientCredentials(sign(EC, JWSAlgorithm.ES256, null, null, assertionClaims("it-pkjwt-ed",
                Http.at("/oauth/token").toString()).build())), 401, "invalid_client");
        OctetKeyPair impostor = new com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator(com.nimbusds.jose.jwk.Curve.Ed25519)
                .keyID(ED.getKeyID()).generate();
        assertError(clientCredentials(sign(impostor, JWSAlgorithm.EdDSA, null, null, assertionClaims("it-pkjwt-ed",
                Http.at("/oauth/token").toString()).build())), 401, "invalid_client");

        // userinfo (RFC 9449 §7): the EdDSA proof passes; a client_credentials token then meets the scope check
        HttpResponse<String> info = Http.request("GET", "/oauth/userinfo", null, "Authorization", "DPoP " + token,
                "DPoP", sign(dpopKey, JWSAlgorithm.EdDSA, dpopJwt, dpopKey.toPublicJWK(),
                        proofClaims("GET", "/oauth/userinfo").claim("ath", ath(token)).build()));
        assertEquals(403, info.statusCode(), info.body());
        assertTrue(info.headers().firstValue("WWW-Authenticate").orElse("").contains("insufficient_scope"));
        // the DPoP challenge names EdDSA among the algorithms (RFC 9449 §7.1)
        HttpResponse<String> wrongKey = Http.request("GET", "/oauth/userinfo", null, "Authorization", "DPoP " + token,
                "DPoP", proof(DPOP_KEY, proofClaims("GET", "/oauth/userinfo").claim("ath", ath(token)).build()));
        assertEquals(401, wrongKey.statusCode(), wrongKey.body());
        assertTrue(wrongKey.headers().firstValue("WWW-Authenticate").orElse("").contains("EdDSA"),
                wrongKey.headers().toString());

        // PAR (RFC 9449 §10.1): an EdDSA proof binds the code as any other
        Map<String, String> pushed = withAssertion(assertion(EC, ES_CLIENT,
                c -> c.audience(Http.at("/oauth/par").toString())), authorizationRequest(Pkce.create(), "ed-par"));
        pushedRequestUri(postForm("/oauth/par", form(pushed), "DPoP", sign(dpopKey, JWSAlgorithm.EdDSA, dpopJwt,
                dpopKey.toPublicJWK(), proofClaims("POST", "/oauth/par").build())));

        // a client under the FAPI 2.0 profile may prove with EdDSA too
        HttpResponse<String> fapi = clientCredentials(assertion(EC, FAPI_CLIENT, c -> c.audience(Http.base().toString())),
                "DPoP", sign(dpopKey, JWSAlgorithm.EdDSA, dpopJwt, dpopKey.toPublicJWK(),
                        proofClaims("POST", "/oauth/token").build()));
        assertEquals(200, fapi.statusCode(), fapi.body());
        assertEquals("DPoP", json(fapi).getString("token_type"));
    }

    // ---------------------------------------------------------------- PAR and request objects

    private static HttpResponse<String> par(Map<String, String> parameters) {
        Map<String, String> body = new LinkedHashMap<>(parameters);
        body.put("client_assertion_type", JWT_BEARER);
        body.put("client_assertion", assertion(EC, ES_CLIENT, c -> c.audience(Http.at("/oauth/par").toString())));
        return postForm("/oauth/par", form(body));
    }

    private static Map<String, String> authorizationRequest(Pkce pkce, String state) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", ES_CLIENT);
        p.put("redirect_uri", ES_REDIRECT);
        p.put("scope", "openid offline_access");
        p.put("state", state);
        p.put("code_challenge", pkce.challenge());
        p.put("code_challenge_method", "S256");
        return p;
    }

    private static String pushedRequestUri(HttpResponse<String> response) {
        assertEquals(201, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        JsonObject body = json(response);
        assertEquals(60, body.getInt("expires_in"));
        String requestUri = body.getString("request_uri");
        assertTrue(requestUri.startsWith("urn:ietf:params:oauth:request_uri:"), requestUri);
        return requestUri;
    }

    private static HttpResponse<String> redeem(String code, Pkce pkce) {
        Map<String, String> body = withAssertion(assertion(EC, ES_CLIENT, c -> { }), "grant_type",
                "authorization_code", "code", code, "redirect_uri", ES_REDIRECT, "code_verifier", pkce.verifier());
        return postForm("/oauth/token", form(body), "DPoP", proof(DPOP_KEY, "POST", "/oauth/token"));
    }

    @Test
    void pushThenAuthorizeWithTheRequestUriInARealBrowser() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.availableOrRequired(),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        Pkce pkce = Pkce.create();
        String state = UUID.randomUUID().toString();
        String requestUri = pushedRequestUri(par(authorizationRequest(pkce, state)));
        String authorize = Http.at("/oauth/authorize") + "?client_id=" + ES_CLIENT + "&request_uri="
                + encode(requestUri);
        WebDriver browser = HeadlessChromium.start();
        try (LoopbackCallback callback = new LoopbackCallback(9877, "/callback")) {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(authorize);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.name("password")));
            browser.findElement(By.name("username")).sendKeys(UserGrantsIT.USER);
            browser.findElement(By.name("password")).sendKeys(UserGrantsIT.PASSWORD);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            URI redirect = callback.await();
            assertEquals(state, UserAgent.parameter(redirect, "state"));
            HttpResponse<String> tokens = redeem(UserAgent.parameter(redirect, "code"), pkce);
            assertEquals(200, tokens.statusCode(), tokens.body());
            assertEquals("DPoP", json(tokens).getString("token_type"));
        } finally {
            browser.quit();
        }
        // RFC 9126 §4: spent once the authorization completed
        HttpResponse<String> again = new UserAgent().get(URI.create(authorize));
        assertEquals(400, again.statusCode());
    }

    @Test
    void aRequestUriWorksOnceAndOnlyForItsClient() {
        Pkce pkce = Pkce.create();
        String requestUri = pushedRequestUri(par(authorizationRequest(pkce, "once")));
        // another client cannot use it
        HttpResponse<String> foreign = new UserAgent().get(Http.at("/oauth/authorize?client_id=it-spa&request_uri="
                + encode(requestUri)));
        assertEquals(400, foreign.statusCode());

        String query = "client_id=" + ES_CLIENT + "&request_uri=" + encode(requestUri);
        URI redirect = new UserAgent().authorize(query, UserGrantsIT.USER, UserGrantsIT.PASSWORD);
        assertTrue(redirect.toString().startsWith(ES_REDIRECT), redirect.toString());
        assertEquals("once", UserAgent.parameter(redirect, "state"));
        assertEquals(200, redeem(UserAgent.parameter(redirect, "code"), pkce).statusCode());

        HttpResponse<String> reused = new UserAgent().get(Http.at("/oauth/authorize?" + query));
        assertEquals(400, reused.statusCode());
        assertTrue(reused.body().contains("already used"), reused.body());
    }

    @Test
    void aPushedRequestSurvivesAReloadAndGivesOneCode() {
        // RFC 9126 §4 (issue #14): usable until the authorization completes, spent then, once
        Pkce pkce = Pkce.create();
        String query = "client_id=" + ES_CLIENT + "&request_uri="
                + encode(pushedRequestUri(par(authorizationRequest(pkce, "reload"))));
        UserAgent browser = new UserAgent();
        browser.signInPage(query);
        HttpResponse<String> reloaded = browser.signInPage(query);
        UserAgent otherBrowser = new UserAgent();
        HttpResponse<String> otherPage = otherBrowser.signInPage(query);

        URI redirect = browser.follow(browser.signIn(reloaded, UserGrantsIT.USER, UserGrantsIT.PASSWORD),
                UserGrantsIT.USER, UserGrantsIT.PASSWORD);
        assertEquals("reload", UserAgent.parameter(redirect, "state"), redirect.toString());
        assertEquals(200, redeem(UserAgent.parameter(redirect, "code"), pkce).statusCode());

        // the same request finished elsewhere: no second code, nothing sent to the client
        HttpResponse<String> late = otherBrowser.signIn(otherPage, UserGrantsIT.USER, UserGrantsIT.PASSWORD);
        assertEquals(400, late.statusCode(), late.body());
        assertTrue(late.headers().firstValue("Location").isEmpty());
        assertEquals(400, new UserAgent().get(Http.at("/oauth/authorize?" + query)).statusCode(), "spent");
    }

    @Test
    void aClientThatMustPushIsRefusedADirectRequest() {
        Map<String, String> direct = authorizationRequest(Pkce.create(), "direct");
        HttpResponse<String> response = new UserAgent().get(Http.at("/oauth/authorize?" + form(direct)));
        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("RFC 9126"), response.body());
    }

    @Test
    void aPushedRequestObjectIsVerifiedAndItsParametersWin() {
        Pkce pkce = Pkce.create();
        Instant now = Instant.now();
        JWTClaimsSet.Builder inside = new JWTClaimsSet.Builder().issuer(ES_CLIENT).audience(Http.base().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(120)));
        authorizationRequest(pkce, "inside").forEach(inside::claim);
        String requestObject = sign(EC, JWSAlgorithm.ES256, null, null, inside.build());
        String requestUri = pushedRequestUri(par(Map.of("client_id", ES_CLIENT, "state", "outside",
                "request", requestObject)));
        URI redirect = new UserAgent().authorize("client_id=" + ES_CLIENT + "&request_uri=" + encode(requestUri),
                UserGrantsIT.USER, UserGrantsIT.PASSWORD);
        assertEquals("inside", UserAgent.parameter(redirect, "state"));

        // signed by a key the client did not register
        String forged = sign(generate(), JWSAlgorithm.ES256, null, null, inside.build());
        assertError(par(Map.of("client_id", ES_CLIENT, "request", forged)), 400, "invalid_request_object");
    }

    @Test
    void parNeedsClientAuthenticationAndAValidRequest() {
        HttpResponse<String> anonymous = postForm("/oauth/par", form(Map.of("client_id", ES_CLIENT,
                "response_type", "code")));
        assertError(anonymous, 401, "invalid_client");
        Map<String, String> badRedirect = authorizationRequest(Pkce.create(), "x");
        badRedirect.put("redirect_uri", "https://evil.example.com/cb");
        assertError(par(badRedirect), 400, "invalid_request");
        Map<String, String> badScope = authorizationRequest(Pkce.create(), "x");
        badScope.put("scope", "jeton.admin");
        assertError(par(badScope), 400, "invalid_scope");
    }

    @Test
    void discoveryPublishesTheStrongClientMetadata() {
        JsonObject doc = json(Http.get("/.well-known/openid-configuration"));
        assertEquals(Http.at("/oauth/par").toString(), doc.getString("pushed_authorization_request_endpoint"));
        assertEquals(false, doc.getBoolean("require_pushed_authorization_requests"));
        assertTrue(doc.getBoolean("request_parameter_supported"));
        for (String name : List.of("dpop_signing_alg_values_supported", "request_object_signing_alg_values_supported",
                "token_endpoint_auth_signing_alg_values_supported")) {
            List<String> algs = doc.getJsonArray(name).getValuesAs(jakarta.json.JsonString.class).stream()
                    .map(jakarta.json.JsonString::getString).toList();
            assertTrue(algs.containsAll(List.of("RS256", "PS256", "ES256", "EdDSA")), name);
            assertTrue(algs.stream().noneMatch(a -> a.startsWith("HS") || a.equals("none")), name);
        }
    }

    // ---------------------------------------------------------------- mutual TLS (RFC 8705)

    /** The name it-mtls-ca registered (tls_client_auth_subject_dn). */
    static final String MTLS_DN = "CN=it-mtls-client,O=Jeton IT";

    private static String clientCredentialsFor(String clientId, String scope) {
        return form(Map.of("grant_type", "client_credentials", "client_id", clientId, "scope", scope));
    }

    private static String thumbprint(dev.jeton.mtls.TestCertificates.Issued certificate) {
        return certificate.asClientCertificate().thumbprint();
    }

    private static String cnfX5t(String accessToken) throws Exception {
        Object cnf = SignedJWT.parse(accessToken).getJWTClaimsSet().getJSONObjectClaim("cnf").get("x5t#S256");
        return (String) cnf;
    }

    @Test
    void tlsClientAuthGetsTokensBoundToItsCertificateThatOnlyItsCertificateCanUse() throws Exception {
        var certificate = dev.jeton.mtls.TestCertificates.issue(MutualTls.ca(), MTLS_DN);
        var client = MutualTls.client(certificate);
        HttpResponse<String> response = MutualTls.postForm(client, "/oauth/token",
                clientCredentialsFor("it-mtls-ca", "jeton.admin jeton.introspect"));
        assertEquals(200, response.statusCode(), response.body());
        String token = json(response).getString("access_token");
        assertEquals("Bearer", json(response).getString("token_type"));
        // RFC 8705 §3.1: the SHA-256 thumbprint of the certificate of this connection
        assertEquals(thumbprint(certificate), cnfX5t(token));

        // our own bearer endpoint (BearerAuthentication, as userinfo): the same certificate, then another one
        assertEquals(200, MutualTls.get(client, "/admin/users", "Authorization", "Bearer " + token).statusCode());
        var other = dev.jeton.mtls.TestCertificates.issue(MutualTls.ca(), MTLS_DN);
        HttpResponse<String> stolen = MutualTls.get(MutualTls.client(other), "/admin/users",
                "Authorization", "Bearer " + token);
        assertEquals(401, stolen.statusCode(), stolen.body());
        assertEquals("invalid_token", json(stolen).getString("error"));
        assertTrue(stolen.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        assertEquals(401, MutualTls.get(MutualTls.client(null), "/admin/users",
                "Authorization", "Bearer " + token).statusCode(), "no certificate at all");
        assertEquals(401, Http.request("GET", "/admin/users", null, "Authorization", "Bearer " + token)
                .statusCode(), "plain HTTP");

        // RFC 7662 §2.2, RFC 8705 §3.2: introspection (here authenticated with tls_client_auth too) returns cnf
        HttpResponse<String> introspection = MutualTls.postForm(client, "/oauth/introspect",
                form(Map.of("token", token, "client_id", "it-mtls-ca")));
        assertEquals(200, introspection.statusCode(), introspection.body());
        assertTrue(json(introspection).getBoolean("active"));
        assertEquals(thumbprint(certificate), json(introspection).getJsonObject("cnf").getString("x5t#S256"));
    }

    @Test
    void tlsClientAuthBySubjectAltNameGetsBearerTokensWhenNotRegisteredForBoundOnes() throws Exception {
        var certificate = dev.jeton.mtls.TestCertificates.issue(MutualTls.ca(), "CN=anything",
                new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.dNSName,
                        "client.it.example"));
        HttpResponse<String> response = MutualTls.postForm(MutualTls.client(certificate), "/oauth/token",
                clientCredentialsFor("it-mtls-san", "api.read"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(null, SignedJWT.parse(json(response).getString("access_token")).getJWTClaimsSet()
                .getClaim("cnf"));
    }

    @Test
    void tlsClientAuthRefusesAWrongNameNoCertificateAnUntrustedCaAndAnExpiredCertificate() throws Exception {
        String body = clientCredentialsFor("it-mtls-ca", "api.read");
        try (AuditQueue queue = new AuditQueue()) {
            Map<String, dev.jeton.mtls.TestCertificates.Issued> refused = new LinkedHashMap<>();
            refused.put("certificate_name_mismatch",
                    dev.jeton.mtls.TestCertificates.issue(MutualTls.ca(), "CN=someone-else,O=Jeton IT"));
            refused.put("certificate_missing", null);
            // the listener accepts the other CA (it is in its trust store), tls_client_auth does not trust it
            refused.put("certificate_untrusted", dev.jeton.mtls.TestCertificates.issue(MutualTls.otherCa(), MTLS_DN));
            for (Map.Entry<String, dev.jeton.mtls.TestCertificates.Issued> attempt : refused.entrySet()) {
                HttpResponse<String> response = MutualTls.postForm(MutualTls.client(attempt.getValue()),
                        "/oauth/token", body);
                assertError(response, 401, "invalid_client");
                queue.await(e -> "token_denied".equals(e.getString("event"))
                        && attempt.getKey().equals(e.getString("reason", null)));
            }
        }
        // an expired certificate: the TLS stack ends the handshake (its trust manager checks validity), or
        // Jeton refuses it; never a token
        Instant now = Instant.now();
        var expired = dev.jeton.mtls.TestCertificates.issue(MutualTls.ca(), MTLS_DN, now.minus(Duration.ofDays(2)),
                now.minus(Duration.ofDays(1)));
        try {
            assertError(MutualTls.postForm(MutualTls.client(expired), "/oauth/token", body), 401, "invalid_client");
        } catch (IOException handshakeRefused) {
            // TLS 1.3: the server checks the client's certificate after the client has finished its side of the
            // handshake, so the refusal reaches the client as a connection closed before any response
            // ("header parser received no bytes"), or as an SSLException; either way no token
            assertTrue(handshakeRefused.getMessage() != null || handshakeRefused.getCause() != null,
                    handshakeRefused.toString());
        }
    }

    @Test
    void selfSignedTlsClientAuthAcceptsOnlyACertificateOfARegisteredKey() throws Exception {
        // both self-signed certificates are in the listener's trust store (ItTlsMaterial); only one has the key
        // it-mtls-self registered (RFC 8705 §2.2)
        var registered = MutualTls.read("self-signed.p12", "client");
        HttpResponse<String> ok = MutualTls.postForm(MutualTls.client(registered), "/oauth/token",
                clientCredentialsFor("it-mtls-self", "api.read"));
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(thumbprint(registered), cnfX5t(json(ok).getString("access_token")));
        var other = MutualTls.read("self-signed-other.p12", "client");
        assertError(MutualTls.postForm(MutualTls.client(other), "/oauth/token",
                clientCredentialsFor("it-mtls-self", "api.read")), 401, "invalid_client");
    }

    @Test
    void aProxysCertificateHeaderIsBelievedFromATrustedProxyOnly() throws Exception {
        var certificate = dev.jeton.mtls.TestCertificates.issue(MutualTls.ca(), MTLS_DN);
        // nginx's $ssl_client_escaped_cert: the PEM, URL-encoded
        String header = URLEncoder.encode(certificate.pem(), StandardCharsets.UTF_8).replace("+", "%20");
        String body = clientCredentialsFor("it-mtls-ca", "api.read");
        try (AuditQueue queue = new AuditQueue()) {
            // from 127.0.0.1, which is not jeton.mtls.trusted-proxies: ignored, so no certificate at all
            String[] untrusted = MutualTls.postFrom("127.0.0.1", "/oauth/token", body, "X-Client-Cert", header);
            assertTrue(untrusted[0].contains(" 401"), untrusted[0] + " " + untrusted[1]);
            AuditQueue.Received ignored = queue.await(e -> "client_certificate_header_ignored"
                    .equals(e.getString("event")));
            assertEquals("untrusted_peer", ignored.body().getString("reason"));
            assertTrue(!ignored.body().toString().contains(certificate.pem().substring(30, 90)),
                    "the header's value is not in the audit event");

            // from 127.0.0.2, the trusted proxy: the certificate counts as the connection's
            String[] trusted = MutualTls.postFrom("127.0.0.2", "/oauth/token", body, "X-Client-Cert", header);
            assertTrue(trusted[0].contains(" 200"), trusted[0] + " " + trusted[1]);
            String token = jakarta.json.Json.createReader(new java.io.StringReader(trusted[1])).readObject()
                    .getString("access_token");
            assertEquals(thumbprint(certificate), cnfX5t(token));

            // what the proxy forwards is checked like a connection's certificate: an expired one is refused
            Instant now = Instant.now();
            var expired = dev.jeton.mtls.TestCertificates.issue(MutualTls.ca(), MTLS_DN,
                    now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
            String[] late = MutualTls.postFrom("127.0.0.2", "/oauth/token", body, "X-Client-Cert",
                    URLEncoder.encode(expired.pem(), StandardCharsets.UTF_8));
            assertTrue(late[0].contains(" 401"), late[0] + " " + late[1]);
            queue.await(e -> "token_denied".equals(e.getString("event"))
                    && "certificate_not_valid_now".equals(e.getString("reason", null)));
        }
    }

    /** The alias of {@code endpoint} that discovery publishes (RFC 8705 §5), checked to be the HTTPS listener's. */
    private static String alias(String endpoint, String path) {
        JsonObject aliases = json(Http.get("/.well-known/oauth-authorization-server"))
                .getJsonObject("mtls_endpoint_aliases");
        assertNotNull(aliases, "jeton.mtls.endpoint-alias-base is set for the IT server (arquillian.xml)");
        String alias = aliases.getString(endpoint);
        assertEquals(MutualTls.https(path).toString(), alias, endpoint);
        return URI.create(alias).getRawPath();
    }

    @Test
    void discoveryListsTheMtlsEndpointAliasesAndTheTokenEndpointThereTakesCertificates() throws Exception {
        // RFC 8705 §5: the endpoints a client reaches with its certificate, when they are elsewhere than the plain ones
        JsonObject aliases = json(Http.get("/.well-known/openid-configuration")).getJsonObject("mtls_endpoint_aliases");
        for (String[] endpoint : List.of(new String[]{"token_endpoint", "/oauth/token"},
                new String[]{"pushed_authorization_request_endpoint", "/oauth/par"},
                new String[]{"userinfo_endpoint", "/oauth/userinfo"},
                new String[]{"introspection_endpoint", "/oauth/introspect"},
                new String[]{"revocation_endpoint", "/oauth/revoke"},
                new String[]{"device_authorization_endpoint", "/oauth/device_authorization"})) {
            assertEquals(MutualTls.https(endpoint[1]).toString(), aliases.getString(endpoint[0]), endpoint[0]);
        }
        var certificate = dev.jeton.mtls.TestCertificates.issue(MutualTls.ca(), MTLS_DN);
        HttpResponse<String> response = MutualTls.postForm(MutualTls.client(certificate),
                alias("token_endpoint", "/oauth/token"), clientCredentialsFor("it-mtls-ca", "api.read"));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(thumbprint(certificate), cnfX5t(json(response).getString("access_token")));
        // a private_key_jwt client there may name the alias it used as the assertion's audience (RFC 7523 §3)
        String aliasUrl = MutualTls.https("/oauth/token").toString();
        HttpResponse<String> pkjwt = MutualTls.postForm(MutualTls.client(null), "/oauth/token", form(withAssertion(
                assertion(RSA, RS_CLIENT, c -> c.audience(aliasUrl)), "grant_type", "client_credentials")));
        assertEquals(200, pkjwt.statusCode(), pkjwt.body());
    }

    @Test
    void parOverMutualTlsThenTheCodeFlowEndsInCertificateBoundTokens() throws Exception {
        // RFC 9126 §2 with RFC 8705 §2.1 client authentication at the PAR endpoint's alias; RFC 8705 §3 binding
        var certificate = dev.jeton.mtls.TestCertificates.issue(MutualTls.ca(), "CN=it-mtls-code,O=Jeton IT");
        var client = MutualTls.client(certificate);
        Pkce pkce = Pkce.create();
        Map<String, String> request = authorizationRequest(pkce, "mtls-par");
        request.put("client_id", "it-mtls-code");
        String par = alias("pushed_authorization_request_endpoint", "/oauth/par");
        assertError(MutualTls.postForm(MutualTls.client(null), par, form(request)), 401, "invalid_client");
        String requestUri = pushedRequestUri(MutualTls.postForm(client, par, form(request)));

        URI redirect = new UserAgent().authorize("client_id=it-mtls-code&request_uri=" + encode(requestUri),
                UserGrantsIT.USER, UserGrantsIT.PASSWORD);
        assertEquals("mtls-par", UserAgent.parameter(redirect, "state"));
        String token = alias("token_endpoint", "/oauth/token");
        HttpResponse<String> tokens = MutualTls.postForm(client, token, form(Map.of("grant_type", "authorization_code",
                "client_id", "it-mtls-code", "code", UserAgent.parameter(redirect, "code"), "redirect_uri", ES_REDIRECT,
                "code_verifier", pkce.verifier())));
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertEquals("Bearer", json(tokens).getString("token_type"));
        String accessToken = json(tokens).getString("access_token");
        assertEquals(thumbprint(certificate), cnfX5t(accessToken));

        // userinfo (RFC 8705 §3): with the certificate, and not with another one the same CA issued to the same name
        String userinfo = alias("userinfo_endpoint", "/oauth/userinfo");
        HttpResponse<String> info = MutualTls.get(client, userinfo, "Authorization", "Bearer " + accessToken);
        assertEquals(200, info.statusCode(), info.body());
        assertNotNull(json(info).getString("sub"));
        var other = dev.jeton.mtls.TestCertificates.issue(MutualTls.ca(), "CN=it-mtls-code,O=Jeton IT");
        HttpResponse<String> stolen = MutualTls.get(MutualTls.client(other), userinfo, "Authorization",
                "Bearer " + accessToken);
        assertEquals(401, stolen.statusCode(), stolen.body());
        assertTrue(stolen.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));

        // refresh: the client authenticates with its certificate again, and the new access token is bound to it
        String refresh = form(Map.of("grant_type", "refresh_token", "client_id", "it-mtls-code",
                "refresh_token", json(tokens).getString("refresh_token")));
        assertError(MutualTls.postForm(MutualTls.client(null), token, refresh), 401, "invalid_client");
        HttpResponse<String> refreshed = MutualTls.postForm(client, token, refresh);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertEquals(thumbprint(certificate), cnfX5t(json(refreshed).getString("access_token")));
    }

    @Test
    void aPublicClientsRefreshTokenIsBoundToItsCertificate() throws Exception {
        // RFC 8705 §4: a public client cannot authenticate, so its refresh tokens are bound to the certificate the
        // tokens were first issued over; the listener accepts any certificate of the IT CA, whatever its name
        var certificate = dev.jeton.mtls.TestCertificates.issue(MutualTls.ca(), "CN=some-app-instance");
        Pkce pkce = Pkce.create();
        URI redirect = new UserAgent().authorize(form(Map.of("response_type", "code", "client_id", "it-mtls-public",
                "redirect_uri", ES_REDIRECT, "scope", "openid offline_access", "state", "pub",
                "code_challenge", pkce.challenge(), "code_challenge_method", "S256")), UserGrantsIT.USER,
                UserGrantsIT.PASSWORD);
        HttpResponse<String> tokens = MutualTls.postForm(MutualTls.client(certificate), "/oauth/token",
                form(Map.of("grant_type", "authorization_code", "client_id", "it-mtls-public", "code",
                        UserAgent.parameter(redirect, "code"), "redirect_uri", ES_REDIRECT,
                        "code_verifier", pkce.verifier())));
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertEquals(thumbprint(certificate), cnfX5t(json(tokens).getString("access_token")));

        String refresh = form(Map.of("grant_type", "refresh_token", "client_id", "it-mtls-public",
                "refresh_token", json(tokens).getString("refresh_token")));
        var another = dev.jeton.mtls.TestCertificates.issue(MutualTls.ca(), "CN=some-app-instance");
        assertError(MutualTls.postForm(MutualTls.client(another), "/oauth/token", refresh), 400, "invalid_grant");
        assertError(MutualTls.postForm(MutualTls.client(null), "/oauth/token", refresh), 400, "invalid_request");
        // the refused attempts did not spend it
        HttpResponse<String> refreshed = MutualTls.postForm(MutualTls.client(certificate), "/oauth/token", refresh);
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertEquals(thumbprint(certificate), cnfX5t(json(refreshed).getString("access_token")));
    }

    @Test
    void bothMutualTlsMethodsCanBeRegisteredDynamicallyAndAuthenticateAtOnce() throws Exception {
        // RFC 8705 §2.1.2, §2.2.2 metadata in dynamic registration (RFC 7591), as in the clients file
        HttpResponse<String> initial = postForm("/oauth/token", form(Map.of("grant_type", "client_credentials",
                "scope", "jeton.register")), "Authorization", Http.basic("it-registrar", TokenEndpointIT.POST_SECRET));
        assertEquals(200, initial.statusCode(), initial.body());
        String bearer = "Bearer " + json(initial).getString("access_token");
        java.util.function.Function<String, HttpResponse<String>> register = metadata -> Http.request("POST",
                "/oauth/register", metadata.replace('\'', '"'), "Content-Type", "application/json",
                "Authorization", bearer);

        HttpResponse<String> byName = register.apply("{'token_endpoint_auth_method':'tls_client_auth',"
                + "'tls_client_auth_san_dns':'registered.it.example','tls_client_certificate_bound_access_tokens':true,"
                + "'grant_types':['client_credentials'],'scope':'api.read'}");
        assertEquals(201, byName.statusCode(), byName.body());
        assertEquals("registered.it.example", json(byName).getString("tls_client_auth_san_dns"));
        var named = dev.jeton.mtls.TestCertificates.issue(MutualTls.ca(), "CN=anything",
                new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.dNSName,
                        "registered.it.example"));
        HttpResponse<String> token = MutualTls.postForm(MutualTls.client(named), "/oauth/token",
                clientCredentialsFor(json(byName).getString("client_id"), "api.read"));
        assertEquals(200, token.statusCode(), token.body());
        assertEquals(thumbprint(named), cnfX5t(json(token).getString("access_token")));

        HttpResponse<String> selfSigned = register.apply("{'token_endpoint_auth_method':'self_signed_tls_client_auth',"
                + "'jwks':{'keys':[" + EC.toPublicJWK().toJSONString().replace('"', '\'') + "]},"
                + "'grant_types':['client_credentials'],'scope':'api.read'}");
        assertEquals(201, selfSigned.statusCode(), selfSigned.body());
        HttpResponse<String> selfToken = MutualTls.postForm(MutualTls.client(MutualTls.read("self-signed.p12",
                "client")), "/oauth/token", clientCredentialsFor(json(selfSigned).getString("client_id"), "api.read"));
        assertEquals(200, selfToken.statusCode(), selfToken.body());
        assertError(MutualTls.postForm(MutualTls.client(MutualTls.read("self-signed-other.p12", "client")),
                "/oauth/token", clientCredentialsFor(json(selfSigned).getString("client_id"), "api.read")), 401,
                "invalid_client");

        // exactly one name for tls_client_auth (RFC 8705 §2.1.2), keys for self_signed_tls_client_auth (§2.2.2)
        for (String refused : List.of("{'token_endpoint_auth_method':'tls_client_auth','grant_types':"
                        + "['client_credentials']}",
                "{'token_endpoint_auth_method':'tls_client_auth','tls_client_auth_san_dns':'a.example',"
                        + "'tls_client_auth_subject_dn':'CN=a','grant_types':['client_credentials']}",
                "{'token_endpoint_auth_method':'self_signed_tls_client_auth','grant_types':['client_credentials']}")) {
            assertError(register.apply(refused), 400, "invalid_client_metadata");
        }
    }
}
