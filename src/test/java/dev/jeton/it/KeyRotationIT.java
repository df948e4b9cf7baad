package dev.jeton.it;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.jeton.it.Http.basic;
import static dev.jeton.it.Http.form;
import static dev.jeton.it.Http.json;
import static dev.jeton.it.Http.postForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Key rotation on the running server: the operator tool ({@code dev.jeton.tools.KeyTool}, run with
 * {@code java -cp} against the WAR's classes exactly as server-config/KEYS.md says) rotates the
 * keystore the server uses; the server reloads it without a restart; tokens signed before and after
 * verify at userinfo while their keys are published; a removed key's tokens are refused.
 */
@ExtendWith(ArquillianExtension.class)
class KeyRotationIT {

    private static final String CLIENT = "it-first";
    private static final String SECRET = TokenEndpointIT.POST_SECRET;
    private static final String REDIRECT = "https://client.example.org/cb";
    private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return JetonWar.packaged();
    }

    /** Runs the operator tool in its own JVM, with the password only in the environment. */
    private static String keyTool(String... args) throws Exception {
        String warDir = System.getProperty("jeton.it.war.dir", "target/jeton");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"), "-cp",
                warDir + "/WEB-INF/classes" + File.pathSeparator + warDir + "/WEB-INF/lib/*",
                "dev.jeton.tools.KeyTool"));
        command.addAll(List.of(args));
        command.addAll(List.of("--keystore", System.getProperty("jeton.it.keystore", "target/it-data/keystore.bcfks")));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JETON_KEYSTORE_PASSWORD", "it-keystore-password");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output;
    }

    /** Tokens for alice from the first-party client (no consent page). */
    private static JsonObject signIn() {
        Pkce pkce = Pkce.create();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", CLIENT);
        query.put("redirect_uri", REDIRECT);
        query.put("scope", "openid profile offline_access");
        query.put("state", UUID.randomUUID().toString());
        query.put("nonce", UUID.randomUUID().toString());
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        URI redirect = new UserAgent().authorize(form(query), UserGrantsIT.USER, UserGrantsIT.PASSWORD);
        HttpResponse<String> response = postForm("/oauth/token", form(Map.of("grant_type", "authorization_code",
                "code", UserAgent.parameter(redirect, "code"), "redirect_uri", REDIRECT,
                "code_verifier", pkce.verifier())), "Authorization", basic(CLIENT, SECRET));
        assertEquals(200, response.statusCode(), response.body());
        return json(response);
    }

    private static int userinfo(String accessToken) {
        return Http.request("GET", "/oauth/userinfo", null, "Authorization", "Bearer " + accessToken).statusCode();
    }

    private static String kid(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getHeader().getKeyID();
    }

    private static Set<String> jwksKids() throws Exception {
        return JWKSet.parse(Http.get("/oauth/jwks").body()).getKeys().stream().map(k -> k.getKeyID())
                .collect(Collectors.toSet());
    }

    /** Waits for the server's reload (every second in the tests) to show in the JWKS. */
    private static Set<String> awaitJwks(Predicate<Set<String>> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Set<String> kids = jwksKids();
        while (!condition.test(kids)) {
            assertTrue(Instant.now().isBefore(deadline), "the server did not pick up the keystore change: " + kids);
            Thread.sleep(250);
            kids = jwksKids();
        }
        return kids;
    }

    /** The kid of each line of `KeyTool list` in the given state and algorithm. */
    private static List<String> listed(String list, String state, String algorithm) {
        return list.lines().map(l -> l.split("\\s+")).filter(c -> c.length > 3 && c[0].equals(state)
                && c[1].equals(algorithm)).map(c -> c[2]).toList();
    }

    @Test
    void jwksIsCacheableForLessThanThePrePublicationWindowAndMatchesTheKeystore() throws Exception {
        HttpResponse<String> response = Http.get("/oauth/jwks");
        assertEquals(200, response.statusCode());
        String cacheControl = response.headers().firstValue("Cache-Control").orElse("");
        Matcher m = MAX_AGE.matcher(cacheControl);
        assertTrue(m.find(), cacheControl);
        long maxAge = Long.parseLong(m.group(1));
        assertTrue(maxAge > 0 && maxAge < 3600, "max-age " + maxAge + " < jeton.keys.pre-publication-seconds (3600)");

        String list = keyTool("list");
        Set<String> published = new java.util.HashSet<>();
        for (String state : List.of("next", "active", "retired")) {
            for (String alg : List.of("ES256", "RS256")) {
                published.addAll(listed(list, state, alg));
            }
        }
        assertEquals(published, jwksKids(), list);
    }

    @Test
    void rotationOnDemandKeepsOldTokensValidSignsNewOnesWithTheNextKeyAndRemovalRefusesThem() throws Exception {
        JsonObject before = signIn();
        String accessBefore = before.getString("access_token");
        String esBefore = kid(accessBefore);
        String rsBefore = kid(before.getString("id_token"));
        assertEquals("ES256", SignedJWT.parse(accessBefore).getHeader().getAlgorithm().getName(),
                "access tokens per jeton.signing.algorithm");
        assertEquals("RS256", SignedJWT.parse(before.getString("id_token")).getHeader().getAlgorithm().getName(),
                "ID tokens per jeton.id-token.signing-algorithm");
        assertEquals(200, userinfo(accessBefore));

        // an operator publishes a next key ahead of time: it is in the JWKS but does not sign
        String added = keyTool("add", "--algorithm", "ES256");
        String listAfterAdd = keyTool("list");
        List<String> next = listed(listAfterAdd, "next", "ES256");
        assertEquals(1, next.size(), added + listAfterAdd);
        awaitJwks(kids -> kids.containsAll(next));
        HttpResponse<String> refreshed = postForm("/oauth/token", form(Map.of("grant_type", "refresh_token",
                "refresh_token", before.getString("refresh_token"))), "Authorization", basic(CLIENT, SECRET));
        assertEquals(200, refreshed.statusCode(), refreshed.body());
        assertEquals(esBefore, kid(json(refreshed).getString("access_token")), "a next key does not sign");

        // rotate: the next key signs, the active one retires (still published), a new next key appears
        keyTool("rotate", "--algorithm", "ES256");
        String list = keyTool("list");
        assertEquals(next, listed(list, "active", "ES256"), list);
        assertTrue(listed(list, "retired", "ES256").contains(esBefore), list);
        List<String> newNext = listed(list, "next", "ES256");
        assertEquals(1, newNext.size(), list);
        Set<String> kids = awaitJwks(k -> k.containsAll(newNext));
        assertTrue(kids.containsAll(List.of(esBefore, next.get(0), newNext.get(0), rsBefore)), kids.toString());

        JsonObject after = signIn();
        String accessAfter = after.getString("access_token");
        assertEquals(next.get(0), kid(accessAfter), "new tokens are signed with the promoted key");
        assertEquals(rsBefore, kid(after.getString("id_token")), "the RS256 key was not rotated");
        assertEquals(200, userinfo(accessAfter));
        assertEquals(200, userinfo(accessBefore), "a token of the retired key verifies while it lives");

        // the retired key removed (a compromised key): its tokens are refused from the next reload on
        keyTool("remove", "--kid", esBefore);
        awaitJwks(k -> !k.contains(esBefore));
        assertEquals(401, userinfo(accessBefore));
        HttpResponse<String> refused = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "Bearer " + accessBefore);
        assertTrue(refused.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"));
        assertEquals(200, userinfo(accessAfter), "tokens of the active key still verify");
        assertNotEquals(esBefore, kid(accessAfter));
        assertFalse(jwksKids().contains(esBefore));
    }

    /** A token of the client_credentials grant with {@code scope}. */
    private static String clientToken(String clientId, String secret, String scope) {
        HttpResponse<String> response = postForm("/oauth/token", form(Map.of("grant_type", "client_credentials",
                "scope", scope)), "Authorization", basic(clientId, secret));
        assertEquals(200, response.statusCode(), response.body());
        return json(response).getString("access_token");
    }

    /**
     * Issue #14 (oidcc-server-rotate-keys): an operator rotates the signing key through the admin API, without a
     * shell on the server and without a restart; the new key is published at once, the old one stays published,
     * and the rotation is audited. Only RS256 here, so that the tool's test above keeps its ES256 arithmetic.
     */
    @Test
    void anOperatorRotatesASigningKeyThroughTheAdminApiWithoutARestart() throws Exception {
        assertEquals(401, Http.request("POST", "/admin/keys/rotate", null).statusCode());
        String notAdmin = clientToken("it-basic", TokenEndpointIT.BASIC_SECRET, "api.read");
        assertEquals(403, Http.request("POST", "/admin/keys/rotate/RS256", null, "Authorization",
                "Bearer " + notAdmin).statusCode());
        String admin = clientToken("it-admin", SECRET, "jeton.admin");
        HttpResponse<String> unknown = Http.request("POST", "/admin/keys/rotate/HS256", null, "Authorization",
                "Bearer " + admin);
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertEquals("invalid_request", json(unknown).getString("error"));

        JsonObject before = signIn();
        String rsBefore = kid(before.getString("id_token"));
        Set<String> kidsBefore = jwksKids();
        HttpResponse<String> listed = Http.request("GET", "/admin/keys", null, "Authorization", "Bearer " + admin);
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(listed.body().contains(rsBefore) && !listed.body().contains("\"d\""), "public facts only");

        try (AuditQueue audit = new AuditQueue()) {
            HttpResponse<String> rotated = Http.request("POST", "/admin/keys/rotate/RS256", null, "Authorization",
                    "Bearer " + admin);
            assertEquals(200, rotated.statusCode(), rotated.body());
            assertEquals("no-store", rotated.headers().firstValue("Cache-Control").orElse(null));
            assertFalse(json(rotated).getJsonArray("done").isEmpty());
            // this node loaded the change itself: no waiting for the reload
            Set<String> kids = jwksKids();
            assertTrue(kids.containsAll(kidsBefore), "the old keys stay published: " + kids);
            assertTrue(kids.size() > kidsBefore.size(), "a new key is published: " + kids);
            audit.await(e -> "key_rotated".equals(e.getString("event")) && "it-admin".equals(e.getString(
                    "client_id", null)));
        }
        JsonObject after = signIn();
        assertNotEquals(rsBefore, kid(after.getString("id_token")), "ID tokens are signed with the new RS256 key");
        assertEquals(200, userinfo(before.getString("access_token")), "tokens signed before still verify");
    }
}
