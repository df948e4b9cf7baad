package dev.jeton.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
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

import java.net.URI;
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

import static dev.jeton.it.Http.form;
import static dev.jeton.it.Http.json;
import static dev.jeton.it.Http.postForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The device authorization grant (RFC 8628) with its pages in a real headless Chromium while the
 * test polls the token endpoint, and token exchange (RFC 8693). The test server hands out device
 * codes that live 45 s with a polling interval of 1 s (arquillian.xml).
 */
@ExtendWith(ArquillianExtension.class)
class DeviceAndExchangeIT {

    static final String TV = "it-tv";
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    static final long CODE_TTL_SECONDS = 45;
    static final String USER = UserGrantsIT.USER;
    static final String PASSWORD = UserGrantsIT.PASSWORD;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return JetonWar.packaged();
    }

    /** A device's view of §3.2, and when it got it. */
    record Device(String deviceCode, String userCode, String verificationUri, String verificationUriComplete,
                  long interval, Instant startedAt) {
    }

    private static Device startDevice(String scope) {
        Instant startedAt = Instant.now();
        HttpResponse<String> response = postForm("/oauth/device_authorization", form(Map.of("client_id", TV,
                "scope", scope)));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        JsonObject body = json(response);
        assertEquals(CODE_TTL_SECONDS, body.getJsonNumber("expires_in").longValue());
        return new Device(body.getString("device_code"), body.getString("user_code"),
                body.getString("verification_uri"), body.getString("verification_uri_complete"),
                body.getJsonNumber("interval").longValue(), startedAt);
    }

    private static HttpResponse<String> poll(Device device) {
        return postForm("/oauth/token", form(Map.of("grant_type", DEVICE_GRANT, "client_id", TV,
                "device_code", device.deviceCode())));
    }

    private static void assertError(String error, HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(error, json(response).getString("error"), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
    }

    private static void sleepSeconds(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    private static WebDriver browser() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.availableOrRequired(),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        return HeadlessChromium.start();
    }

    @Test
    void aPersonApprovesADeviceInARealBrowserWhileItPollsAndAnotherCodeExpires() throws Exception {
        Device unused = startDevice("api.read");
        Device device = startDevice("openid profile offline_access");
        assertTrue(device.userCode().matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}"), device.userCode());
        assertEquals(Http.at("/activate").toString(), device.verificationUri());
        assertEquals(1, device.interval());

        // §3.5: pending; at once again: slow_down (interval 1 s -> 6 s); 2 s later, enough for the old
        // interval but not the new one: slow_down again (-> 11 s); after 11 s: pending again
        assertError("authorization_pending", poll(device));
        assertError("slow_down", poll(device));
        sleepSeconds(2);
        assertError("slow_down", poll(device));
        sleepSeconds(11.5);
        assertError("authorization_pending", poll(device));

        WebDriver browser = browser();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(device.verificationUriComplete());
            wait.until(ExpectedConditions.presenceOfElementLocated(By.name("password")));
            assertTrue(browser.getPageSource().contains("Living-room TV"), "the sign-in page names the device");
            browser.findElement(By.name("username")).sendKeys(USER);
            browser.findElement(By.name("password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button[value=approve]")));
            String consent = browser.getPageSource();
            assertTrue(consent.contains("Living-room TV"), "the consent page names the device");
            assertEquals(device.userCode(), browser.findElement(By.id("user-code")).getText());
            assertTrue(consent.contains("offline_access") && consent.contains("profile"), "the scopes are listed");
            browser.findElement(By.cssSelector("button[value=approve]")).click();
            wait.until(ExpectedConditions.titleIs("All set"));
        } finally {
            browser.quit();
        }

        HttpResponse<String> tokens = poll(device);
        assertEquals(200, tokens.statusCode(), tokens.body());
        JsonObject body = json(tokens);
        assertNotNull(body.getString("refresh_token"));
        String subject = SignedJWT.parse(body.getString("access_token")).getJWTClaimsSet().getSubject();
        assertEquals(subject, SignedJWT.parse(body.getString("id_token")).getJWTClaimsSet().getSubject());
        HttpResponse<String> userinfo = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "Bearer " + body.getString("access_token"));
        assertEquals(200, userinfo.statusCode(), userinfo.body());
        assertEquals(USER, json(userinfo).getString("preferred_username"));
        // tokens once
        assertError("invalid_grant", poll(device));
        // and the refresh token works like the code flow's
        HttpResponse<String> refreshed = postForm("/oauth/token", form(Map.of("grant_type", "refresh_token",
                "client_id", TV, "refresh_token", body.getString("refresh_token"))));
        assertEquals(200, refreshed.statusCode(), refreshed.body());

        // the other code was never approved: once its 45 s are over, expired_token
        long waitMillis = Duration.between(Instant.now(), unused.startedAt().plusSeconds(CODE_TTL_SECONDS + 1))
                .toMillis();
        if (waitMillis > 0) {
            Thread.sleep(waitMillis);
        }
        assertError("expired_token", poll(unused));
        HttpResponse<String> page = Http.get("/activate?user_code=" + unused.userCode());
        assertTrue(page.body().contains("That code is not valid"), "an expired code is not accepted any more");
    }

    @Test
    void aPersonTypesTheCodeAndDeniesTheDevice() throws Exception {
        Device device = startDevice("api.read");
        WebDriver browser = browser();
        try (AuditQueue audit = new AuditQueue()) {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(device.verificationUri());
            wait.until(ExpectedConditions.presenceOfElementLocated(By.name("user_code")));
            // a wrong code first: the page says so and asks again
            browser.findElement(By.name("user_code")).sendKeys("BBBB-BBBB");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.error")));
            // then the right one, typed in lower case without the dash (§6.1)
            browser.findElement(By.name("user_code")).clear();
            browser.findElement(By.name("user_code")).sendKeys(device.userCode().toLowerCase().replace("-", ""));
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.name("password")));
            browser.findElement(By.name("username")).sendKeys(USER);
            browser.findElement(By.name("password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button[value=deny]")));
            browser.findElement(By.cssSelector("button[value=deny]")).click();
            wait.until(ExpectedConditions.titleIs("Request denied"));
            audit.await(e -> "device_user_code_rejected".equals(e.getString("event")));
            AuditQueue.Received denied = audit.await(e -> "device_denied".equals(e.getString("event"))
                    && TV.equals(e.getString("client_id", null)));
            assertNotNull(denied.body().getString("sub", null), "the event names who denied");
        } finally {
            browser.quit();
        }
        assertError("access_denied", poll(device));
    }

    @Test
    void wrongCodesAreLimitedPerSession() {
        UserAgent agent = new UserAgent();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> page = agent.get(Http.at("/activate?user_code=BBBB-CCC" + "BCDFG".charAt(i)));
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("That code is not valid"), page.body());
        }
        HttpResponse<String> blocked = agent.get(Http.at("/activate?user_code=BBBB-CCCH"));
        assertEquals(429, blocked.statusCode(), blocked.body());
        assertTrue(Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow()) > 0);
        assertEquals("no-store", blocked.headers().firstValue("Cache-Control").orElse(null));
        // even a right code is refused while blocked
        Device device = startDevice("api.read");
        assertEquals(429, agent.get(Http.at("/activate?user_code=" + device.userCode())).statusCode());
        // another session is not affected
        HttpResponse<String> fresh = new UserAgent().get(Http.at("/activate?user_code=" + device.userCode()));
        assertEquals(302, fresh.statusCode(), "a fresh session with a right code goes to sign-in");
    }

    /** The test server allows 20 failed sign-ins per username (arquillian.xml). */
    static final int USER_FAILURES = 20;

    @Test
    void theDeviceSignInIsThrottledAndAuditedLikeEveryOtherSignIn() throws Exception {
        String suffix = java.util.UUID.randomUUID().toString().substring(0, 8);
        String lockedOut = "erin-" + suffix;
        String guessedHere = "frank-" + suffix;
        UserGrantsIT.createUser(lockedOut, "erin-password-1");
        UserGrantsIT.createUser(guessedHere, "frank-password-1");

        // a user locked out on the normal sign-in page...
        UserAgent web = new UserAgent();
        HttpResponse<String> page = web.signInPage(UserGrantsIT.firstPartyQuery(Pkce.create(), Map.of()));
        for (int i = 0; i < USER_FAILURES; i++) {
            page = web.signIn(page, lockedOut, "wrong-" + i);
            assertEquals(200, page.statusCode(), "attempt " + i);
        }
        assertEquals(429, web.signIn(page, lockedOut, "erin-password-1").statusCode());

        try (AuditQueue audit = new AuditQueue()) {
            // ...is locked out on the device's sign-in page too, even with the right password
            Device device = startDevice("api.read");
            UserAgent tv = new UserAgent();
            HttpResponse<String> form = tv.signInPageAt(Http.at("/activate?user_code=" + device.userCode()));
            HttpResponse<String> refused = tv.signIn(form, lockedOut, "erin-password-1");
            assertEquals(429, refused.statusCode(), refused.body());
            assertTrue(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()) > 0);
            assertTrue(refused.body().contains("Too many failed sign-ins."), refused.body());
            assertTrue(refused.headers().firstValue("Location").isEmpty(), "not signed in");
            assertEquals("user_limit", audit.await(e -> "user_sign_in_throttled".equals(e.getString("event"))
                    && TV.equals(e.getString("client_id", null))).body().getString("reason"));

            // wrong passwords on the device's page are audited and count against the same throttle
            for (int i = 0; i < USER_FAILURES; i++) {
                form = tv.signIn(form, guessedHere, "wrong-" + i);
                assertEquals(200, form.statusCode(), "attempt " + i);
                assertTrue(form.body().contains("Wrong username or password."), form.body());
            }
            JsonObject failed = audit.await(e -> "user_sign_in_failed".equals(e.getString("event"))
                    && TV.equals(e.getString("client_id", null))).body();
            assertEquals("wrong_credentials", failed.getString("reason"));
            assertEquals(429, tv.signIn(form, guessedHere, "frank-password-1").statusCode(),
                    "the right password is refused during the lockout");
            UserAgent other = new UserAgent();
            HttpResponse<String> elsewhere = other.signInPage(UserGrantsIT.firstPartyQuery(Pkce.create(), Map.of()));
            assertEquals(429, other.signIn(elsewhere, guessedHere, "frank-password-1").statusCode(),
                    "and on the normal sign-in page: one throttle");
        }
    }

    @Test
    void theDeviceEndpointAuthenticatesClientsAndDiscoveryPublishesIt() {
        HttpResponse<String> unknown = postForm("/oauth/device_authorization", form(Map.of("client_id", "nobody")));
        assertEquals(401, unknown.statusCode(), unknown.body());
        assertEquals("invalid_client", json(unknown).getString("error"));

        HttpResponse<String> notRegistered = postForm("/oauth/device_authorization",
                form(Map.of("client_id", UserGrantsIT.SPA)));
        assertEquals("unauthorized_client", json(notRegistered).getString("error"));

        HttpResponse<String> badScope = postForm("/oauth/device_authorization",
                form(Map.of("client_id", TV, "scope", "jeton.admin")));
        assertEquals("invalid_scope", json(badScope).getString("error"));

        HttpResponse<String> query = Http.request("POST", "/oauth/device_authorization?client_id=" + TV, "",
                "Content-Type", Http.FORM);
        assertEquals("invalid_request", json(query).getString("error"));

        assertEquals("invalid_request", json(Http.get("/oauth/device_authorization")).getString("error"));

        JsonObject metadata = json(Http.get("/.well-known/oauth-authorization-server"));
        assertEquals(Http.at("/oauth/device_authorization").toString(),
                metadata.getString("device_authorization_endpoint"));
        assertTrue(metadata.getJsonArray("grant_types_supported").getValuesAs(jakarta.json.JsonString.class).stream()
                .anyMatch(s -> s.getString().equals(DEVICE_GRANT)));
    }

    // ---- token exchange (RFC 8693) ----

    static final String EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String AT = "urn:ietf:params:oauth:token-type:access_token";
    static final String JWT = "urn:ietf:params:oauth:token-type:jwt";
    static final String GATEWAY = "it-exchange";
    static final String IMPERSONATOR = "it-exchange-imp";
    static final String SECRET = TokenEndpointIT.POST_SECRET;
    static final String API = "https://api.example.com";
    static final String ORDERS = "https://orders.example.com";
    static final String IDP = "https://idp.it.example";
    /** The user's web app whose access tokens are for the API: the tokens the API's resource servers receive. */
    static final String WEB_API = "it-web-api";
    static final ECKey USER_DPOP_KEY = ecKey();
    static final ECKey OTHER_DPOP_KEY = ecKey();

    private static ECKey ecKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A DPoP proof (RFC 9449 §4.2) for a request to this server, with ath when an access token is given. */
    private static String dpopProof(ECKey key, String method, String path, String accessToken) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
                .claim("htm", method).claim("htu", Http.at(path).toString()).issueTime(new Date());
        if (accessToken != null) {
            claims.claim("ath", Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest
                    .getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII))));
        }
        SignedJWT proof = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(new JOSEObjectType("dpop+jwt")).jwk(key.toPublicJWK()).build(), claims.build());
        proof.sign(new ECDSASigner(key));
        return proof.serialize();
    }

    /** The external issuer's key: a static test key whose public half the server trusts (it-trusted-issuers.json). */
    private static RSAKey idpKey() throws Exception {
        try (var in = DeviceAndExchangeIT.class.getResourceAsStream("/it-external-idp.private-jwks.json")) {
            return JWKSet.load(in).getKeys().get(0).toRSAKey();
        }
    }

    private static String externalJwt(String issuer, RSAKey key, long lifetimeSeconds) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("ext-user-42")
                .audience(Http.base().toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(lifetimeSeconds))).claim("scope", "api.read").build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static HttpResponse<String> exchange(String clientId, Map<String, String> parameters, String... repeated) {
        return exchange(clientId, SECRET, null, parameters, repeated);
    }

    /** An exchange with this client's credentials, and a DPoP proof of the key when one is given. */
    private static HttpResponse<String> exchange(String clientId, String secret, ECKey dpopKey,
                                                 Map<String, String> parameters, String... repeated) {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.put("grant_type", EXCHANGE_GRANT);
        StringBuilder body = new StringBuilder(form(all));
        for (int i = 0; i < repeated.length; i += 2) {
            body.append('&').append(form(Map.of(repeated[i], repeated[i + 1])));
        }
        if (dpopKey == null) {
            return postForm("/oauth/token", body.toString(), "Authorization", Http.basic(clientId, secret));
        }
        try {
            return postForm("/oauth/token", body.toString(), "Authorization", Http.basic(clientId, secret),
                    "DPoP", dpopProof(dpopKey, "POST", "/oauth/token", null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String serviceToken(String clientId) {
        HttpResponse<String> response = postForm("/oauth/token", form(Map.of("grant_type", "client_credentials",
                "scope", "api.read")), "Authorization", Http.basic(clientId, SECRET));
        assertEquals(200, response.statusCode(), response.body());
        return json(response).getString("access_token");
    }

    /** A user's tokens from the code flow of it-web-api, whose tokens are for the API (no browser needed here). */
    private static JsonObject userTokens() {
        return userTokens(WEB_API, null);
    }

    /** A user's tokens from the code flow of this client; DPoP-bound when a key is given (RFC 9449 §5). */
    private static JsonObject userTokens(String clientId, ECKey dpopKey) {
        Pkce pkce = Pkce.create();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", UserGrantsIT.WEB_REDIRECT);
        query.put("scope", "openid profile offline_access api.read");
        query.put("state", "s");
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        URI redirect = new UserAgent().authorize(form(query), USER, PASSWORD);
        String body = form(Map.of("grant_type", "authorization_code", "code", UserAgent.parameter(redirect, "code"),
                "redirect_uri", UserGrantsIT.WEB_REDIRECT, "code_verifier", pkce.verifier()));
        HttpResponse<String> tokens;
        try {
            tokens = dpopKey == null
                    ? postForm("/oauth/token", body, "Authorization", Http.basic(clientId, SECRET))
                    : postForm("/oauth/token", body, "Authorization", Http.basic(clientId, SECRET),
                    "DPoP", dpopProof(dpopKey, "POST", "/oauth/token", null));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertEquals(200, tokens.statusCode(), tokens.body());
        return json(tokens);
    }

    private static JWTClaimsSet issued(HttpResponse<String> response) throws Exception {
        return issued(response, "Bearer");
    }

    private static JWTClaimsSet issued(HttpResponse<String> response, String tokenType) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        JsonObject body = json(response);
        assertEquals(AT, body.getString("issued_token_type"));
        assertEquals(tokenType, body.getString("token_type"));
        return SignedJWT.parse(body.getString("access_token")).getJWTClaimsSet();
    }

    @Test
    void delegationCarriesActAndASecondDelegationNestsIt() throws Exception {
        String userToken = userTokens().getString("access_token");
        try (AuditQueue audit = new AuditQueue()) {
            HttpResponse<String> first = exchange(GATEWAY, Map.of("subject_token", userToken, "subject_token_type", AT,
                    "actor_token", serviceToken(GATEWAY), "actor_token_type", AT));
            JWTClaimsSet delegated = issued(first);
            assertEquals(SignedJWT.parse(userToken).getJWTClaimsSet().getSubject(), delegated.getSubject());
            assertEquals(Map.of("sub", GATEWAY), delegated.getJSONObjectClaim("act"));
            assertEquals(GATEWAY, delegated.getStringClaim("client_id"));
            // the user's token had offline_access too; the gateway is not registered for it (issue 11)
            assertEquals("openid profile api.read", delegated.getStringClaim("scope"));
            AuditQueue.Received event = audit.await(e -> "token_exchanged".equals(e.getString("event"))
                    && delegated.getJWTID().equals(e.getString("jti", null)));
            assertEquals(GATEWAY, event.body().getString("client_id"));

            JWTClaimsSet nested = issued(exchange(IMPERSONATOR, Map.of("subject_token",
                    json(first).getString("access_token"), "subject_token_type", AT,
                    "actor_token", serviceToken(IMPERSONATOR), "actor_token_type", AT, "scope", "api.read")));
            assertEquals(Map.of("sub", IMPERSONATOR, "act", Map.of("sub", GATEWAY)), nested.getJSONObjectClaim("act"));
            assertEquals("api.read", nested.getStringClaim("scope"));
        }
    }

    @Test
    void impersonationIsRefusedUnlessTheClientMayImpersonate() throws Exception {
        String userToken = userTokens().getString("access_token");
        HttpResponse<String> refused = exchange(GATEWAY, Map.of("subject_token", userToken, "subject_token_type", AT));
        assertError("invalid_request", refused);
        JWTClaimsSet impersonated = issued(exchange(IMPERSONATOR, Map.of("subject_token", userToken,
                "subject_token_type", AT)));
        assertEquals(null, impersonated.getClaim("act"));
        // a public client is not registered for the grant (and could not be: it is for confidential clients)
        HttpResponse<String> publicClient = postForm("/oauth/token", form(Map.of("grant_type", EXCHANGE_GRANT,
                "client_id", TV, "subject_token", userToken, "subject_token_type", AT)));
        assertEquals("unauthorized_client", json(publicClient).getString("error"));
    }

    @Test
    void targetsAreThoseTheClientIsAllowed() throws Exception {
        String external = externalJwt(IDP, idpKey(), 300);
        HttpResponse<String> wide = exchange(IMPERSONATOR, Map.of("subject_token", external, "subject_token_type", JWT),
                "audience", API, "resource", ORDERS);
        assertEquals(List.of(API, ORDERS), issued(wide).getAudience());
        String wideToken = json(wide).getString("access_token");

        assertEquals(List.of(API), issued(exchange(IMPERSONATOR, Map.of("subject_token", wideToken,
                "subject_token_type", AT, "audience", API))).getAudience());
        assertError("invalid_target", exchange(IMPERSONATOR, Map.of("subject_token", wideToken,
                "subject_token_type", AT, "audience", "https://billing.example.com")));
        assertError("invalid_target", exchange(IMPERSONATOR, Map.of("subject_token", external,
                "subject_token_type", JWT, "audience", "https://not-registered.example.com")));
        assertError("invalid_scope", exchange(IMPERSONATOR, Map.of("subject_token", wideToken,
                "subject_token_type", AT, "scope", "api.read openid")));
    }

    @Test
    void aResourceServerExchangesTheTokenItReceivedForADownstreamService() throws Exception {
        // issue 11 / RFC 8693 §1: the user's token is for the API; the API's resource server (it-exchange,
        // registered with that audience) trades it for a token to the orders service, acting for the user
        String userToken = userTokens().getString("access_token");
        assertEquals(List.of(API), SignedJWT.parse(userToken).getJWTClaimsSet().getAudience());
        JWTClaimsSet downstream = issued(exchange(GATEWAY, Map.of("subject_token", userToken,
                "subject_token_type", AT, "actor_token", serviceToken(GATEWAY), "actor_token_type", AT,
                "audience", ORDERS, "scope", "api.read")));
        assertEquals(List.of(ORDERS), downstream.getAudience());
        assertEquals(SignedJWT.parse(userToken).getJWTClaimsSet().getSubject(), downstream.getSubject());
        assertEquals(Map.of("sub", GATEWAY), downstream.getJSONObjectClaim("act"));
        assertEquals("api.read", downstream.getStringClaim("scope"));
    }

    @Test
    void aDpopBoundTokenIsExchangedOnlyWithProofOfItsKeyAndStaysBound() throws Exception {
        // issue 11: a DPoP-bound token (refused as Bearer) was traded for a plain Bearer token
        String bound = userTokens(WEB_API, USER_DPOP_KEY).getString("access_token");
        String jkt = USER_DPOP_KEY.toPublicJWK().computeThumbprint().toString();
        assertEquals(Map.of("jkt", jkt), SignedJWT.parse(bound).getJWTClaimsSet().getJSONObjectClaim("cnf"));
        assertEquals(401, Http.request("GET", "/oauth/userinfo", null, "Authorization", "Bearer " + bound)
                .statusCode());
        Map<String, String> request = Map.of("subject_token", bound, "subject_token_type", AT);

        assertError("invalid_request", exchange(IMPERSONATOR, request));
        assertError("invalid_request", exchange(IMPERSONATOR, SECRET, OTHER_DPOP_KEY, request));
        assertError("invalid_request", exchange(GATEWAY, SECRET, null, Map.of("subject_token", bound,
                "subject_token_type", AT, "actor_token", serviceToken(GATEWAY), "actor_token_type", AT,
                "audience", ORDERS)));

        // the key's holder may: the new token is bound to the same key, still refused as Bearer
        HttpResponse<String> proven = exchange(IMPERSONATOR, SECRET, USER_DPOP_KEY, request);
        JWTClaimsSet claims = issued(proven, "DPoP");
        assertEquals(Map.of("jkt", jkt), claims.getJSONObjectClaim("cnf"));
        String exchanged = json(proven).getString("access_token");
        assertEquals(401, Http.request("GET", "/oauth/userinfo", null, "Authorization", "Bearer " + exchanged)
                .statusCode());
        HttpResponse<String> userinfo = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "DPoP " + exchanged, "DPoP", dpopProof(USER_DPOP_KEY, "GET", "/oauth/userinfo", exchanged));
        assertEquals(200, userinfo.statusCode(), userinfo.body());
    }

    @Test
    void onlyAClientTheSubjectTokenIsMeantForMayExchangeIt() throws Exception {
        String userToken = userTokens().getString("access_token");
        // issue 11: a dynamically registered client, with its own client_credentials token as actor
        String initial = json(postForm("/oauth/token", form(Map.of("grant_type", "client_credentials",
                "scope", "jeton.register")), "Authorization", Http.basic("it-registrar", SECRET)))
                .getString("access_token");
        HttpResponse<String> registered = Http.request("POST", "/oauth/register", ("{'client_name':'Exchange probe',"
                + "'grant_types':['" + EXCHANGE_GRANT + "','client_credentials'],'scope':'openid api.read',"
                + "'token_endpoint_auth_method':'client_secret_basic'}").replace('\'', '"'),
                "Content-Type", "application/json", "Authorization", "Bearer " + initial);
        assertEquals(201, registered.statusCode(), registered.body());
        String id = json(registered).getString("client_id");
        String secret = json(registered).getString("client_secret");
        HttpResponse<String> own = postForm("/oauth/token", form(Map.of("grant_type", "client_credentials",
                "scope", "api.read")), "Authorization", Http.basic(id, secret));
        assertEquals(200, own.statusCode(), own.body());
        try (AuditQueue audit = new AuditQueue()) {
            assertError("invalid_request", exchange(id, secret, null, Map.of("subject_token", userToken,
                    "subject_token_type", AT, "actor_token", json(own).getString("access_token"),
                    "actor_token_type", AT)));
            AuditQueue.Received refused = audit.await(e -> "token_exchange_refused".equals(e.getString("event"))
                    && id.equals(e.getString("client_id", null)));
            assertEquals("subject_not_for_client", refused.body().getString("reason"), refused.body().toString());
        }
        // nor a client that may impersonate, with a token of an app whose tokens are not for it
        String webToken = userTokens(UserGrantsIT.WEB, null).getString("access_token");
        assertError("invalid_request", exchange(IMPERSONATOR, Map.of("subject_token", webToken,
                "subject_token_type", AT)));
    }

    @Test
    void scopeNeverExceedsTheClientsRegistration() throws Exception {
        // the user's token has offline_access; the resource server is not registered for it (issue 11)
        String userToken = userTokens().getString("access_token");
        assertTrue(SignedJWT.parse(userToken).getJWTClaimsSet().getStringClaim("scope").contains("offline_access"));
        assertError("invalid_scope", exchange(IMPERSONATOR, Map.of("subject_token", userToken,
                "subject_token_type", AT, "scope", "offline_access")));
        assertError("invalid_scope", exchange(IMPERSONATOR, Map.of("subject_token", userToken,
                "subject_token_type", AT, "scope", "api.read api.write")));
        JWTClaimsSet claims = issued(exchange(IMPERSONATOR, Map.of("subject_token", userToken,
                "subject_token_type", AT)));
        assertEquals("openid profile api.read", claims.getStringClaim("scope"));
    }

    @Test
    void expiredAndRevokedSubjectTokensAreRefused() throws Exception {
        // an exchanged token never outlives its subject: from a JWT good for 3 s comes a token good for 3 s
        HttpResponse<String> shortLived = exchange(IMPERSONATOR, Map.of("subject_token", externalJwt(IDP, idpKey(), 3),
                "subject_token_type", JWT));
        assertTrue(json(shortLived).getJsonNumber("expires_in").longValue() <= 3, shortLived.body());
        String ours = json(shortLived).getString("access_token");
        sleepSeconds(4.5);
        // RFC 8693 §2.2.2: an invalid subject_token is invalid_request (MUST)
        assertError("invalid_request", exchange(IMPERSONATOR, Map.of("subject_token", ours, "subject_token_type", AT)));
        assertError("invalid_request", exchange(IMPERSONATOR, Map.of("subject_token", "not.a.jwt",
                "subject_token_type", AT)));
        assertError("invalid_request", exchange(GATEWAY, Map.of("subject_token", userTokens().getString(
                "access_token"), "subject_token_type", AT, "actor_token", ours, "actor_token_type", AT)));

        // revoked: refresh-token reuse revokes the family, and with it what was exchanged from its tokens
        JsonObject tokens = userTokens();
        String access = tokens.getString("access_token");
        String exchanged = json(exchange(IMPERSONATOR, Map.of("subject_token", access, "subject_token_type", AT)))
                .getString("access_token");
        String refresh = tokens.getString("refresh_token");
        Map<String, String> refreshForm = Map.of("grant_type", "refresh_token", "refresh_token", refresh);
        assertEquals(200, postForm("/oauth/token", form(refreshForm), "Authorization",
                Http.basic(WEB_API, SECRET)).statusCode());
        assertError("invalid_grant", postForm("/oauth/token", form(refreshForm), "Authorization",
                Http.basic(WEB_API, SECRET)));
        assertError("invalid_request", exchange(IMPERSONATOR, Map.of("subject_token", access,
                "subject_token_type", AT)));
        assertError("invalid_request", exchange(IMPERSONATOR, Map.of("subject_token", exchanged,
                "subject_token_type", AT)));
    }

    @Test
    void anExternalJwtIsAcceptedOnlyFromTheConfiguredIssuer() throws Exception {
        JWTClaimsSet claims = issued(exchange(IMPERSONATOR, Map.of("subject_token", externalJwt(IDP, idpKey(), 300),
                "subject_token_type", JWT)));
        assertEquals("ext-user-42", claims.getSubject());
        assertEquals("api.read", claims.getStringClaim("scope"));

        // the same key under an issuer nobody configured, and the configured issuer with a key it does not have
        assertError("invalid_request", exchange(IMPERSONATOR, Map.of("subject_token",
                externalJwt("https://unknown-idp.example", idpKey(), 300), "subject_token_type", JWT)));
        RSAKey forger = new RSAKeyGenerator(2048).keyID(idpKey().getKeyID()).generate();
        assertError("invalid_request", exchange(IMPERSONATOR, Map.of("subject_token", externalJwt(IDP, forger, 300),
                "subject_token_type", JWT)));
    }
}
