package dev.jeton.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The authorization endpoint with sign-in and consent, driven like a browser without
 * JavaScript: a cookie jar, no automatic redirects, forms posted by hand (RFC 6749 §4.1,
 * RFC 7636, OIDC Core §3.1.2, RFC 9207).
 *
 * <p>All tests sign in as the demo user alice, and consents stay in the database for the whole
 * build (other IT classes share it), so no test relies on a consent being absent unless it uses
 * it-consent, a client that no test ever approves; tests that need the consent page of another
 * client force it with prompt=consent.
 */
@ExtendWith(ArquillianExtension.class)
class AuthorizeFlowIT {

    static final String USER = "alice";
    static final String PASSWORD = "alice-password-for-tests";
    static final String WEB = "it-web";
    static final String WEB_CALLBACK = "https://client.example.org/cb";
    static final String SPA = "it-spa";
    static final String SPA_CALLBACK = "http://127.0.0.1:9876/callback";
    static final String FIRST = "it-first";
    /** Never approved by anyone: its consent page always shows. */
    static final String UNAPPROVED = "it-consent";

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    private static final Pattern AUTHZ = Pattern.compile("name=\"authz\" value=\"([^\"]+)\"");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return JetonWar.packaged();
    }

    @Test
    void codeFlowWithSignInAndConsent() {
        Browser browser = new Browser();
        String state = "st\u00e4te & more";
        HttpResponse<String> authorize = browser.get(authorizeUrl(WEB, WEB_CALLBACK, "openid profile api.read", state,
                Map.of("nonce", "n-0S6_WzA2Mj", "prompt", "consent")));
        assertEquals(302, authorize.statusCode(), authorize.body());
        URI login = location(authorize);
        assertTrue(login.toString().startsWith(Http.base() + "/login?authz="), login.toString());
        assertNoStore(authorize);

        HttpResponse<String> form = browser.get(login);
        assertEquals(200, form.statusCode());
        assertPageHeaders(form);
        assertTrue(form.body().contains("Example Web App &lt;IT&gt; &amp; &quot;friends&quot;"), "client name escaped");
        assertTrue(form.body().contains("autocomplete=\"username\"") && form.body().contains(
                "autocomplete=\"current-password\""));
        String sessionBefore = browser.cookie("jeton_browser").orElseThrow();
        String csrfBefore = field(form, CSRF);

        HttpResponse<String> signedIn = browser.post(Http.at("/login"), Map.of("username", USER, "password", PASSWORD,
                "csrf", csrfBefore, "authz", field(form, AUTHZ)));
        assertEquals(303, signedIn.statusCode(), signedIn.body());
        URI consent = location(signedIn);
        assertTrue(consent.toString().startsWith(Http.base() + "/consent?authz="), consent.toString());
        assertNotEquals(sessionBefore, browser.cookie("jeton_browser").orElseThrow(),
                "a new session id after sign-in (session fixation)");

        HttpResponse<String> consentPage = browser.get(consent);
        assertEquals(200, consentPage.statusCode());
        assertPageHeaders(consentPage);
        String page = consentPage.body();
        assertTrue(page.contains("<code>openid</code>") && page.contains("<code>profile</code>")
                && page.contains("<code>api.read</code>"), page);
        assertTrue(page.contains("client.example.org"), "where the user will be sent");
        assertTrue(consentPage.headers().firstValue("Content-Security-Policy").orElse("")
                .contains("form-action 'self' https://client.example.org"), "the redirect after the POST is allowed");
        assertNotEquals(csrfBefore, field(consentPage, CSRF), "a new CSRF token after sign-in");

        HttpResponse<String> approved = browser.post(Http.at("/consent"), Map.of("decision", "approve",
                "csrf", field(consentPage, CSRF), "authz", field(consentPage, AUTHZ)));
        assertEquals(303, approved.statusCode(), approved.body());
        assertNoStore(approved);
        URI callback = location(approved);
        assertTrue(callback.toString().startsWith(WEB_CALLBACK + "?"), callback.toString());
        Map<String, String> response = query(callback);
        assertTrue(response.get("code").matches("[A-Za-z0-9_-]{43}"), "256-bit code");
        assertEquals(state, response.get("state"));
        assertEquals(Http.base().toString(), response.get("iss"), "RFC 9207");

        HttpResponse<String> again = browser.post(Http.at("/consent"), Map.of("decision", "approve",
                "csrf", field(consentPage, CSRF), "authz", field(consentPage, AUTHZ)));
        assertEquals(400, again.statusCode(), "a finished request cannot give a second code");
        assertTrue(again.headers().firstValue("Location").isEmpty());
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteLax() {
        Browser browser = new Browser();
        HttpResponse<String> authorize = browser.get(authorizeUrl(WEB, WEB_CALLBACK, "email", "s", Map.of()));
        String cookie = authorize.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("jeton_browser="))
                .findFirst().orElseThrow();
        assertTrue(cookie.contains("HttpOnly"), cookie);
        assertTrue(cookie.toLowerCase().contains("samesite=lax"), cookie);
    }

    @Test
    void unknownClientGetsAnErrorPageAndNoRedirect() {
        HttpResponse<String> response = new Browser().get(authorizeUrl("no-such-client", WEB_CALLBACK, "openid", "s",
                Map.of()));
        assertErrorPage(response);
    }

    @Test
    void unregisteredRedirectUriGetsAnErrorPageAndNoRedirect() {
        for (String redirect : List.of("https://evil.example.com/cb", WEB_CALLBACK + "/", WEB_CALLBACK + "?x=1",
                "https://CLIENT.example.org/cb", WEB_CALLBACK + "#f")) {
            assertErrorPage(new Browser().get(authorizeUrl(WEB, redirect, "openid", "s", Map.of())));
        }
        // no redirect_uri at all, and a client not registered for the code grant
        assertErrorPage(new Browser().get(Http.at("/oauth/authorize?response_type=code&client_id=it-web&state=s"
                + "&code_challenge=" + PkcePair.challenge(PkcePair.verifier()) + "&code_challenge_method=S256")));
        assertErrorPage(new Browser().get(authorizeUrl("it-basic", WEB_CALLBACK, "api.read", "s", Map.of())));
    }

    @Test
    void missingOrPlainPkceIsRedirectedAsInvalidRequest() {
        Map<String, String> missing = new LinkedHashMap<>(Map.of("response_type", "code", "client_id", WEB,
                "redirect_uri", WEB_CALLBACK, "scope", "openid", "state", "s1"));
        assertRedirectedError(new Browser().get(url(missing)), WEB_CALLBACK, "invalid_request", "s1");

        Map<String, String> plain = new LinkedHashMap<>(missing);
        plain.put("code_challenge", PkcePair.verifier());
        plain.put("code_challenge_method", "plain");
        assertRedirectedError(new Browser().get(url(plain)), WEB_CALLBACK, "invalid_request", "s1");
    }

    @Test
    void responseTypeTokenIsUnsupported() {
        Map<String, String> parameters = authorizeParameters(WEB, WEB_CALLBACK, "openid", "s2", Map.of());
        parameters.put("response_type", "token");
        assertRedirectedError(new Browser().get(url(parameters)), WEB_CALLBACK, "unsupported_response_type", "s2");
    }

    @Test
    void repeatedParametersAndRequestObjectsAreRedirectedErrors() {
        String repeated = authorizeUrl(WEB, WEB_CALLBACK, "openid", "s3", Map.of()) + "&scope=email";
        assertRedirectedError(new Browser().get(URI.create(repeated)), WEB_CALLBACK, "invalid_request", "s3");
        assertRedirectedError(new Browser().get(authorizeUrl(WEB, WEB_CALLBACK, "openid", "s4",
                Map.of("request", "eyJhbGciOiJub25lIn0.e30."))), WEB_CALLBACK, "invalid_request_object", "s4");
        assertRedirectedError(new Browser().get(authorizeUrl(WEB, WEB_CALLBACK, "admin", "s5", Map.of())),
                WEB_CALLBACK, "invalid_scope", "s5");
    }

    @Test
    void promptNoneWithoutSignInIsLoginRequired() {
        Browser browser = new Browser();
        HttpResponse<String> response = browser.get(authorizeUrl(WEB, WEB_CALLBACK, "openid", "s6",
                Map.of("prompt", "none")));
        assertRedirectedError(response, WEB_CALLBACK, "login_required", "s6");
        assertTrue(browser.cookie("jeton_browser").isEmpty(), "a silent check makes no session");
    }

    @Test
    void promptNoneWithoutSignInIsLoginRequiredEvenWhenAnotherParameterIsWrong() {
        // OIDC Core §3.1.2.6 (issue #14): the silent check's answer comes before a missing PKCE challenge
        Browser browser = new Browser();
        Map<String, String> noPkce = authorizeParameters(SPA, SPA_CALLBACK, "openid", "s6b", Map.of("prompt", "none"));
        noPkce.remove("code_challenge");
        noPkce.remove("code_challenge_method");
        assertRedirectedError(browser.get(url(noPkce)), SPA_CALLBACK, "login_required", "s6b");
        assertRedirectedError(browser.get(authorizeUrl(SPA, SPA_CALLBACK, "openid admin", "s6c",
                Map.of("prompt", "none"))), SPA_CALLBACK, "login_required", "s6c");
        assertTrue(browser.cookie("jeton_browser").isEmpty(), "a silent check makes no session");

        // signed in, the request's own error is what the client needs to hear
        assertEquals(303, signIn(browser, SPA, "openid", "s6d", Map.of()).statusCode());
        assertRedirectedError(browser.get(url(noPkce)), SPA_CALLBACK, "invalid_request", "s6b");
    }

    @Test
    void formPostSendsTheResponseAsAFormThatPostsItselfToTheClient() {
        // OAuth 2.0 Form Post Response Mode §2, for a code and for an error
        Browser browser = new Browser();
        HttpResponse<String> signedIn = signIn(browser, FIRST, "openid", "fp1", Map.of("response_mode", "form_post"));
        assertEquals(200, signedIn.statusCode(), "a page, not a redirect: " + signedIn.body());
        assertTrue(signedIn.headers().firstValue("Location").isEmpty());
        assertNoStore(signedIn);
        String html = signedIn.body();
        assertTrue(html.contains("<form method=\"post\" action=\"" + WEB_CALLBACK + "\">"), html);
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher hidden = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"").matcher(html);
        while (hidden.find()) {
            fields.put(hidden.group(1), hidden.group(2));
        }
        assertTrue(fields.get("code").matches("[A-Za-z0-9_-]{43}"), fields.toString());
        assertEquals("fp1", fields.get("state"));
        assertEquals(Http.base().toString(), fields.get("iss"), "RFC 9207");
        String csp = signedIn.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'sha256-") && csp.contains("form-action 'self' https://client.example.org")
                && csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), csp);
        assertTrue(html.contains("<noscript>") && html.contains("<script>"), html);

        HttpResponse<String> error = browser.get(authorizeUrl(FIRST, WEB_CALLBACK, "openid admin", "fp2",
                Map.of("response_mode", "form_post")));
        assertEquals(200, error.statusCode());
        assertTrue(error.body().contains("name=\"error\" value=\"invalid_scope\"")
                && error.body().contains("name=\"state\" value=\"fp2\""), error.body());

        // fragment is not a mode of the code flow here; the error goes back in the default mode
        assertRedirectedError(browser.get(authorizeUrl(FIRST, WEB_CALLBACK, "openid", "fp3",
                Map.of("response_mode", "fragment"))), WEB_CALLBACK, "invalid_request", "fp3");
    }

    @Test
    void wrongPasswordShowsTheFormAgainWithOneMessageForEveryCause() {
        Browser browser = new Browser();
        HttpResponse<String> form = browser.get(location(browser.get(authorizeUrl(FIRST, WEB_CALLBACK, "openid", "s7",
                Map.of()))));
        HttpResponse<String> wrongPassword = browser.post(Http.at("/login"), Map.of("username", USER,
                "password", "not-the-password", "csrf", field(form, CSRF), "authz", field(form, AUTHZ)));
        HttpResponse<String> unknownUser = browser.post(Http.at("/login"), Map.of("username", "mallory",
                "password", "whatever", "csrf", field(form, CSRF), "authz", field(form, AUTHZ)));
        for (HttpResponse<String> response : List.of(wrongPassword, unknownUser)) {
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Location").isEmpty());
            assertTrue(response.body().contains("Wrong username or password."), response.body());
            assertPageHeaders(response);
        }
        assertTrue(unknownUser.body().contains("value=\"mallory\""), "the username stays filled in");

        HttpResponse<String> right = browser.post(Http.at("/login"), Map.of("username", USER, "password", PASSWORD,
                "csrf", field(unknownUser, CSRF), "authz", field(unknownUser, AUTHZ)));
        assertEquals(303, right.statusCode(), "the same request can still be finished");
    }

    @Test
    void repeatedFailedSignInsOfOneUsernameAre429WithAClearPageAndAudited() throws Exception {
        // the test server allows 20 failures per username (arquillian.xml); no other test uses this one
        String username = "throttle-probe";
        try (AuditQueue queue = new AuditQueue()) {
            Browser browser = new Browser();
            HttpResponse<String> last = browser.get(location(browser.get(authorizeUrl(FIRST, WEB_CALLBACK, "openid",
                    "s-throttle", Map.of()))));
            for (int i = 0; i < 20; i++) {
                last = browser.post(Http.at("/login"), Map.of("username", username, "password", "wrong-" + i,
                        "csrf", field(last, CSRF), "authz", field(last, AUTHZ)));
                assertEquals(200, last.statusCode(), "attempt " + i);
                assertTrue(last.body().contains("Wrong username or password."));
            }
            HttpResponse<String> throttled = browser.post(Http.at("/login"), Map.of("username", "Throttle-Probe",
                    "password", "wrong", "csrf", field(last, CSRF), "authz", field(last, AUTHZ)));
            assertEquals(429, throttled.statusCode(), throttled.body());
            long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter > 0 && retryAfter <= 300, "Retry-After " + retryAfter);
            assertTrue(throttled.body().contains("Too many failed sign-ins."), throttled.body());
            assertTrue(throttled.body().contains("name=\"password\""), "the form stays, to try again later");
            assertPageHeaders(throttled);

            JsonObject failed = queue.await(e -> "user_sign_in_failed".equals(e.getString("event"))).body();
            assertEquals(FIRST, failed.getString("client_id"));
            JsonObject refused = queue.await(e -> "user_sign_in_throttled".equals(e.getString("event"))).body();
            assertEquals("user_limit", refused.getString("reason"));
            assertFalse(refused.toString().contains(username), "no username in audit events");
        }
        // another user is not affected
        Browser other = new Browser();
        HttpResponse<String> form = other.get(location(other.get(authorizeUrl(FIRST, WEB_CALLBACK, "openid", "s-other",
                Map.of()))));
        HttpResponse<String> signedIn = other.post(Http.at("/login"), Map.of("username", USER, "password", PASSWORD,
                "csrf", field(form, CSRF), "authz", field(form, AUTHZ)));
        assertEquals(303, signedIn.statusCode());
    }

    @Test
    void signInWithoutTheCsrfTokenIsRefused() {
        Browser browser = new Browser();
        HttpResponse<String> form = browser.get(location(browser.get(authorizeUrl(FIRST, WEB_CALLBACK, "openid", "s8",
                Map.of()))));
        for (String csrf : List.of("", "forged-" + field(form, CSRF))) {
            Map<String, String> post = new LinkedHashMap<>(Map.of("username", USER, "password", PASSWORD,
                    "authz", field(form, AUTHZ)));
            if (!csrf.isEmpty()) {
                post.put("csrf", csrf);
            }
            HttpResponse<String> response = browser.post(Http.at("/login"), post);
            assertEquals(403, response.statusCode());
            assertTrue(response.headers().firstValue("Location").isEmpty(), "no code, no redirect");
        }
        HttpResponse<String> silent = browser.get(authorizeUrl(FIRST, WEB_CALLBACK, "openid", "s8b",
                Map.of("prompt", "none")));
        assertRedirectedError(silent, WEB_CALLBACK, "login_required", "s8b");
    }

    @Test
    void consentWithoutTheCsrfTokenIsRefused() {
        Browser browser = new Browser();
        HttpResponse<String> consentPage = browser.get(location(signIn(browser, UNAPPROVED, "email", "s9", Map.of())));
        assertEquals(200, consentPage.statusCode());
        HttpResponse<String> response = browser.post(Http.at("/consent"), Map.of("decision", "approve",
                "authz", field(consentPage, AUTHZ)));
        assertEquals(403, response.statusCode());
        assertTrue(response.headers().firstValue("Location").isEmpty());
        HttpResponse<String> silent = browser.get(authorizeUrl(UNAPPROVED, WEB_CALLBACK, "email", "s9b",
                Map.of("prompt", "none")));
        assertRedirectedError(silent, WEB_CALLBACK, "consent_required", "s9b");
    }

    @Test
    void denyingConsentIsAccessDenied() {
        Browser browser = new Browser();
        HttpResponse<String> consentPage = browser.get(location(signIn(browser, UNAPPROVED, "openid email api.read",
                "s10", Map.of())));
        assertTrue(consentPage.body().contains("<code>email</code>"));
        HttpResponse<String> denied = browser.post(Http.at("/consent"), Map.of("decision", "deny",
                "csrf", field(consentPage, CSRF), "authz", field(consentPage, AUTHZ)));
        assertRedirectedError(denied, WEB_CALLBACK, "access_denied", "s10");
        assertEquals(303, denied.statusCode());
    }

    @Test
    void cancelOnTheSignInPageIsAccessDeniedEvenWhereNothingElseWouldBeAsked() {
        // issue #14 (user-rejects-authentication): a first-party client asks for no consent, so the sign-in
        // page is the user's only chance to refuse; Cancel needs the CSRF token like any other submit
        Browser browser = new Browser();
        HttpResponse<String> form = browser.get(location(browser.get(authorizeUrl(FIRST, WEB_CALLBACK, "openid",
                "c1", Map.of()))));
        assertTrue(form.body().contains("value=\"cancel\""), form.body());
        HttpResponse<String> forged = browser.post(Http.at("/login"), Map.of("action", "cancel", "csrf", "forged",
                "authz", field(form, AUTHZ)));
        assertEquals(403, forged.statusCode());
        assertTrue(forged.headers().firstValue("Location").isEmpty(), "no CSRF token, no answer to the client");

        HttpResponse<String> cancelled = browser.post(Http.at("/login"), Map.of("action", "cancel",
                "csrf", field(form, CSRF), "authz", field(form, AUTHZ)));
        assertRedirectedError(cancelled, WEB_CALLBACK, "access_denied", "c1");
        assertEquals(303, cancelled.statusCode());
        HttpResponse<String> signInAfter = browser.post(Http.at("/login"), Map.of("username", USER,
                "password", PASSWORD, "csrf", field(form, CSRF), "authz", field(form, AUTHZ)));
        assertEquals(400, signInAfter.statusCode(), "the request is finished");
        assertTrue(signInAfter.headers().firstValue("Location").isEmpty());
    }

    @Test
    void aFirstPartyClientIsNotAskedForConsent() {
        Browser browser = new Browser();
        HttpResponse<String> signedIn = signIn(browser, FIRST, "openid profile email offline_access api.read", "s11",
                Map.of());
        assertEquals(303, signedIn.statusCode());
        Map<String, String> response = query(location(signedIn));
        assertNotNull(response.get("code"));
        assertEquals("s11", response.get("state"));
        assertEquals(Http.base().toString(), response.get("iss"));
    }

    @Test
    void rememberedConsentIsNotAskedAgain() {
        Browser browser = new Browser();
        HttpResponse<String> consentPage = browser.get(location(signIn(browser, SPA, "openid profile", "s12",
                Map.of("prompt", "consent"))));
        HttpResponse<String> approved = browser.post(Http.at("/consent"), Map.of("decision", "approve",
                "csrf", field(consentPage, CSRF), "authz", field(consentPage, AUTHZ)));
        assertTrue(location(approved).toString().startsWith(SPA_CALLBACK + "?code="));

        // signed in and consented: straight back with a code, no page at all
        HttpResponse<String> second = browser.get(authorizeUrl(SPA, SPA_CALLBACK, "openid profile", "s13", Map.of()));
        assertEquals(302, second.statusCode());
        Map<String, String> response = query(location(second));
        assertNotNull(response.get("code"), second.headers().map().toString());
        assertEquals("s13", response.get("state"));
        assertNoStore(second);

        HttpResponse<String> silent = browser.get(authorizeUrl(SPA, SPA_CALLBACK, "openid", "s14",
                Map.of("prompt", "none")));
        assertNotNull(query(location(silent)).get("code"), "prompt=none succeeds when nothing must be asked");
    }

    @Test
    void promptLoginAndMaxAgeZeroAskForTheSignInAgain() {
        Browser browser = new Browser();
        assertEquals(303, signIn(browser, FIRST, "openid", "s15", Map.of()).statusCode());
        for (Map<String, String> extra : List.of(Map.of("prompt", "login"), Map.of("max_age", "0"))) {
            HttpResponse<String> again = browser.get(authorizeUrl(FIRST, WEB_CALLBACK, "openid", "s16", extra));
            assertEquals(302, again.statusCode());
            assertTrue(location(again).getPath().equals("/login"), extra.toString());
        }
        HttpResponse<String> generous = browser.get(authorizeUrl(FIRST, WEB_CALLBACK, "openid", "s17",
                Map.of("max_age", "3600")));
        assertNotNull(query(location(generous)).get("code"), "a recent sign-in satisfies max_age=3600");
    }

    @Test
    void theLoginHintIsPrefilledAndEscaped() {
        Browser browser = new Browser();
        HttpResponse<String> form = browser.get(location(browser.get(authorizeUrl(FIRST, WEB_CALLBACK, "openid", "s18",
                Map.of("login_hint", "\"><script>alert(1)</script>")))));
        assertEquals(200, form.statusCode());
        assertFalse(form.body().contains("<script>"), form.body());
        assertTrue(form.body().contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""));
    }

    @Test
    void postingTheAuthorizationRequestWorksLikeGet() {
        Browser browser = new Browser();
        HttpResponse<String> response = browser.post(Http.at("/oauth/authorize"),
                authorizeParameters(FIRST, WEB_CALLBACK, "openid", "s19", Map.of()));
        assertEquals(303, response.statusCode());
        assertEquals("/login", location(response).getPath());
    }

    @Test
    void aQueryInTheRedirectUriIsKept() {
        Browser browser = new Browser();
        HttpResponse<String> signedIn = signIn(browser, "it-query", "openid", "s20", Map.of(),
                "https://client.example.org/cb?tenant=a%20b");
        String location = signedIn.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith("https://client.example.org/cb?tenant=a%20b&code="), location);
        assertEquals("s20", query(URI.create(location)).get("state"));
    }

    @Test
    void anExpiredOrUnknownPendingRequestIsAPageNotAnError500() {
        Browser browser = new Browser();
        HttpResponse<String> response = browser.get(Http.at("/login?authz=nothing-like-this"));
        assertEquals(400, response.statusCode());
        assertPageHeaders(response);
        HttpResponse<String> consent = browser.get(Http.at("/consent"));
        assertEquals(400, consent.statusCode());
        HttpResponse<String> malformed = browser.get(Http.at("/login?authz=%E9%28"));
        assertTrue(malformed.statusCode() / 100 == 4, "not UTF-8: the client's error, not ours: "
                + malformed.statusCode());
    }

    // --- the implicit response types of the OpenID Connect Dynamic OP (issue #14; on in arquillian.xml) ---

    static final String IMPLICIT = "it-implicit";

    /** The fragment's parameters of where the browser was sent (OIDC Core §3.2.2.5). */
    private static Map<String, String> fragment(HttpResponse<String> response) {
        URI location = location(response);
        assertTrue(location.toString().startsWith(WEB_CALLBACK + "#"), location.toString());
        assertEquals(null, location.getRawQuery(), "nothing in the query");
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : location.getRawFragment().split("&")) {
            int eq = pair.indexOf('=');
            parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /** The JWT, its signature checked with the key of its kid in the server's JWKS. */
    private static com.nimbusds.jwt.JWTClaimsSet verified(String jwt) throws Exception {
        com.nimbusds.jwt.SignedJWT signed = com.nimbusds.jwt.SignedJWT.parse(jwt);
        com.nimbusds.jose.jwk.JWK key = com.nimbusds.jose.jwk.JWKSet.parse(Http.get("/oauth/jwks").body())
                .getKeyByKeyId(signed.getHeader().getKeyID());
        assertNotNull(key, "the kid is published");
        assertTrue(signed.verify(key instanceof com.nimbusds.jose.jwk.RSAKey rsa
                ? new com.nimbusds.jose.crypto.RSASSAVerifier(rsa)
                : new com.nimbusds.jose.crypto.ECDSAVerifier((com.nimbusds.jose.jwk.ECKey) key)));
        return signed.getJWTClaimsSet();
    }

    @Test
    void implicitIdTokenTokenPutsTheTokensInTheFragmentAndUserinfoIsSignedForItsClient() throws Exception {
        HttpResponse<String> signedIn = signIn(new Browser(), IMPLICIT, "openid profile email", "imp-1",
                Map.of("response_type", "id_token token", "nonce", "n-imp-1"));
        Map<String, String> response = fragment(signedIn);
        assertEquals("imp-1", response.get("state"));
        assertEquals(Http.base().toString(), response.get("iss"), "RFC 9207");
        assertEquals("Bearer", response.get("token_type"), "never sender-constrained: it went through the browser");
        assertTrue(Long.parseLong(response.get("expires_in")) <= 300, "short lived: " + response.get("expires_in"));
        assertFalse(response.containsKey("refresh_token"), "RFC 6749 §4.2.2: no refresh token");
        assertFalse(response.containsKey("code"));
        String accessToken = response.get("access_token");
        com.nimbusds.jwt.JWTClaimsSet idToken = verified(response.get("id_token"));
        assertEquals("n-imp-1", idToken.getStringClaim("nonce"));
        assertEquals(List.of(IMPLICIT), idToken.getAudience());
        // OIDC Core §3.2.2.10: at_hash, the left half of SHA-256 of the access token
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
        assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16)),
                idToken.getStringClaim("at_hash"));
        assertEquals(null, idToken.getClaim("c_hash"), "no code, no c_hash");

        // OIDC Core §5.3.2: the client registered userinfo_signed_response_alg RS256
        HttpResponse<String> userinfo = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "Bearer " + accessToken);
        assertEquals(200, userinfo.statusCode(), userinfo.body());
        assertEquals("application/jwt", userinfo.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertNoStore(userinfo);
        com.nimbusds.jwt.SignedJWT signedUserinfo = com.nimbusds.jwt.SignedJWT.parse(userinfo.body());
        assertEquals(com.nimbusds.jose.JWSAlgorithm.RS256, signedUserinfo.getHeader().getAlgorithm());
        com.nimbusds.jwt.JWTClaimsSet claims = verified(userinfo.body());
        assertEquals(Http.base().toString(), claims.getIssuer());
        assertEquals(List.of(IMPLICIT), claims.getAudience());
        assertEquals(idToken.getSubject(), claims.getSubject());
        assertEquals(USER, claims.getStringClaim("preferred_username"), "the profile scope's claims, as in JSON");
    }

    @Test
    void implicitIdTokenAloneCarriesTheClaimsOfTheScopesAndNoAccessToken() throws Exception {
        HttpResponse<String> signedIn = signIn(new Browser(), IMPLICIT, "openid profile", "imp-2",
                Map.of("response_type", "id_token", "nonce", "n-imp-2"));
        Map<String, String> response = fragment(signedIn);
        assertFalse(response.containsKey("access_token"), response.toString());
        assertFalse(response.containsKey("token_type"));
        com.nimbusds.jwt.JWTClaimsSet idToken = verified(response.get("id_token"));
        assertEquals("n-imp-2", idToken.getStringClaim("nonce"));
        assertEquals(null, idToken.getClaim("at_hash"), "no access token, no at_hash");
        // OIDC Core §5.4: with no access token to fetch them, the scope's claims are in the ID token
        assertEquals(USER, idToken.getStringClaim("preferred_username"));
    }

    @Test
    void implicitAttacksAreRefusedInTheFragment() {
        // a client that did not register the response type: unauthorized_client (RFC 6749 §4.2.2.1)
        Map<String, String> notRegistered = fragment(new Browser().get(url(implicitParameters(WEB, "id_token",
                Map.of()))));
        assertEquals("unauthorized_client", notRegistered.get("error"));
        assertEquals("s-imp", notRegistered.get("state"));
        // OIDC Core §3.2.2.1: the nonce is required
        Map<String, String> noNonce = fragment(new Browser().get(url(implicitParameters(IMPLICIT, "id_token token",
                Map.of("nonce", "")))));
        assertEquals("invalid_request", noNonce.get("error"));
        assertTrue(noNonce.get("error_description").contains("nonce"));
        // Multiple Response Types §5: never in the query, not even the error
        Map<String, String> query = fragment(new Browser().get(url(implicitParameters(IMPLICIT, "id_token",
                Map.of("response_mode", "query")))));
        assertEquals("invalid_request", query.get("error"));
        // OIDC Core §3.1.2.6 as in the code flow, told in the fragment
        Map<String, String> silent = fragment(new Browser().get(url(implicitParameters(IMPLICIT, "id_token",
                Map.of("prompt", "none")))));
        assertEquals("login_required", silent.get("error"));
    }

    private static Map<String, String> implicitParameters(String clientId, String responseType,
                                                          Map<String, String> extra) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", responseType);
        parameters.put("client_id", clientId);
        parameters.put("redirect_uri", WEB_CALLBACK);
        parameters.put("scope", "openid");
        parameters.put("state", "s-imp");
        parameters.put("nonce", "n-imp");
        parameters.putAll(extra);
        parameters.values().removeIf(String::isEmpty);
        return parameters;
    }

    // --- helpers ---

    /** Runs authorize and sign-in; returns the response to the sign-in POST. */
    private static HttpResponse<String> signIn(Browser browser, String clientId, String scope, String state,
                                               Map<String, String> extra) {
        return signIn(browser, clientId, scope, state, extra,
                clientId.equals(SPA) ? SPA_CALLBACK : WEB_CALLBACK);
    }

    private static HttpResponse<String> signIn(Browser browser, String clientId, String scope, String state,
                                               Map<String, String> extra, String redirectUri) {
        HttpResponse<String> authorize = browser.get(authorizeUrl(clientId, redirectUri, scope, state, extra));
        assertEquals(302, authorize.statusCode(), authorize.headers().map().toString());
        HttpResponse<String> form = browser.get(location(authorize));
        assertEquals(200, form.statusCode());
        HttpResponse<String> signedIn = browser.post(Http.at("/login"), Map.of("username", USER, "password", PASSWORD,
                "csrf", field(form, CSRF), "authz", field(form, AUTHZ)));
        // OAuth 2.0 Form Post Response Mode §2: with nothing left to ask, the answer is the self-posting page
        int expected = "form_post".equals(extra.get("response_mode")) ? 200 : 303;
        assertTrue(signedIn.statusCode() == 303 || signedIn.statusCode() == expected, signedIn.body());
        return signedIn;
    }

    private static URI authorizeUrl(String clientId, String redirectUri, String scope, String state,
                                    Map<String, String> extra) {
        return url(authorizeParameters(clientId, redirectUri, scope, state, extra));
    }

    private static Map<String, String> authorizeParameters(String clientId, String redirectUri, String scope,
                                                           String state, Map<String, String> extra) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", clientId);
        parameters.put("redirect_uri", redirectUri);
        parameters.put("scope", scope);
        parameters.put("state", state);
        parameters.put("code_challenge", PkcePair.challenge(PkcePair.verifier()));
        parameters.put("code_challenge_method", "S256");
        parameters.putAll(extra);
        return parameters;
    }

    private static URI url(Map<String, String> parameters) {
        return Http.at("/oauth/authorize?" + Http.form(parameters));
    }

    private static void assertErrorPage(HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.uri().toString());
        assertTrue(response.headers().firstValue("Location").isEmpty(), "never redirected");
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(response.body().contains("<title>"));
        assertFalse(response.body().contains("Exception"));
        assertPageHeaders(response);
    }

    private static void assertRedirectedError(HttpResponse<String> response, String redirectUri, String error,
                                              String state) {
        assertTrue(response.statusCode() == 302 || response.statusCode() == 303, String.valueOf(response.statusCode()));
        URI location = location(response);
        assertTrue(location.toString().startsWith(redirectUri + "?"), location.toString());
        Map<String, String> parameters = query(location);
        assertEquals(error, parameters.get("error"), location.toString());
        assertEquals(state, parameters.get("state"));
        assertEquals(Http.base().toString(), parameters.get("iss"), "RFC 9207");
        assertFalse(parameters.containsKey("code"));
    }

    private static void assertPageHeaders(HttpResponse<String> response) {
        assertNoStore(response);
        assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElse(null));
        String csp = response.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'")
                && csp.contains("form-action 'self'"), csp);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").toLowerCase().contains("charset=utf-8"));
    }

    private static void assertNoStore(HttpResponse<String> response) {
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
    }

    private static URI location(HttpResponse<String> response) {
        return URI.create(response.headers().firstValue("Location").orElseThrow(() ->
                new AssertionError("no Location; status " + response.statusCode() + ": " + response.body())));
    }

    private static String field(HttpResponse<String> page, Pattern pattern) {
        Matcher m = pattern.matcher(page.body());
        assertTrue(m.find(), "no " + pattern + " in " + page.body());
        return m.group(1).replace("&amp;", "&");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            parameters.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }

    /** RFC 7636 §4.1, §4.2: a random verifier and its S256 challenge. */
    static final class PkcePair {
        private static final SecureRandom RANDOM = new SecureRandom();

        static String verifier() {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }

        static String challenge(String verifier) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One browser: its own cookie jar, redirects not followed, forms posted by hand. */
    static final class Browser {
        private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();

        HttpResponse<String> get(URI uri) {
            return send(HttpRequest.newBuilder(uri).GET());
        }

        HttpResponse<String> post(URI uri, Map<String, String> form) {
            return send(HttpRequest.newBuilder(uri).header("Content-Type", Http.FORM)
                    .POST(HttpRequest.BodyPublishers.ofString(Http.form(form))));
        }

        Optional<String> cookie(String name) {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
                    .map(c -> c.getValue()).findFirst();
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return client.send(request.timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
