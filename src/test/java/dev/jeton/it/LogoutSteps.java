package dev.jeton.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import jakarta.json.JsonObject;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.jeton.it.Http.basic;
import static dev.jeton.it.Http.form;
import static dev.jeton.it.Http.json;
import static dev.jeton.it.Http.postForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the logout tests of UserGrantsIT do as a relying party (issue #18). */
final class LogoutSteps {

    static final String A = "it-logout-a";
    static final String A_REDIRECT = "https://a.example.org/cb";
    static final String A_SIGNED_OUT = "https://a.example.org/signed-out";
    static final int A_PORT = 9891;
    static final String B = "it-logout-b";
    static final String B_REDIRECT = "https://b.example.org/cb";
    static final int B_PORT = 9892;
    /** A client whose back-channel logout URI the outbound fetcher refuses (plain http off loopback). */
    static final String C = "it-logout-c";
    static final String C_REDIRECT = "https://c.example.org/cb";
    /** Where the browser test's relying parties take the browser back: a loopback listener (RFC 8252 §7.3). */
    static final int RP_PORT = 9893;
    static final String A_LOOPBACK_REDIRECT = "http://127.0.0.1:9893/a/cb";
    static final String A_LOOPBACK_SIGNED_OUT = "http://127.0.0.1:9893/a/signed-out";
    static final String B_LOOPBACK_REDIRECT = "http://127.0.0.1:9893/b/cb";

    private LogoutSteps() {
    }

    /** The tokens a client got from one sign-in, and the ID token's claims. */
    record Tokens(String accessToken, String refreshToken, String idToken, JWTClaimsSet id) {
        String sid() {
            return (String) id.getClaim("sid");
        }
    }

    /** The code flow for {@code clientId} in {@code browser} (signing in when asked), redeemed. */
    static Tokens signIn(UserAgent browser, String clientId, String redirectUri) throws Exception {
        return signIn(browser, clientId, redirectUri, UserGrantsIT.USER, UserGrantsIT.PASSWORD);
    }

    /** The same as {@code username}. */
    static Tokens signIn(UserAgent browser, String clientId, String redirectUri, String username, String password)
            throws Exception {
        Pkce pkce = Pkce.create();
        Map<String, String> query = authorizationQuery(clientId, redirectUri, pkce);
        return redeem(clientId, redirectUri, browser.authorize(form(query), username, password), pkce);
    }

    /**
     * The code flow for {@code clientId} in a real browser: it opens the authorization request, the person signs
     * in and approves the consent page when Jeton shows them, and the browser arrives at the client's loopback
     * {@code redirectUri}, whose code is redeemed.
     */
    static Tokens signIn(WebDriver browser, LoopbackCallback rp, String clientId, String redirectUri,
                         String username, String password) throws Exception {
        Pkce pkce = Pkce.create();
        browser.get(Http.at("/oauth/authorize?" + form(authorizationQuery(clientId, redirectUri, pkce))).toString());
        return redeem(clientId, redirectUri, arrival(browser, rp, username, password), pkce);
    }

    /** Where the browser arrives at the relying party, after signing in and approving consent on the way if asked. */
    static URI arrival(WebDriver browser, LoopbackCallback rp, String username, String password) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            URI arrived = rp.poll(java.time.Duration.ofMillis(200));
            if (arrived != null) {
                return arrived;
            }
            try {
                List<WebElement> passwordField = browser.findElements(By.name("password"));
                if (!passwordField.isEmpty()) {
                    browser.findElement(By.name("username")).sendKeys(username);
                    passwordField.get(0).sendKeys(password);
                    browser.findElement(By.cssSelector("button[type=submit]")).click();
                    new WebDriverWait(browser, java.time.Duration.ofSeconds(20))
                            .until(ExpectedConditions.stalenessOf(passwordField.get(0)));
                    continue;
                }
                List<WebElement> approve = browser.findElements(By.cssSelector("button[value=approve]"));
                if (!approve.isEmpty()) {
                    approve.get(0).click();
                    new WebDriverWait(browser, java.time.Duration.ofSeconds(20))
                            .until(ExpectedConditions.stalenessOf(approve.get(0)));
                }
            } catch (StaleElementReferenceException e) {
                // the page changed under us (a navigation finished): look again
            }
        }
        throw new AssertionError("the browser did not reach the relying party; it shows " + browser.getCurrentUrl()
                + ": " + browser.getPageSource());
    }

    /** The authorization response {@code redirect} checked and its code redeemed as the confidential client. */
    private static Tokens redeem(String clientId, String redirectUri, URI redirect, Pkce pkce) throws Exception {
        assertTrue(redirect.toString().startsWith(redirectUri + "?code="), redirect.toString());
        HttpResponse<String> response = postForm("/oauth/token", form(Map.of("grant_type", "authorization_code",
                "code", UserAgent.parameter(redirect, "code"), "redirect_uri", redirectUri,
                "code_verifier", pkce.verifier())), "Authorization", basic(clientId, UserGrantsIT.WEB_SECRET));
        assertEquals(200, response.statusCode(), response.body());
        JsonObject body = json(response);
        DefaultJWTProcessor<SecurityContext> rp = new DefaultJWTProcessor<>();
        rp.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                JWKSourceBuilder.create(new URL(Http.at("/oauth/jwks").toString())).build()));
        JWTClaimsSet id = rp.process(body.getString("id_token"), null);
        return new Tokens(body.getString("access_token"), body.getString("refresh_token"),
                body.getString("id_token"), id);
    }

    static Map<String, String> authorizationQuery(String clientId, String redirectUri, Pkce pkce) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("scope", "openid offline_access");
        query.put("state", UUID.randomUUID().toString());
        query.put("nonce", UUID.randomUUID().toString());
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        return query;
    }

    /** A silent authorization request (OIDC Core §3.1.2.6) in {@code browser}: where it redirects to. */
    static URI promptNone(UserAgent browser, String clientId, String redirectUri) {
        Map<String, String> query = authorizationQuery(clientId, redirectUri, Pkce.create());
        query.put("prompt", "none");
        HttpResponse<String> response = browser.get(Http.at("/oauth/authorize?" + form(query)));
        assertEquals(302, response.statusCode(), response.body());
        return URI.create(response.headers().firstValue("Location").orElseThrow());
    }

    /**
     * A logout token checked as Back-Channel Logout 1.0 §2.6 asks of an RP: signed by a key of the JWKS, typ
     * logout+jwt, our issuer, aud the client, iat and a short exp, a jti, the event, sid (and sub), no nonce.
     */
    static JWTClaimsSet verifiedLogoutToken(BackchannelReceiver.Delivery delivery, String clientId) throws Exception {
        return verifiedLogoutToken(delivery, clientId, Http.base());
    }

    /** The same, of the server at {@code issuer} (one a test started itself). */
    static JWTClaimsSet verifiedLogoutToken(BackchannelReceiver.Delivery delivery, String clientId, URI issuer)
            throws Exception {
        assertEquals("application/x-www-form-urlencoded", delivery.contentType());
        DefaultJWTProcessor<SecurityContext> rp = new DefaultJWTProcessor<>();
        rp.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("logout+jwt")));
        rp.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                JWKSourceBuilder.create(new URL(issuer.resolve("/oauth/jwks").toString())).build()));
        rp.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(new JWTClaimsSet.Builder()
                .issuer(issuer.toString()).audience(clientId).build(),
                Set.of("iat", "exp", "jti", "events", "sid", "sub")));
        JWTClaimsSet claims = rp.process(delivery.logoutToken(), null);
        assertTrue(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime() <= 300_000, "a short exp");
        assertEquals(Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()),
                claims.getJSONObjectClaim("events"));
        assertNull(claims.getClaim("nonce"), "§2.4: no nonce in a logout token");
        assertEquals(List.of(clientId), claims.getAudience());
        return claims;
    }

    /**
     * The logout token for session {@code sid} at {@code receiver}, verified; tokens of other tests' sessions (a
     * delivery still being retried) are skipped, each verified all the same.
     */
    static JWTClaimsSet logoutTokenFor(BackchannelReceiver receiver, String clientId, String sid,
                                       java.time.Duration wait) throws Exception {
        return verifiedLogoutToken(deliveryFor(receiver, clientId, sid, wait), clientId);
    }

    /** The delivery of the logout token for session {@code sid}, as it arrived (see {@link #logoutTokenFor}). */
    static BackchannelReceiver.Delivery deliveryFor(BackchannelReceiver receiver, String clientId, String sid,
                                                    java.time.Duration wait) throws Exception {
        return deliveryFor(receiver, clientId, sid, wait, Http.base());
    }

    /** The same, of the server at {@code issuer}. */
    static BackchannelReceiver.Delivery deliveryFor(BackchannelReceiver receiver, String clientId, String sid,
                                                    java.time.Duration wait, URI issuer) throws Exception {
        long deadline = System.currentTimeMillis() + wait.toMillis();
        while (true) {
            BackchannelReceiver.Delivery delivery = receiver.poll(java.time.Duration.ofMillis(
                    Math.max(1, deadline - System.currentTimeMillis())));
            if (delivery == null) {
                throw new AssertionError("no logout token for the session within " + wait);
            }
            if (sid.equals(verifiedLogoutToken(delivery, clientId, issuer).getStringClaim("sid"))) {
                return delivery;
            }
        }
    }

    /** RFC 7662 at the client's own introspection: whether the token is active. */
    static boolean active(String clientId, String token) {
        HttpResponse<String> response = postForm("/oauth/introspect", form(Map.of("token", token)),
                "Authorization", basic(clientId, UserGrantsIT.WEB_SECRET));
        assertEquals(200, response.statusCode(), response.body());
        return json(response).getBoolean("active");
    }

    static HttpResponse<String> refresh(String clientId, String refreshToken) {
        return postForm("/oauth/token", form(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken)),
                "Authorization", basic(clientId, UserGrantsIT.WEB_SECRET));
    }
}
