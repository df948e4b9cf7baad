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
        Pkce pkce = Pkce.create();
        Map<String, String> query = authorizationQuery(clientId, redirectUri, pkce);
        URI redirect = browser.authorize(form(query), UserGrantsIT.USER, UserGrantsIT.PASSWORD);
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
        assertEquals("application/x-www-form-urlencoded", delivery.contentType());
        DefaultJWTProcessor<SecurityContext> rp = new DefaultJWTProcessor<>();
        rp.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("logout+jwt")));
        rp.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                JWKSourceBuilder.create(new URL(Http.at("/oauth/jwks").toString())).build()));
        rp.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(new JWTClaimsSet.Builder()
                .issuer(Http.base().toString()).audience(clientId).build(), Set.of("iat", "exp", "jti", "events")));
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
        long deadline = System.currentTimeMillis() + wait.toMillis();
        while (true) {
            BackchannelReceiver.Delivery delivery = receiver.poll(java.time.Duration.ofMillis(
                    Math.max(1, deadline - System.currentTimeMillis())));
            if (delivery == null) {
                throw new AssertionError("no logout token for the session within " + wait);
            }
            JWTClaimsSet claims = verifiedLogoutToken(delivery, clientId);
            if (sid.equals(claims.getStringClaim("sid"))) {
                return claims;
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
