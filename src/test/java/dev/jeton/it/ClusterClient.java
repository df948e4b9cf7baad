package dev.jeton.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.InputStream;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP steps of a cluster test (ClusterIT, WildFlyClusterIT): requests to one node's own port
 * for an issuer that is the proxy's, so every URL the server makes (redirects, the token endpoint a
 * DPoP proof or client assertion names) is the proxy's and has to be sent to a node explicitly.
 * The clients and the user are those of it-clients.json and the dev profile's demo user.
 */
final class ClusterClient {

    static final String POST_SECRET = "it-post-client-secret-of-at-least-32-chars";
    static final String BASIC_SECRET = "it-basic-client-secret-of-at-least-32-chars";
    static final String FIRST = "it-first";
    static final String FIRST_REDIRECT = "https://client.example.org/cb";
    static final String USER = "alice";
    static final String PASSWORD = "alice-password-for-tests";
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI issuer;

    ClusterClient(URI issuer) {
        this.issuer = issuer;
    }

    URI issuer() {
        return issuer;
    }

    /**
     * A code for it-first (first party: no consent page) with alice: the authorization request and the
     * sign-in page on {@code start}, the sign-in posted to {@code finish}, and every later step on {@code finish}.
     * The browser's cookies are the same on both (one host), as they are behind a balancer.
     */
    String code(ClusterNode start, ClusterNode finish, Pkce pkce) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", FIRST);
        query.put("redirect_uri", FIRST_REDIRECT);
        query.put("scope", "openid offline_access");
        query.put("state", UUID.randomUUID().toString());
        query.put("nonce", UUID.randomUUID().toString());
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        HttpResponse<String> authorize = browser.send(HttpRequest.newBuilder(start.at("/oauth/authorize?"
                + Http.form(query))).build(), HttpResponse.BodyHandlers.ofString());
        URI login = on(start, location(authorize));
        assertEquals("/login", login.getPath(), "to the sign-in page: " + authorize.body());
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(login).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), page.body());
        Map<String, String> fields = UserAgent.hiddenFields(page.body());
        fields.put("username", USER);
        fields.put("password", PASSWORD);
        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(finish.at("/login"))
                .header("Content-Type", Http.FORM).POST(HttpRequest.BodyPublishers.ofString(Http.form(fields))).build(),
                HttpResponse.BodyHandlers.ofString());
        for (int step = 0; step < 6; step++) {
            assertEquals(3, answer.statusCode() / 100, "a redirect: " + answer.statusCode() + " " + answer.body());
            URI next = location(answer);
            if (next.toString().startsWith(FIRST_REDIRECT)) {
                return UserAgent.parameter(next, "code");
            }
            answer = browser.send(HttpRequest.newBuilder(on(finish, next)).build(), HttpResponse.BodyHandlers.ofString());
        }
        throw new AssertionError("the sign-in did not end at the client");
    }

    /** it-first's tokens for a fresh code, all on {@code node}. */
    JsonObject signedIn(ClusterNode node) throws Exception {
        Pkce pkce = Pkce.create();
        return json(token(node, Http.form(Map.of("grant_type", "authorization_code", "code", code(node, node, pkce),
                "redirect_uri", FIRST_REDIRECT, "code_verifier", pkce.verifier())), Http.basic(FIRST, POST_SECRET)), 200);
    }

    /** {@code uri} (made from the issuer, the proxy) sent to {@code node} itself. */
    static URI on(ClusterNode node, URI uri) {
        return node.at(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private static URI location(HttpResponse<String> response) {
        return response.uri().resolve(response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no Location: " + response.statusCode() + " " + response.body())));
    }

    /** A form POST to the node's token endpoint; {@code headers} are name, value pairs. */
    HttpResponse<String> token(ClusterNode node, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.at("/oauth/token")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", Http.FORM).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form POST to the node's token endpoint with this Authorization header. */
    HttpResponse<String> token(ClusterNode node, String body, String authorization) throws Exception {
        return token(node, body, new String[] {"Authorization", authorization});
    }

    /** A form POST to the node's token endpoint with this Authorization header and one more. */
    HttpResponse<String> token(ClusterNode node, String body, String authorization, String name, String value)
            throws Exception {
        return token(node, body, new String[] {"Authorization", authorization, name, value});
    }

    int userinfo(ClusterNode node, String accessToken) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(node.at("/oauth/userinfo"))
                .header("Authorization", "Bearer " + accessToken).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Whether the node answers its discovery document. */
    boolean isUp(ClusterNode node) {
        try {
            return HTTP.send(HttpRequest.newBuilder(node.at("/.well-known/oauth-authorization-server"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** The calls started together (each on a thread of its own, released by one latch); their answers in order. */
    static List<HttpResponse<String>> atOnce(List<Callable<HttpResponse<String>>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (Callable<HttpResponse<String>> call : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.call();
                }));
            }
            go.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Exactly one 200; every other answer a 400 invalid_grant. */
    static void assertOneWinner(List<HttpResponse<String>> answers, String what) {
        List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
        String bodies = what + " on " + answers.size() + " nodes at once: " + statuses + " "
                + answers.stream().map(HttpResponse::body).toList();
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), bodies);
        assertEquals(answers.size() - 1, statuses.stream().filter(s -> s == 400).count(), bodies);
        answers.stream().filter(r -> r.statusCode() == 400)
                .forEach(loser -> assertEquals("invalid_grant", json(loser).getString("error"), bodies));
    }

    String accessTokenKid(ClusterNode node) throws Exception {
        JsonObject tokens = json(token(node, Http.form(Map.of("grant_type", "client_credentials", "scope", "api.read")),
                Http.basic("it-basic", BASIC_SECRET)), 200);
        return SignedJWT.parse(tokens.getString("access_token")).getHeader().getKeyID();
    }

    Set<String> jwksKids(ClusterNode node) throws Exception {
        HttpResponse<String> jwks = HTTP.send(HttpRequest.newBuilder(node.at("/oauth/jwks")).build(),
                HttpResponse.BodyHandlers.ofString());
        return JWKSet.parse(jwks.body()).getKeys().stream().map(JWK::getKeyID).collect(Collectors.toSet());
    }

    /** The node's JWKS once it has a key that is not in {@code before} (the nodes read the keystore every second). */
    Set<String> awaitNewKid(ClusterNode node, Set<String> before) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Set<String> kids = jwksKids(node);
        while (before.containsAll(kids) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            kids = jwksKids(node);
        }
        assertTrue(kids.containsAll(before) && !before.containsAll(kids), "node " + node.name()
                + " published the new key beside the others: " + kids);
        return kids;
    }

    static JWK key(String name) throws Exception {
        try (InputStream in = ClusterClient.class.getResourceAsStream("/it-keys/" + name)) {
            return JWK.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** A DPoP proof (RFC 9449, section 4.2) for a POST to the issuer's token endpoint. */
    String proof(ECKey key, String nonce) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
                .claim("htm", "POST").claim("htu", issuer.resolve("/oauth/token").toString()).issueTime(new Date());
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        return sign(key, JWSAlgorithm.ES256, new JOSEObjectType("dpop+jwt"), key.toPublicJWK(), claims.build());
    }

    static String sign(JWK key, JWSAlgorithm alg, JOSEObjectType type, JWK headerJwk, JWTClaimsSet claims) {
        try {
            JWSHeader.Builder header = new JWSHeader.Builder(alg).keyID(headerJwk == null ? key.getKeyID() : null);
            if (type != null) {
                header.type(type);
            }
            if (headerJwk != null) {
                header.jwk(headerJwk);
            }
            SignedJWT jwt = new SignedJWT(header.build(), claims);
            jwt.sign(key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    static JsonObject json(HttpResponse<String> response, int status) {
        assertEquals(status, response.statusCode(), response.body());
        return json(response);
    }

    /** The jti of a token response's access token (a JWT). */
    static String jti(JsonObject tokenResponse) {
        String payload = tokenResponse.getString("access_token").split("\\.")[1];
        return Json.createReader(new StringReader(new String(Base64.getUrlDecoder().decode(payload),
                StandardCharsets.UTF_8))).readObject().getString("jti");
    }
}
