package dev.jeton.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
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
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.jeton.it.Http.basic;
import static dev.jeton.it.Http.form;
import static dev.jeton.it.Http.json;
import static dev.jeton.it.Http.postForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user grants on the real server: authorization code with PKCE (RFC 6749 §4.1, RFC 7636),
 * refresh rotation with reuse detection (RFC 9700 §4.14.2), ID tokens and userinfo (OIDC Core),
 * and real concurrent redemptions. The test server runs with a refresh grace window of 0.
 */
@ExtendWith(ArquillianExtension.class)
class UserGrantsIT {

    static final String WEB = "it-web";
    static final String WEB_SECRET = TokenEndpointIT.POST_SECRET;
    static final String WEB_REDIRECT = "https://client.example.org/cb";
    static final String SPA = "it-spa";
    static final String SPA_REDIRECT = "http://127.0.0.1:9876/callback";
    static final String USER = "alice";
    static final String PASSWORD = "alice-password-for-tests";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return JetonWar.packaged();
    }

    /** What a client keeps between the authorization request and the token request. */
    record Authorization(String code, Pkce pkce, String nonce, String redirectUri) {
    }

    private static Authorization authorize(UserAgent browser, String clientId, String redirectUri, String scope) {
        Pkce pkce = Pkce.create();
        String state = UUID.randomUUID().toString();
        String nonce = UUID.randomUUID().toString();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("scope", scope);
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        URI redirect = browser.authorize(form(query), USER, PASSWORD);
        assertTrue(redirect.toString().startsWith(redirectUri + "?"), redirect.toString());
        assertEquals(state, UserAgent.parameter(redirect, "state"));
        assertEquals(Http.base().toString(), UserAgent.parameter(redirect, "iss"), "RFC 9207");
        return new Authorization(UserAgent.parameter(redirect, "code"), pkce, nonce, redirectUri);
    }

    private static HttpResponse<String> redeemAsWeb(Authorization a) {
        return postForm("/oauth/token", form(Map.of("grant_type", "authorization_code", "code", a.code(),
                "redirect_uri", a.redirectUri(), "code_verifier", a.pkce().verifier())), "Authorization",
                basic(WEB, WEB_SECRET));
    }

    private static HttpResponse<String> refreshAsWeb(String refreshToken) {
        return postForm("/oauth/token", form(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken)),
                "Authorization", basic(WEB, WEB_SECRET));
    }

    private static HttpResponse<String> userinfo(String accessToken) {
        return Http.request("GET", "/oauth/userinfo", null, "Authorization", "Bearer " + accessToken);
    }

    private static void assertInvalidGrant(HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_grant", json(response).getString("error"));
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
    }

    @Test
    void theCodeFlowGivesAccessIdAndRefreshTokensAndUserinfo() throws Exception {
        Authorization a = authorize(new UserAgent(), WEB, WEB_REDIRECT, "openid profile email offline_access");

        HttpResponse<String> response = redeemAsWeb(a);

        assertEquals(200, response.statusCode(), response.body());
        JsonObject body = json(response);
        assertEquals("Bearer", body.getString("token_type"));
        assertEquals(Set.of("openid", "profile", "email", "offline_access"),
                Set.of(body.getString("scope").split(" ")));
        assertNotNull(body.getString("refresh_token"));

        // the ID token, checked the way a relying party does: JWKS from discovery, RS256 by default
        DefaultJWTProcessor<SecurityContext> rp = new DefaultJWTProcessor<>();
        rp.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                JWKSourceBuilder.create(new URL(Http.at("/oauth/jwks").toString())).build()));
        JWTClaimsSet id = rp.process(body.getString("id_token"), null);
        assertEquals(Http.base().toString(), id.getIssuer());
        assertEquals(List.of(WEB), id.getAudience());
        assertEquals(WEB, id.getStringClaim("azp"));
        assertEquals(a.nonce(), id.getStringClaim("nonce"));
        assertNotNull(id.getClaim("auth_time"));
        // OIDC Core §2: the level the sign-in reached, one of acr_values_supported (issue #14)
        assertEquals("urn:jeton:acr:password", id.getStringClaim("acr"));
        assertEquals(List.of("pwd"), id.getStringListClaim("amr"));
        assertEquals(AccessTokenHash.compute(new BearerAccessToken(body.getString("access_token")),
                JWSAlgorithm.RS256, null).getValue(), id.getStringClaim("at_hash"));

        HttpResponse<String> info = userinfo(body.getString("access_token"));
        assertEquals(200, info.statusCode(), info.body());
        JsonObject claims = json(info);
        assertEquals(id.getSubject(), claims.getString("sub"));
        assertEquals(USER, claims.getString("preferred_username"));
        assertTrue(claims.containsKey("email"), "the email scope was granted");
    }

    @Test
    void aPersonSignsInAndConsentsInARealBrowser() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.availableOrRequired(),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        Pkce pkce = Pkce.create();
        String state = UUID.randomUUID().toString();
        String authorize = Http.at("/oauth/authorize").toString() + "?response_type=code&client_id=" + SPA
                + "&redirect_uri=" + encode(SPA_REDIRECT) + "&scope=" + encode("openid profile offline_access")
                + "&state=" + state + "&nonce=n-" + state + "&code_challenge=" + pkce.challenge()
                + "&code_challenge_method=S256";
        WebDriver browser = HeadlessChromium.start();
        try (LoopbackCallback callback = new LoopbackCallback(9876, "/callback")) {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(authorize);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.name("password")));
            browser.findElement(By.name("username")).sendKeys(USER);
            browser.findElement(By.name("password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button[value=approve]")));
            assertTrue(browser.getPageSource().contains("offline_access") || browser.getPageSource()
                    .toLowerCase().contains("offline"), "the consent page lists the scopes");
            browser.findElement(By.cssSelector("button[value=approve]")).click();
            URI redirect = callback.await();

            assertEquals(state, UserAgent.parameter(redirect, "state"));
            assertEquals(Http.base().toString(), UserAgent.parameter(redirect, "iss"));
            String code = UserAgent.parameter(redirect, "code");
            HttpResponse<String> tokens = postForm("/oauth/token", form(Map.of("grant_type", "authorization_code",
                    "client_id", SPA, "code", code, "redirect_uri", SPA_REDIRECT, "code_verifier", pkce.verifier())));
            assertEquals(200, tokens.statusCode(), tokens.body());
            String first = json(tokens).getString("refresh_token");

            HttpResponse<String> refreshed = postForm("/oauth/token", form(Map.of("grant_type", "refresh_token",
                    "client_id", SPA, "refresh_token", first)));
            assertEquals(200, refreshed.statusCode(), refreshed.body());
            String second = json(refreshed).getString("refresh_token");

            // reuse of the first token: refused, and the family (with the second token) revoked
            assertInvalidGrant(postForm("/oauth/token", form(Map.of("grant_type", "refresh_token", "client_id", SPA,
                    "refresh_token", first))));
            assertInvalidGrant(postForm("/oauth/token", form(Map.of("grant_type", "refresh_token", "client_id", SPA,
                    "refresh_token", second))));
        } finally {
            browser.quit();
        }
    }

    @Test
    void userinfoReleasesClaimsTheClaimsParameterAskedFor() {
        // OIDC Core §5.5: email is asked for individually, without the email scope
        UserAgent browser = new UserAgent();
        Pkce pkce = Pkce.create();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", WEB);
        query.put("redirect_uri", WEB_REDIRECT);
        query.put("scope", "openid");
        query.put("state", "s1");
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        query.put("claims", "{\"userinfo\":{\"email\":null}}");
        String code = UserAgent.parameter(browser.authorize(form(query), USER, PASSWORD), "code");
        JsonObject tokens = json(redeemAsWeb(new Authorization(code, pkce, null, WEB_REDIRECT)));

        JsonObject claims = json(userinfo(tokens.getString("access_token")));
        assertTrue(claims.containsKey("email"), claims.toString());
        assertFalse(claims.containsKey("preferred_username"), "the profile scope was not granted");
    }

    @Test
    void anOperatorAddsDisablesAndRepasswordsUsers() {
        String admin = json(postForm("/oauth/token", "grant_type=client_credentials&scope=jeton.admin",
                "Authorization", basic("it-admin", WEB_SECRET))).getString("access_token");
        String username = "carol-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = Http.request("POST", "/admin/users", "{\"username\":\"" + username
                + "\",\"password\":\"first-password-1\",\"claims\":{\"name\":\"Carol\",\"updated_at\":1764633600,"
                + "\"phone_number_verified\":true,\"address\":{\"locality\":\"Paris\",\"country\":\"France\"}}}",
                "Authorization", "Bearer " + admin, "Content-Type", "application/json");
        assertEquals(201, created.statusCode(), created.body());
        assertFalse(created.body().contains("first-password-1"));
        // claims keep their JSON types (OIDC Core §5.1; found by the conformance suite: the admin API stored the
        // address object and updated_at as strings)
        JsonObject claims = json(created).getJsonObject("claims");
        assertEquals("Paris", claims.getJsonObject("address").getString("locality"));
        assertEquals(1764633600L, claims.getJsonNumber("updated_at").longValueExact());
        assertTrue(claims.getBoolean("phone_number_verified"));
        assertTrue(Http.request("GET", "/admin/users", null, "Authorization", "Bearer " + admin).body()
                .contains(username));

        // the new user signs in
        authorizeAs(username, "first-password-1");

        assertEquals(204, Http.request("PUT", "/admin/users/" + username + "/password",
                "{\"password\":\"second-password-2\"}", "Authorization", "Bearer " + admin,
                "Content-Type", "application/json").statusCode());
        authorizeAs(username, "second-password-2");

        assertEquals(204, Http.request("PUT", "/admin/users/" + username + "/enabled", "{\"enabled\":false}",
                "Authorization", "Bearer " + admin, "Content-Type", "application/json").statusCode());
        try {
            authorizeAs(username, "second-password-2");
            throw new IllegalStateException("a disabled user signed in");
        } catch (AssertionError expected) {
            // the sign-in form came back: the disabled user cannot sign in
        }

        // without the admin scope: 403; without a token: 401
        String service = json(postForm("/oauth/token", "grant_type=client_credentials", "Authorization",
                basic(TokenEndpointIT.BASIC_ID, TokenEndpointIT.BASIC_SECRET))).getString("access_token");
        assertEquals(403, Http.request("GET", "/admin/users", null, "Authorization", "Bearer " + service)
                .statusCode());
        assertEquals(401, Http.request("GET", "/admin/users", null).statusCode());
    }

    /** Signs in as this user through the whole authorization flow; an AssertionError when sign-in fails. */
    private static void authorizeAs(String username, String password) {
        Pkce pkce = Pkce.create();
        String query = form(Map.of("response_type", "code", "client_id", "it-first", "redirect_uri", WEB_REDIRECT,
                "scope", "openid", "state", "s", "code_challenge", pkce.challenge(), "code_challenge_method", "S256"));
        URI redirect = new UserAgent().authorize(query, username, password);
        assertNotNull(UserAgent.parameter(redirect, "code"));
    }

    // --- re-authentication (issue #11): prompt=login and max_age check the password again ---

    static final String FIRST = "it-first";

    /** An authorization request of the first-party client (no consent page) for an ID token. */
    static String firstPartyQuery(Pkce pkce, Map<String, String> extra) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", FIRST);
        query.put("redirect_uri", WEB_REDIRECT);
        query.put("scope", "openid");
        query.put("state", UUID.randomUUID().toString());
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        query.putAll(extra);
        return form(query);
    }

    /** Redeems a first-party code and returns the ID token's claims (its signature is checked elsewhere). */
    private static JWTClaimsSet idToken(URI redirect, Pkce pkce) throws Exception {
        assertTrue(redirect.toString().startsWith(WEB_REDIRECT + "?"), redirect.toString());
        HttpResponse<String> tokens = postForm("/oauth/token", form(Map.of("grant_type", "authorization_code",
                "code", UserAgent.parameter(redirect, "code"), "redirect_uri", WEB_REDIRECT,
                "code_verifier", pkce.verifier())), "Authorization", basic(FIRST, WEB_SECRET));
        assertEquals(200, tokens.statusCode(), tokens.body());
        return com.nimbusds.jwt.SignedJWT.parse(json(tokens).getString("id_token")).getJWTClaimsSet();
    }

    /** Signs in as alice on a fresh browser; returns the first ID token's claims. */
    private static JWTClaimsSet signedInAsAlice(UserAgent browser) throws Exception {
        Pkce pkce = Pkce.create();
        return idToken(browser.authorize(firstPartyQuery(pkce, Map.of()), USER, PASSWORD), pkce);
    }

    /** A wrong password, then any other username with a wrong password: each time the form again, no code. */
    private static HttpResponse<String> wrongCredentialsGiveTheFormAgain(UserAgent browser, HttpResponse<String> form) {
        for (String[] wrong : List.of(new String[]{USER, "not-the-password"}, new String[]{"mallory", "whatever"})) {
            form = browser.signIn(form, wrong[0], wrong[1]);
            assertEquals(200, form.statusCode(), form.body());
            assertTrue(form.headers().firstValue("Location").isEmpty(), "no code for a wrong password");
            assertTrue(form.body().contains("Wrong username or password."), form.body());
            assertTrue(form.body().contains("name=\"password\""), "the form again");
        }
        return form;
    }

    @Test
    void promptLoginChecksThePasswordAgainAndTheIdTokenHasTheNewSignInTime() throws Exception {
        UserAgent browser = new UserAgent();
        JWTClaimsSet first = signedInAsAlice(browser);
        Thread.sleep(1_100); // auth_time counts seconds
        try (AuditQueue audit = new AuditQueue()) {
            Pkce pkce = Pkce.create();
            HttpResponse<String> form = wrongCredentialsGiveTheFormAgain(browser,
                    browser.signInPage(firstPartyQuery(pkce, Map.of("prompt", "login"))));
            JsonObject failed = audit.await(e -> "user_sign_in_failed".equals(e.getString("event"))
                    && FIRST.equals(e.getString("client_id", null))).body();
            assertEquals("wrong_credentials", failed.getString("reason"));

            HttpResponse<String> right = browser.signIn(form, USER, PASSWORD);
            assertEquals(303, right.statusCode(), right.body());
            JWTClaimsSet again = idToken(browser.follow(right, USER, PASSWORD), pkce);
            assertEquals(first.getSubject(), again.getSubject());
            assertTrue(again.getLongClaim("auth_time") > first.getLongClaim("auth_time"),
                    "auth_time is the re-authentication's: " + first.getLongClaim("auth_time") + " then "
                            + again.getLongClaim("auth_time"));
        }
    }

    @Test
    void anExpiredMaxAgeChecksThePasswordAgainAndTheIdTokenHasTheNewSignInTime() throws Exception {
        UserAgent browser = new UserAgent();
        JWTClaimsSet first = signedInAsAlice(browser);
        Thread.sleep(2_100); // more than max_age=1, in whole seconds
        Pkce pkce = Pkce.create();
        HttpResponse<String> form = wrongCredentialsGiveTheFormAgain(browser,
                browser.signInPage(firstPartyQuery(pkce, Map.of("max_age", "1"))));
        HttpResponse<String> right = browser.signIn(form, USER, PASSWORD);
        assertEquals(303, right.statusCode(), right.body());
        JWTClaimsSet again = idToken(browser.follow(right, USER, PASSWORD), pkce);
        assertTrue(again.getLongClaim("auth_time") > first.getLongClaim("auth_time"));
        assertTrue(again.getLongClaim("auth_time") >= again.getIssueTime().toInstant().getEpochSecond() - 5,
                "the sign-in just made");
    }

    @Test
    void signingInAsAnotherUserSwitchesTheSessionToThatUser() throws Exception {
        String username = "dave-" + UUID.randomUUID().toString().substring(0, 8);
        createUser(username, "dave-password-1");
        UserAgent browser = new UserAgent();
        JWTClaimsSet alice = signedInAsAlice(browser);
        String aliceSession = browser.sessionId();
        Thread.sleep(1_100);

        Pkce pkce = Pkce.create();
        HttpResponse<String> switched = browser.signIn(
                browser.signInPage(firstPartyQuery(pkce, Map.of("prompt", "login"))), username, "dave-password-1");
        assertEquals(303, switched.statusCode(), switched.body());
        assertTrue(browser.sessionId() != null && !browser.sessionId().equals(aliceSession), "a new session id");
        JWTClaimsSet dave = idToken(browser.follow(switched, username, "dave-password-1"), pkce);
        assertTrue(!dave.getSubject().equals(alice.getSubject()), "the code is the new user's");
        assertTrue(dave.getLongClaim("auth_time") > alice.getLongClaim("auth_time"));

        // the session is dave's now: a request without prompt needs no sign-in and is dave's
        Pkce next = Pkce.create();
        URI silent = browser.authorize(firstPartyQuery(next, Map.of("prompt", "none")), "nobody", "nothing");
        JWTClaimsSet after = idToken(silent, next);
        assertEquals(dave.getSubject(), after.getSubject());
        assertEquals(dave.getLongClaim("auth_time"), after.getLongClaim("auth_time"));
    }

    /** Adds a user through the admin API. */
    static void createUser(String username, String password) {
        String admin = json(postForm("/oauth/token", "grant_type=client_credentials&scope=jeton.admin",
                "Authorization", basic("it-admin", WEB_SECRET))).getString("access_token");
        HttpResponse<String> created = Http.request("POST", "/admin/users", "{\"username\":\"" + username
                + "\",\"password\":\"" + password + "\"}", "Authorization", "Bearer " + admin,
                "Content-Type", "application/json");
        assertEquals(201, created.statusCode(), created.body());
    }

    @Test
    void aPublicClientRedeemsWithItsVerifierOnly() {
        Authorization a = authorize(new UserAgent(), SPA, SPA_REDIRECT, "openid offline_access");
        HttpResponse<String> wrongVerifier = postForm("/oauth/token", form(Map.of("grant_type", "authorization_code",
                "client_id", SPA, "code", a.code(), "redirect_uri", SPA_REDIRECT,
                "code_verifier", Pkce.create().verifier())));
        assertInvalidGrant(wrongVerifier);
        // RFC 7636 §4.6: no verifier for a code that has a challenge is invalid_grant too, and spends nothing
        assertInvalidGrant(postForm("/oauth/token", form(Map.of("grant_type", "authorization_code",
                "client_id", SPA, "code", a.code(), "redirect_uri", SPA_REDIRECT))));

        HttpResponse<String> response = postForm("/oauth/token", form(Map.of("grant_type", "authorization_code",
                "client_id", SPA, "code", a.code(), "redirect_uri", SPA_REDIRECT, "code_verifier", a.pkce().verifier())));
        assertEquals(200, response.statusCode(), response.body());
    }

    /** it-oidc-nopkce: confidential, first-party, registered with require_pkce false (issue #14). */
    static final String NO_PKCE = "it-oidc-nopkce";

    /** The authorization request of the relaxed client without code_challenge; returns the redirect to it. */
    private static URI authorizeWithoutPkce(UserAgent browser, String scope, String nonce) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", NO_PKCE);
        query.put("redirect_uri", WEB_REDIRECT);
        query.put("scope", scope);
        query.put("state", "np");
        if (nonce != null) {
            query.put("nonce", nonce);
        }
        return browser.authorize(form(query), USER, PASSWORD);
    }

    @Test
    void aConfidentialOpenIdClientWithPkceRelaxedGoesWithoutItAndReliesOnTheNonce() throws Exception {
        // RFC 9700 §2.1.1: PKCE is recommended for confidential clients, which may use the OpenID nonce instead
        UserAgent browser = new UserAgent();
        URI redirect = authorizeWithoutPkce(browser, "openid profile", "n-relaxed");
        String code = UserAgent.parameter(redirect, "code");
        assertNotNull(code, redirect.toString());
        HttpResponse<String> tokens = postForm("/oauth/token", form(Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", WEB_REDIRECT)), "Authorization", basic(NO_PKCE, WEB_SECRET));
        assertEquals(200, tokens.statusCode(), tokens.body());
        JWTClaimsSet id = com.nimbusds.jwt.SignedJWT.parse(json(tokens).getString("id_token")).getJWTClaimsSet();
        assertEquals("n-relaxed", id.getStringClaim("nonce"));

        // a verifier for a code that had no challenge: the PKCE downgrade of RFC 9700 §2.1.1
        String second = UserAgent.parameter(authorizeWithoutPkce(browser, "openid", "n-2"), "code");
        assertInvalidGrant(postForm("/oauth/token", form(Map.of("grant_type", "authorization_code", "code", second,
                "redirect_uri", WEB_REDIRECT, "code_verifier", Pkce.create().verifier())), "Authorization",
                basic(NO_PKCE, WEB_SECRET)));

        // without openid there is no nonce to rely on: PKCE is required again
        URI plainOAuth = authorizeWithoutPkce(browser, "api.read", null);
        assertEquals("invalid_request", UserAgent.parameter(plainOAuth, "error"), plainOAuth.toString());
        // a client left at the default (it-web) needs PKCE in an OpenID request too
        URI web = browser.authorize(form(Map.of("response_type", "code", "client_id", WEB, "redirect_uri",
                WEB_REDIRECT, "scope", "openid", "nonce", "n")), USER, PASSWORD);
        assertEquals("invalid_request", UserAgent.parameter(web, "error"), web.toString());
    }

    @Test
    void aCodeUsedTwiceRevokesWhatItGave() throws Exception {
        try (AuditQueue queue = new AuditQueue()) {
            Authorization a = authorize(new UserAgent(), WEB, WEB_REDIRECT, "openid offline_access");
            JsonObject first = json(redeemAsWeb(a));

            assertInvalidGrant(redeemAsWeb(a));

            assertInvalidGrant(refreshAsWeb(first.getString("refresh_token")));
            assertEquals(401, userinfo(first.getString("access_token")).statusCode(), "the access token is revoked");
            JsonObject event = queue.await(e -> "code_reuse_detected".equals(e.getString("event"))).body();
            assertEquals(WEB, event.getString("client_id"));
        }
    }

    @Test
    void refreshRotatesAndReuseRevokesTheFamily() throws Exception {
        try (AuditQueue queue = new AuditQueue()) {
            Authorization a = authorize(new UserAgent(), WEB, WEB_REDIRECT, "openid offline_access");
            String first = json(redeemAsWeb(a)).getString("refresh_token");

            HttpResponse<String> rotated = refreshAsWeb(first);
            assertEquals(200, rotated.statusCode(), rotated.body());
            String second = json(rotated).getString("refresh_token");
            assertFalse(first.equals(second));

            // replayed at once, under the server's default (strict, issue #11: the IT server used to set
            // reuse-grace-seconds=0 itself while the default of 5 s answered this replay with 200)
            assertInvalidGrant(refreshAsWeb(first));
            assertInvalidGrant(refreshAsWeb(second));
            assertEquals(401, userinfo(json(rotated).getString("access_token")).statusCode());
            queue.await(e -> "refresh_reuse_detected".equals(e.getString("event")));
        }
    }

    @Test
    void scopeCanBeNarrowedOnRefreshButNotWidened() {
        Authorization a = authorize(new UserAgent(), WEB, WEB_REDIRECT, "openid offline_access api.read");
        String token = json(redeemAsWeb(a)).getString("refresh_token");
        HttpResponse<String> widened = postForm("/oauth/token", form(Map.of("grant_type", "refresh_token",
                "refresh_token", token, "scope", "openid email")), "Authorization", basic(WEB, WEB_SECRET));
        assertEquals(400, widened.statusCode());
        assertEquals("invalid_scope", json(widened).getString("error"));
        // issue 12: one RFC 6749 §3.3 grammar for every grant; refresh used to accept a doubled space
        HttpResponse<String> malformed = postForm("/oauth/token", form(Map.of("grant_type", "refresh_token",
                "refresh_token", token, "scope", "openid  api.read")), "Authorization", basic(WEB, WEB_SECRET));
        assertEquals(400, malformed.statusCode());
        assertEquals("invalid_scope", json(malformed).getString("error"));

        HttpResponse<String> narrowed = postForm("/oauth/token", form(Map.of("grant_type", "refresh_token",
                "refresh_token", token, "scope", "api.read")), "Authorization", basic(WEB, WEB_SECRET));
        assertEquals(200, narrowed.statusCode(), "the widening attempt did not spend the token: " + narrowed.body());
        assertEquals("api.read", json(narrowed).getString("scope"));
    }

    @Test
    void twoSimultaneousRedemptionsOfOneCodeLetExactlyOneWin() throws Exception {
        Authorization a = authorize(new UserAgent(), WEB, WEB_REDIRECT, "openid offline_access");
        List<HttpResponse<String>> results = race(() -> redeemAsWeb(a));
        assertEquals(1, results.stream().filter(r -> r.statusCode() == 200).count(), results.toString());
        assertEquals(1, results.stream().filter(r -> r.statusCode() == 400).count());
    }

    @Test
    void twoSimultaneousRefreshesOfOneTokenLetExactlyOneWin() throws Exception {
        Authorization a = authorize(new UserAgent(), WEB, WEB_REDIRECT, "openid offline_access");
        String token = json(redeemAsWeb(a)).getString("refresh_token");
        List<HttpResponse<String>> results = race(() -> refreshAsWeb(token));
        assertEquals(1, results.stream().filter(r -> r.statusCode() == 200).count(), results.toString());
        assertEquals(1, results.stream().filter(r -> r.statusCode() == 400).count());
        // with no grace window the loser's reuse revokes the family: the winner's successor is dead too
        String winner = results.stream().filter(r -> r.statusCode() == 200).findFirst().map(r -> json(r)
                .getString("refresh_token")).orElseThrow();
        assertInvalidGrant(refreshAsWeb(winner));
    }

    @Test
    void userinfoRefusesMissingForeignAndUnscopedTokens() {
        HttpResponse<String> none = Http.request("GET", "/oauth/userinfo", null);
        assertEquals(401, none.statusCode());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));

        HttpResponse<String> garbage = userinfo("not.a.token");
        assertEquals(401, garbage.statusCode());
        assertTrue(garbage.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));

        // a client_credentials token has no openid scope (RFC 6750 §3.1 insufficient_scope)
        String serviceToken = json(postForm("/oauth/token", "grant_type=client_credentials", "Authorization",
                basic(TokenEndpointIT.BASIC_ID, TokenEndpointIT.BASIC_SECRET))).getString("access_token");
        HttpResponse<String> unscoped = userinfo(serviceToken);
        assertEquals(403, unscoped.statusCode());
        assertTrue(unscoped.headers().firstValue("WWW-Authenticate").orElse("").contains("insufficient_scope"));
    }

    @Test
    void userinfoTakesTheTokenInAFormBodyButInOneWayOnly() {
        // RFC 6750 §2.2 (issue #14: the conformance suite's oidcc-userinfo-post-body), §2: one method per request
        Authorization a = authorize(new UserAgent(), WEB, WEB_REDIRECT, "openid email");
        String token = json(redeemAsWeb(a)).getString("access_token");
        HttpResponse<String> inBody = postForm("/oauth/userinfo", form(Map.of("access_token", token)));
        assertEquals(200, inBody.statusCode(), inBody.body());
        assertTrue(json(inBody).containsKey("email"));
        assertEquals("no-store", inBody.headers().firstValue("Cache-Control").orElse(null));

        HttpResponse<String> twice = postForm("/oauth/userinfo", form(Map.of("access_token", token)),
                "Authorization", "Bearer " + token);
        assertEquals(400, twice.statusCode(), twice.body());
        assertEquals("invalid_request", json(twice).getString("error"));
        assertTrue(twice.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_request"));

        HttpResponse<String> inQuery = Http.request("GET", "/oauth/userinfo?access_token=" + token, null);
        assertEquals(400, inQuery.statusCode(), "RFC 6750 §2.3 is not accepted: " + inQuery.body());
        HttpResponse<String> queryAndHeader = Http.request("GET", "/oauth/userinfo?access_token=" + token, null,
                "Authorization", "Bearer " + token);
        assertEquals(400, queryAndHeader.statusCode());

        HttpResponse<String> badToken = postForm("/oauth/userinfo", "access_token=not.a.token");
        assertEquals(401, badToken.statusCode());
        assertTrue(badToken.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
        assertEquals(400, postForm("/oauth/userinfo", "access_token=%zz").statusCode(), "strict decoding");
        // a form without a token is like no token at all
        assertEquals(401, postForm("/oauth/userinfo", "foo=bar").statusCode());
    }

    /** Fires the same request twice at the same instant from two threads. */
    private static List<HttpResponse<String>> race(java.util.function.Supplier<HttpResponse<String>> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return request.get();
                }, pool));
            }
            start.countDown();
            List<HttpResponse<String>> results = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- resource indicators (RFC 8707) -------------------------------------------------------
    // The server allows https://mcp.example.com/ and https://tools.example.com/ (jeton.resources.allowed);
    // tokens for the latter live 90 s (jeton.resources."https://tools.example.com/".access-token-ttl-seconds).

    static final String MCP_AGENT = "it-mcp-agent";
    static final String MCP = "https://mcp.example.com/";
    static final String TOOLS = "https://tools.example.com/";

    /** The agent's authorization request for {@code resources}, each as its own resource parameter. */
    private static String agentQuery(Pkce pkce, String state, String... resources) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", MCP_AGENT);
        query.put("redirect_uri", WEB_REDIRECT);
        query.put("scope", "openid offline_access api.read");
        query.put("state", state);
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        query.put("prompt", "consent");
        StringBuilder out = new StringBuilder(form(query));
        for (String resource : resources) {
            out.append("&resource=").append(encode(resource));
        }
        return out.toString();
    }

    private static String withResources(Map<String, String> body, String... resources) {
        StringBuilder out = new StringBuilder(form(body));
        for (String resource : resources) {
            out.append("&resource=").append(encode(resource));
        }
        return out.toString();
    }

    private static HttpResponse<String> asAgent(String path, Map<String, String> body, String... resources) {
        return postForm(path, withResources(body, resources), "Authorization", basic(MCP_AGENT, WEB_SECRET));
    }

    private static JWTClaimsSet accessClaims(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return com.nimbusds.jwt.SignedJWT.parse(json(response).getString("access_token")).getJWTClaimsSet();
    }

    private static void assertInvalidTarget(HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("invalid_target", json(response).getString("error"), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
    }

    /** Signs in, checks that the consent page names {@code resources}, approves, returns the code. */
    private static String codeWithConsent(UserAgent browser, Pkce pkce, String... resources) {
        String state = UUID.randomUUID().toString();
        HttpResponse<String> page = browser.signIn(browser.signInPage(agentQuery(pkce, state, resources)), USER,
                PASSWORD);
        for (int i = 0; i < 4 && page.statusCode() / 100 == 3; i++) {
            page = browser.get(page.uri().resolve(page.headers().firstValue("Location").orElseThrow()));
        }
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("name=\"decision\""), "the consent page: " + page.body());
        for (String resource : resources) {
            assertTrue(page.body().contains("<code>" + resource + "</code>"), "the consent page names " + resource);
        }
        URI redirect = browser.follow(page, USER, PASSWORD);
        assertTrue(redirect.toString().startsWith(WEB_REDIRECT + "?"), redirect.toString());
        assertEquals(state, UserAgent.parameter(redirect, "state"));
        return UserAgent.parameter(redirect, "code");
    }

    @Test
    void aCodeForTwoResourcesGivesTokensForEachAndARefreshMayNarrowButNeverWiden() throws Exception {
        Pkce pkce = Pkce.create();
        String code = codeWithConsent(new UserAgent(), pkce, MCP, TOOLS);

        try (AuditQueue audit = new AuditQueue()) {
            // RFC 8707 §2.2: the token request names one resource of the grant; the token is for it alone
            HttpResponse<String> redeemed = asAgent("/oauth/token", Map.of("grant_type", "authorization_code",
                    "code", code, "redirect_uri", WEB_REDIRECT, "code_verifier", pkce.verifier()), MCP);
            JWTClaimsSet mcpToken = accessClaims(redeemed);
            assertEquals(List.of(MCP), mcpToken.getAudience());
            // a token for the MCP server is not one for Jeton's own userinfo (RFC 9068 §4)
            HttpResponse<String> userinfo = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                    "Bearer " + json(redeemed).getString("access_token"));
            assertEquals(401, userinfo.statusCode(), userinfo.body());
            assertTrue(userinfo.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
            JsonObject issued = audit.await(e -> "token_issued".equals(e.getString("event"))
                    && mcpToken.getJWTID().equals(e.getString("jti", null))).body();
            assertEquals(List.of(MCP), issued.getJsonArray("resource").getValuesAs(jakarta.json.JsonString.class)
                    .stream().map(jakarta.json.JsonString::getString).toList(), "the audit event names the resource");
            String refresh = json(redeemed).getString("refresh_token");

            // the refresh token remembers both: a refresh may ask for the other one...
            HttpResponse<String> toTools = asAgent("/oauth/token", Map.of("grant_type", "refresh_token",
                    "refresh_token", refresh), TOOLS);
            assertEquals(List.of(TOOLS), accessClaims(toTools).getAudience());
            assertEquals(90, json(toTools).getJsonNumber("expires_in").longValue(), "the resource's own lifetime");
            refresh = json(toTools).getString("refresh_token");

            // ...never one outside the grant, even one the client is registered for; the token is not spent
            assertInvalidTarget(asAgent("/oauth/token", Map.of("grant_type", "refresh_token",
                    "refresh_token", refresh), MCP, "https://outside.example.com/"));
            audit.await(e -> "token_denied".equals(e.getString("event")) && "invalid_target".equals(
                    e.getString("error", null)) && MCP_AGENT.equals(e.getString("client_id", null))
                    && e.containsKey("resource") && e.getJsonArray("resource").toString()
                    .contains("https://outside.example.com/"));
            // without resource: all of the grant's resources
            assertEquals(List.of(MCP, TOOLS), accessClaims(asAgent("/oauth/token", Map.of("grant_type",
                    "refresh_token", "refresh_token", refresh))).getAudience());
        }

        // introspection reports aud; the MCP server (its audience) may see the token
        HttpResponse<String> introspected = postForm("/oauth/introspect", form(Map.of("token",
                json(asAgent("/oauth/token", Map.of("grant_type", "authorization_code", "code",
                        codeWithConsent(new UserAgent(), pkce = Pkce.create(), MCP), "redirect_uri", WEB_REDIRECT,
                        "code_verifier", pkce.verifier()))).getString("access_token"))),
                "Authorization", basic("it-mcp-server", WEB_SECRET));
        assertEquals(200, introspected.statusCode(), introspected.body());
        JsonObject answer = json(introspected);
        assertTrue(answer.getBoolean("active"), answer.toString());
        assertEquals(MCP, answer.getString("aud"), "RFC 7662 §2.2 aud: the one resource of the grant");
    }

    @Test
    void aCodeRedeemedForAResourceItDoesNotCoverIsInvalidTargetAndStaysUsable() throws Exception {
        Pkce pkce = Pkce.create();
        String code = codeWithConsent(new UserAgent(), pkce, MCP);
        Map<String, String> redeem = Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", WEB_REDIRECT, "code_verifier", pkce.verifier());
        assertInvalidTarget(asAgent("/oauth/token", redeem, TOOLS));
        assertInvalidTarget(asAgent("/oauth/token", redeem, "https://mcp.example.com/#fragment"));
        assertEquals(List.of(MCP), accessClaims(asAgent("/oauth/token", redeem)).getAudience(),
                "the refused requests did not spend the code");
    }

    @Test
    void theAuthorizationEndpointRedirectsInvalidTargetForResourcesItMayNotGrant() {
        for (String resource : List.of("https://elsewhere.example.com/", "https://outside.example.com/",
                "https://mcp.example.com/#frag", "not-absolute")) {
            // not registered; registered but outside jeton.resources.allowed; malformed twice
            String state = UUID.randomUUID().toString();
            HttpResponse<String> response = new UserAgent().get(Http.at("/oauth/authorize?"
                    + agentQuery(Pkce.create(), state, resource)));
            assertEquals(3, response.statusCode() / 100, response.statusCode() + ": " + response.body());
            URI redirect = URI.create(response.headers().firstValue("Location").orElseThrow());
            assertTrue(redirect.toString().startsWith(WEB_REDIRECT + "?"), redirect.toString());
            assertEquals("invalid_target", UserAgent.parameter(redirect, "error"), resource);
            assertEquals(state, UserAgent.parameter(redirect, "state"));
            assertEquals(Http.base().toString(), UserAgent.parameter(redirect, "iss"), "RFC 9207");
        }
    }

    @Test
    void clientCredentialsGetTokensForResourcesBeneathTheRegisteredPrefixOnly() throws Exception {
        Map<String, String> body = Map.of("grant_type", "client_credentials");
        String auth = basic("it-mcp-service", WEB_SECRET);
        JWTClaimsSet token = accessClaims(postForm("/oauth/token", withResources(body, TOOLS + "search"),
                "Authorization", auth));
        assertEquals(List.of(TOOLS + "search"), token.getAudience());
        assertInvalidTarget(postForm("/oauth/token", withResources(body, "https://tools.example.comx/"),
                "Authorization", auth));
        assertInvalidTarget(postForm("/oauth/token", withResources(body, MCP), "Authorization", auth));
        assertInvalidTarget(postForm("/oauth/token", withResources(body, "https://tools.example.comevil/"),
                "Authorization", auth));
        HttpResponse<String> exact = postForm("/oauth/token", withResources(body, TOOLS), "Authorization", auth);
        assertEquals(List.of(TOOLS), accessClaims(exact).getAudience());
        assertEquals(90, json(exact).getJsonNumber("expires_in").longValue());
    }

    @Test
    void aDeviceAskingForAResourceGetsATokenForIt() throws Exception {
        HttpResponse<String> started = asAgent("/oauth/device_authorization", Map.of("scope", "api.read"), MCP);
        assertEquals(200, started.statusCode(), started.body());
        JsonObject device = json(started);
        assertInvalidTarget(asAgent("/oauth/device_authorization", Map.of("scope", "api.read"),
                "https://elsewhere.example.com/"));

        UserAgent phone = new UserAgent();
        HttpResponse<String> page = phone.signIn(phone.signInPageAt(Http.at("/activate?user_code="
                + encode(device.getString("user_code")))), USER, PASSWORD);
        for (int i = 0; i < 4 && page.statusCode() / 100 == 3; i++) {
            page = phone.get(page.uri().resolve(page.headers().firstValue("Location").orElseThrow()));
        }
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<code>" + MCP + "</code>"), "the device consent page names the resource");
        java.util.regex.Matcher action = java.util.regex.Pattern.compile("<form method=\"post\" action=\"([^\"]+)\"")
                .matcher(page.body());
        assertTrue(action.find(), page.body());
        Map<String, String> decision = new LinkedHashMap<>();
        java.util.regex.Matcher hidden = java.util.regex.Pattern.compile(
                "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(page.body());
        while (hidden.find()) {
            decision.put(hidden.group(1), hidden.group(2).replace("&amp;", "&"));
        }
        decision.put("decision", "approve");
        HttpResponse<String> approved = phone.post(page.uri().resolve(action.group(1).replace("&amp;", "&")),
                decision);
        assertTrue(approved.statusCode() < 400, approved.statusCode() + ": " + approved.body());

        Map<String, String> poll = Map.of("grant_type", DeviceAndExchangeIT.DEVICE_GRANT, "device_code",
                device.getString("device_code"));
        assertInvalidTarget(asAgent("/oauth/token", poll, TOOLS));
        assertEquals(List.of(MCP), accessClaims(asAgent("/oauth/token", poll, MCP)).getAudience());
    }

    // ---- issue #18: sessions, RP-Initiated Logout, Back-Channel Logout, operators ----

    @Test
    void signingOutThroughOneClientEndsTheSessionAndBothClientsGetALogoutToken() throws Exception {
        try (BackchannelReceiver a = new BackchannelReceiver(LogoutSteps.A_PORT);
             BackchannelReceiver b = new BackchannelReceiver(LogoutSteps.B_PORT);
             AuditQueue audit = new AuditQueue()) {
            UserAgent browser = new UserAgent();
            LogoutSteps.Tokens atA = LogoutSteps.signIn(browser, LogoutSteps.A, LogoutSteps.A_REDIRECT);
            // the same browser session: no second sign-in, the same sid in both clients' ID tokens
            LogoutSteps.Tokens atB = LogoutSteps.signIn(browser, LogoutSteps.B, LogoutSteps.B_REDIRECT);
            String sid = atA.sid();
            assertNotNull(sid, "Back-Channel Logout 1.0 section 2.4: the ID token carries the session's sid");
            assertEquals(sid, atB.sid());
            assertTrue(LogoutSteps.active(LogoutSteps.A, atA.accessToken()));

            // RP-Initiated Logout 1.0 through client A, with its ID token as the hint
            HttpResponse<String> logout = browser.get(Http.at("/oauth/logout?" + form(Map.of(
                    "id_token_hint", atA.idToken(), "post_logout_redirect_uri", LogoutSteps.A_SIGNED_OUT,
                    "state", "st 1", "ui_locales", "fr en"))));
            assertEquals(302, logout.statusCode(), logout.body());
            assertEquals(LogoutSteps.A_SIGNED_OUT + "?state=st+1", logout.headers().firstValue("Location")
                    .orElseThrow());
            assertTrue(logout.headers().allValues("Set-Cookie").stream()
                    .anyMatch(c -> c.startsWith("jeton_session=;") && c.contains("Max-Age=0")), "the cookie is cleared");

            // both clients of the session are told, each with a token for itself
            var claimsA = LogoutSteps.logoutTokenFor(a, LogoutSteps.A, sid, Duration.ofSeconds(15));
            BackchannelReceiver.Delivery atReceiverB = LogoutSteps.deliveryFor(b, LogoutSteps.B, sid,
                    Duration.ofSeconds(15));
            assertEquals("tenant=b", atReceiverB.query(), "the registered URI, query and all");
            var claimsB = LogoutSteps.verifiedLogoutToken(atReceiverB, LogoutSteps.B);
            assertEquals(atA.id().getSubject(), claimsA.getSubject());
            assertFalse(claimsA.getJWTID().equals(claimsB.getJWTID()));

            // the session is over: a silent request must sign in again
            URI silent = LogoutSteps.promptNone(browser, LogoutSteps.A, LogoutSteps.A_REDIRECT);
            assertEquals("login_required", UserAgent.parameter(silent, "error"), silent.toString());
            // tokens: access tokens of the session are inactive everywhere; A's refresh token is revoked (third
            // party), B keeps offline access (logout_revokes_refresh_tokens false)
            assertFalse(LogoutSteps.active(LogoutSteps.A, atA.accessToken()));
            assertFalse(LogoutSteps.active(LogoutSteps.B, atB.accessToken()));
            assertEquals(401, userinfo(atA.accessToken()).statusCode());
            assertInvalidGrant(LogoutSteps.refresh(LogoutSteps.A, atA.refreshToken()));
            HttpResponse<String> offline = LogoutSteps.refresh(LogoutSteps.B, atB.refreshToken());
            assertEquals(200, offline.statusCode(), offline.body());
            assertTrue(LogoutSteps.active(LogoutSteps.B, json(offline).getString("access_token")));

            // in the order they were committed (the queue is read once): the session's end, the sign-out, then the
            // deliveries
            String subject = atA.id().getSubject();
            JsonObject ended = audit.await(e -> "session_ended".equals(e.getString("event"))
                    && sid.equals(e.getString("sid", null))).body();
            assertEquals("logout", ended.getString("reason"));
            assertEquals(LogoutSteps.A, ended.getString("client_id"));
            JsonObject signedOut = audit.await(e -> "user_signed_out".equals(e.getString("event"))
                    && sid.equals(e.getString("sid", null))).body();
            assertEquals(LogoutSteps.A, signedOut.getString("client_id"));
            assertEquals(subject, signedOut.getString("sub"));
            audit.await(e -> "backchannel_logout_delivered".equals(e.getString("event"))
                    && sid.equals(e.getString("sid", null)));
        }
    }

    /**
     * Issue #18's browser test, in headless Chromium: a person signs in to two clients (one sign-in, one session),
     * signs out through one at the end_session_endpoint discovery names; both clients' back-channel receivers get
     * a valid logout token for the session, the one that was down when it is back; then a silent authorization in
     * the same browser gets login_required.
     */
    @Test
    void aPersonSignsInToTwoClientsInARealBrowserAndSigningOutThroughOneTellsBoth() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.availableOrRequired(),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        String username = "erin-" + UUID.randomUUID().toString().substring(0, 8);
        createUser(username, "erin-password-1");
        JsonObject discovery = json(Http.request("GET", "/.well-known/openid-configuration", null));
        String endSession = discovery.getString("end_session_endpoint");
        assertEquals(Http.at("/oauth/logout").toString(), endSession);
        assertTrue(discovery.getBoolean("backchannel_logout_supported"));
        assertTrue(discovery.getBoolean("backchannel_logout_session_supported"));

        WebDriver browser = HeadlessChromium.start();
        try (LoopbackCallback rp = new LoopbackCallback(LogoutSteps.RP_PORT, "/");
             BackchannelReceiver a = new BackchannelReceiver(LogoutSteps.A_PORT);
             AuditQueue audit = new AuditQueue()) {
            LogoutSteps.Tokens atA = LogoutSteps.signIn(browser, rp, LogoutSteps.A, LogoutSteps.A_LOOPBACK_REDIRECT,
                    username, "erin-password-1");
            // the second client: the browser's session signs the person in without the password
            LogoutSteps.Tokens atB = LogoutSteps.signIn(browser, rp, LogoutSteps.B, LogoutSteps.B_LOOPBACK_REDIRECT,
                    username, "not-asked-again");
            String sid = atA.sid();
            assertNotNull(sid, "Back-Channel Logout 1.0 section 2.4: the ID token carries the session's sid");
            assertEquals(sid, atB.sid(), "one session, two clients");

            // RP-Initiated Logout 1.0 through A; B's receiver is down
            browser.get(endSession + "?" + form(Map.of("id_token_hint", atA.idToken(),
                    "post_logout_redirect_uri", LogoutSteps.A_LOOPBACK_SIGNED_OUT, "state", "bye")));
            assertEquals(LogoutSteps.A_LOOPBACK_SIGNED_OUT + "?state=bye", rp.await().toString());

            JWTClaimsSet toA = LogoutSteps.logoutTokenFor(a, LogoutSteps.A, sid, Duration.ofSeconds(15));
            assertEquals(sid, toA.getStringClaim("sid"));
            assertEquals(atA.id().getSubject(), toA.getSubject());
            try (BackchannelReceiver b = new BackchannelReceiver(LogoutSteps.B_PORT)) {
                // retried with back-off (1, 2, 2, ... s in the test configuration) until the receiver answers
                JWTClaimsSet toB = LogoutSteps.verifiedLogoutToken(LogoutSteps.deliveryFor(b, LogoutSteps.B, sid,
                        Duration.ofSeconds(25)), LogoutSteps.B);
                assertEquals(sid, toB.getStringClaim("sid"));
                assertEquals(atB.id().getSubject(), toB.getSubject());
                assertFalse(toA.getJWTID().equals(toB.getJWTID()), "one logout token per client");
            }

            Map<String, String> silent = LogoutSteps.authorizationQuery(LogoutSteps.A,
                    LogoutSteps.A_LOOPBACK_REDIRECT, Pkce.create());
            silent.put("prompt", "none");
            browser.get(Http.at("/oauth/authorize?" + form(silent)).toString());
            URI answer = rp.await();
            assertEquals("login_required", UserAgent.parameter(answer, "error"), answer.toString());

            for (String client : List.of(LogoutSteps.A, LogoutSteps.B)) {
                audit.await(e -> "backchannel_logout_delivered".equals(e.getString("event"))
                        && sid.equals(e.getString("sid", null)) && client.equals(e.getString("client_id", null)));
            }
        } finally {
            browser.quit();
        }
    }

    @Test
    void signingOutEverywhereEndsEverySessionOfTheUserAndARefusedReceiverIsAFinalFailure() throws Exception {
        String username = "frank-" + UUID.randomUUID().toString().substring(0, 8);
        createUser(username, "frank-password-1");
        try (BackchannelReceiver a = new BackchannelReceiver(LogoutSteps.A_PORT);
             AuditQueue audit = new AuditQueue()) {
            UserAgent laptop = new UserAgent();
            UserAgent phone = new UserAgent();
            LogoutSteps.Tokens atA = LogoutSteps.signIn(laptop, LogoutSteps.A, LogoutSteps.A_REDIRECT, username,
                    "frank-password-1");
            LogoutSteps.Tokens atC = LogoutSteps.signIn(phone, LogoutSteps.C, LogoutSteps.C_REDIRECT, username,
                    "frank-password-1");
            assertFalse(atA.sid().equals(atC.sid()), "two browsers, two sessions");

            HttpResponse<String> page = laptop.get(Http.at("/account/sessions"));
            assertEquals(200, page.statusCode(), page.body());
            assertEquals(2, page.body().split("<li>Signed in ", -1).length - 1, page.body());
            assertTrue(page.body().contains("(this browser)"), page.body());
            Map<String, String> fields = UserAgent.hiddenFields(page.body());
            assertNotNull(fields.get("csrf"), page.body());
            Map<String, String> forged = new java.util.HashMap<>(fields);
            forged.put("csrf", "not-the-token");
            assertEquals(403, laptop.post(Http.at("/account/sessions"), forged).statusCode());

            HttpResponse<String> done = laptop.post(Http.at("/account/sessions"), fields);
            assertEquals(200, done.statusCode(), done.body());
            assertTrue(done.headers().allValues("Set-Cookie").stream()
                    .anyMatch(c -> c.startsWith("jeton_session=;")), "the cookie is cleared");

            LogoutSteps.logoutTokenFor(a, LogoutSteps.A, atA.sid(), Duration.ofSeconds(15));
            assertEquals("login_required", UserAgent.parameter(LogoutSteps.promptNone(laptop, LogoutSteps.A,
                    LogoutSteps.A_REDIRECT), "error"));
            assertEquals("login_required", UserAgent.parameter(LogoutSteps.promptNone(phone, LogoutSteps.C,
                    LogoutSteps.C_REDIRECT), "error"), "the other browser is signed out too");
            assertFalse(LogoutSteps.active(LogoutSteps.A, atA.accessToken()));
            assertEquals(401, userinfo(atC.accessToken()).statusCode());

            // the events of this user's sessions, in whatever order the queue has them
            Map<String, JsonObject> events = new LinkedHashMap<>();
            String endedA = "session_ended " + atA.sid();
            String endedC = "session_ended " + atC.sid();
            String signedOut = "user_signed_out " + atA.sid();
            String failedC = "backchannel_logout_failed " + atC.sid();
            audit.await(e -> {
                String sid = e.getString("sid", null);
                if (atA.sid().equals(sid) || atC.sid().equals(sid)) {
                    events.put(e.getString("event") + " " + sid, e);
                }
                return events.keySet().containsAll(List.of(endedA, endedC, signedOut, failedC));
            });
            assertEquals("sign_out_everywhere", events.get(signedOut).getString("reason"));
            assertEquals(atA.id().getSubject(), events.get(signedOut).getString("sub"));
            assertEquals("sign_out_everywhere", events.get(endedA).getString("reason"));
            assertEquals("sign_out_everywhere", events.get(endedC).getString("reason"));
            // C's back-channel URI is plain http off loopback: the outbound fetcher never sends there, and the
            // delivery fails at once, audited with the reason
            JsonObject failed = events.get(failedC);
            assertEquals(LogoutSteps.C, failed.getString("client_id"));
            assertEquals("not_https_after_1", failed.getString("reason"));
        }
    }

    @Test
    void aDynamicallyRegisteredClientIsSentBackToItsOwnPostLogoutRedirectUriExactlyAsRegistered() throws Exception {
        String initial = json(postForm("/oauth/token", form(Map.of("grant_type", "client_credentials",
                "scope", "jeton.register")), "Authorization", basic("it-registrar", WEB_SECRET)))
                .getString("access_token");
        HttpResponse<String> registered = Http.request("POST", "/oauth/register", ("{'client_name':'Logout probe',"
                + "'redirect_uris':['https://dcr.example/cb'],'post_logout_redirect_uris':['https://dcr.example/bye'],"
                + "'grant_types':['authorization_code'],'response_types':['code'],'scope':'openid',"
                + "'token_endpoint_auth_method':'client_secret_basic'}").replace('\'', '"'),
                "Content-Type", "application/json", "Authorization", "Bearer " + initial);
        assertEquals(201, registered.statusCode(), registered.body());
        JsonObject client = json(registered);
        assertEquals("https://dcr.example/bye", client.getJsonArray("post_logout_redirect_uris").getString(0));
        String id = client.getString("client_id");

        UserAgent browser = new UserAgent();
        Pkce pkce = Pkce.create();
        Map<String, String> query = LogoutSteps.authorizationQuery(id, "https://dcr.example/cb", pkce);
        query.put("scope", "openid");
        URI redirect = browser.authorize(form(query), USER, PASSWORD);
        HttpResponse<String> tokens = postForm("/oauth/token", form(Map.of("grant_type", "authorization_code",
                "code", UserAgent.parameter(redirect, "code"), "redirect_uri", "https://dcr.example/cb",
                "code_verifier", pkce.verifier())), "Authorization", basic(id, client.getString("client_secret")));
        assertEquals(200, tokens.statusCode(), tokens.body());
        String hint = json(tokens).getString("id_token");

        // RP-Initiated Logout 1.0 section 3: compared exactly; another client's URI is not this one's
        for (String wrong : List.of("https://dcr.example/bye/", "https://dcr.example/bye?x=1",
                "https://DCR.example/bye", LogoutSteps.A_SIGNED_OUT)) {
            HttpResponse<String> refused = browser.get(Http.at("/oauth/logout?" + form(Map.of(
                    "id_token_hint", hint, "post_logout_redirect_uri", wrong))));
            assertEquals(400, refused.statusCode(), wrong);
            assertTrue(refused.headers().firstValue("Location").isEmpty(), wrong);
        }
        HttpResponse<String> out = browser.get(Http.at("/oauth/logout?" + form(Map.of("id_token_hint", hint,
                "post_logout_redirect_uri", "https://dcr.example/bye", "state", "z"))));
        assertEquals(302, out.statusCode(), out.body());
        assertEquals("https://dcr.example/bye?state=z", out.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void withoutAHintTheUserConfirmsAndAnUnregisteredRedirectIsRefused() throws Exception {
        UserAgent browser = new UserAgent();
        LogoutSteps.Tokens tokens = LogoutSteps.signIn(browser, LogoutSteps.A, LogoutSteps.A_REDIRECT);

        HttpResponse<String> refused = browser.get(Http.at("/oauth/logout?" + form(Map.of(
                "client_id", LogoutSteps.A, "post_logout_redirect_uri", "https://evil.example/"))));
        assertEquals(400, refused.statusCode());
        assertTrue(refused.headers().firstValue("Location").isEmpty(), "no redirect to an unregistered URI");

        HttpResponse<String> confirm = browser.get(Http.at("/oauth/logout?" + form(Map.of(
                "client_id", LogoutSteps.A, "post_logout_redirect_uri", LogoutSteps.A_SIGNED_OUT, "state", "x"))));
        assertEquals(200, confirm.statusCode(), confirm.body());
        Map<String, String> fields = UserAgent.hiddenFields(confirm.body());
        assertNotNull(fields.get("csrf"), confirm.body());
        // still signed in while the user has not confirmed
        assertNotNull(UserAgent.parameter(LogoutSteps.promptNone(browser, LogoutSteps.A, LogoutSteps.A_REDIRECT),
                "code"));

        Map<String, String> forged = new java.util.HashMap<>(fields);
        forged.put("csrf", "not-the-token");
        forged.put("action", "logout");
        assertEquals(403, browser.post(Http.at("/oauth/logout"), forged).statusCode());

        fields.put("action", "logout");
        HttpResponse<String> done = browser.post(Http.at("/oauth/logout"), fields);
        assertEquals(303, done.statusCode(), done.body());
        assertEquals(LogoutSteps.A_SIGNED_OUT + "?state=x", done.headers().firstValue("Location").orElseThrow());
        assertEquals("login_required", UserAgent.parameter(LogoutSteps.promptNone(browser, LogoutSteps.A,
                LogoutSteps.A_REDIRECT), "error"));
        assertFalse(LogoutSteps.active(LogoutSteps.A, tokens.accessToken()));
    }

    @Test
    void anOperatorListsAndEndsAUsersSessionAndTheClientIsTold() throws Exception {
        try (BackchannelReceiver a = new BackchannelReceiver(LogoutSteps.A_PORT);
             AuditQueue audit = new AuditQueue()) {
            UserAgent browser = new UserAgent();
            LogoutSteps.Tokens tokens = LogoutSteps.signIn(browser, LogoutSteps.A, LogoutSteps.A_REDIRECT);
            String admin = json(postForm("/oauth/token", "grant_type=client_credentials&scope=jeton.admin",
                    "Authorization", basic("it-admin", WEB_SECRET))).getString("access_token");

            HttpResponse<String> list = Http.request("GET", "/admin/users/" + USER + "/sessions", null,
                    "Authorization", "Bearer " + admin);
            assertEquals(200, list.statusCode(), list.body());
            assertTrue(json(list).getJsonArray("sessions").stream().map(JsonObject.class::cast)
                    .anyMatch(s -> s.getString("sid").equals(tokens.sid())
                            && s.getJsonArray("clients").getString(0).equals(LogoutSteps.A)), list.body());
            assertEquals(404, Http.request("DELETE", "/admin/users/" + USER + "/sessions/no-such-sid", null,
                    "Authorization", "Bearer " + admin).statusCode());
            assertEquals(401, Http.request("DELETE", "/admin/users/" + USER + "/sessions/" + tokens.sid(), null)
                    .statusCode());

            // the operator's script lists the session and ends it (DELETE /admin/users/{name}/sessions/{sid})
            AuditSh listed = users("sessions", USER);
            assertEquals(0, listed.status(), listed.err());
            assertTrue(String.join("\n", listed.lines()).contains(tokens.sid()), listed.lines().toString());
            AuditSh end = users("end-session", USER, tokens.sid());
            assertEquals(0, end.status(), end.err());
            assertEquals(1, users("end-session", USER, tokens.sid()).status(), "ended already: 404");

            LogoutSteps.logoutTokenFor(a, LogoutSteps.A, tokens.sid(), Duration.ofSeconds(15));
            JsonObject ended = audit.await(e -> "session_ended".equals(e.getString("event"))
                    && tokens.sid().equals(e.getString("sid", null))).body();
            assertEquals("admin", ended.getString("reason"));
            assertEquals("it-admin", ended.getString("client_id"));
            assertEquals("login_required", UserAgent.parameter(LogoutSteps.promptNone(browser, LogoutSteps.A,
                    LogoutSteps.A_REDIRECT), "error"));

            // end-sessions: every session of a user at once
            String username = "gina-" + UUID.randomUUID().toString().substring(0, 8);
            createUser(username, "gina-password-1");
            UserAgent one = new UserAgent();
            UserAgent two = new UserAgent();
            LogoutSteps.Tokens first = LogoutSteps.signIn(one, LogoutSteps.A, LogoutSteps.A_REDIRECT, username,
                    "gina-password-1");
            LogoutSteps.signIn(two, LogoutSteps.A, LogoutSteps.A_REDIRECT, username, "gina-password-1");
            AuditSh all = users("end-sessions", username);
            assertEquals(0, all.status(), all.err());
            assertEquals(List.of("{\"ended\":2}"), all.lines());
            LogoutSteps.logoutTokenFor(a, LogoutSteps.A, first.sid(), Duration.ofSeconds(15));
            assertEquals("login_required", UserAgent.parameter(LogoutSteps.promptNone(two, LogoutSteps.A,
                    LogoutSteps.A_REDIRECT), "error"));
        }
    }

    /** server-config/users.sh as an operator runs it, with the IT's admin client. */
    private static AuditSh users(String... args) throws Exception {
        return AuditSh.runScript("users.sh", Map.of("JETON_ISSUER", Http.base().toString().replaceAll("/$", ""),
                "JETON_ADMIN_CLIENT_ID", "it-admin", "JETON_ADMIN_CLIENT_SECRET", WEB_SECRET), args);
    }

    // ---- MCP: the official MCP TypeScript SDK's client and an MCP server behind Jeton (issue 16) ----

    @Test
    void anMcpClientOfTheOfficialSdkRegistersSignsInCallsAToolAndRefreshes() throws Exception {
        mcpJourney(McpEndToEnd.Identity.DYNAMIC_REGISTRATION);
    }

    @Test
    void anMcpClientOfTheOfficialSdkNamedByItsMetadataDocumentSignsInCallsAToolAndRefreshes() throws Exception {
        mcpJourney(McpEndToEnd.Identity.METADATA_DOCUMENT);
    }

    private static void mcpJourney(McpEndToEnd.Identity identity) throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.availableOrRequired(),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        WebDriver browser = HeadlessChromium.start();
        try {
            McpEndToEnd.sdkClientSignsInCallsAndRefreshes(identity, browser, USER, PASSWORD);
        } finally {
            browser.quit();
        }
    }

    @Test
    void theMcpServerOfTheEndToEndTestRefusesTokensThatAreNotForIt() throws Exception {
        McpEndToEnd.serverChecksTokensForItsAudience();
    }
}
