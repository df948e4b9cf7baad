package dev.jeton.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import jakarta.json.JsonObject;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import static dev.jeton.it.ClusterClient.BASIC_SECRET;
import static dev.jeton.it.ClusterClient.FIRST;
import static dev.jeton.it.ClusterClient.FIRST_REDIRECT;
import static dev.jeton.it.ClusterClient.JWT_BEARER;
import static dev.jeton.it.ClusterClient.POST_SECRET;
import static dev.jeton.it.ClusterClient.assertOneWinner;
import static dev.jeton.it.ClusterClient.atOnce;
import static dev.jeton.it.ClusterClient.json;
import static dev.jeton.it.Http.basic;
import static dev.jeton.it.Http.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cross-node guarantees of issue #19 as steps any cluster test runs against its own nodes
 * (Payara Micro in ClusterIT, WildFly in WildFlyClusterIT): the same WAR must keep them on every
 * server. Each step takes the nodes it needs; "a" and "b" are two different nodes.
 */
final class ClusterChecks {

    private final ClusterClient client;

    ClusterChecks(ClusterClient client) {
        this.client = client;
    }

    /** A code, and then a refresh token, redeemed on every node at once: exactly one winner each. */
    void aCodeAndARefreshTokenHaveOneWinnerEach(List<? extends ClusterNode> nodes) throws Exception {
        ClusterNode a = nodes.get(0);
        Pkce pkce = Pkce.create();
        String code = client.code(a, a, pkce);
        String redeem = form(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", FIRST_REDIRECT,
                "code_verifier", pkce.verifier()));
        assertOneWinner(onEveryNodeAtOnce(nodes, redeem), "the code");

        // a family of its own: the code's losers were taken for code reuse, which revoked what the code gave
        String rotate = form(Map.of("grant_type", "refresh_token", "refresh_token",
                client.signedIn(a).getString("refresh_token")));
        assertOneWinner(onEveryNodeAtOnce(nodes, rotate), "the refresh token");
    }

    /** The same token request by it-first sent to every node at once. */
    private List<HttpResponse<String>> onEveryNodeAtOnce(List<? extends ClusterNode> nodes, String body)
            throws Exception {
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (ClusterNode node : nodes) {
            calls.add(() -> client.token(node, body, basic(FIRST, POST_SECRET)));
        }
        return atOnce(calls);
    }

    /** Reuse on b of a refresh token rotated on a revokes the family, on a too (RFC 9700, section 4.14.2). */
    void reuseOnBOfATokenRotatedOnARevokesTheFamily(ClusterNode a, ClusterNode b) throws Exception {
        String spent = client.signedIn(a).getString("refresh_token");
        JsonObject rotated = json(client.token(a, form(Map.of("grant_type", "refresh_token", "refresh_token", spent)),
                basic(FIRST, POST_SECRET)), 200);
        assertEquals(200, client.userinfo(b, rotated.getString("access_token")));

        HttpResponse<String> reuse = client.token(b, form(Map.of("grant_type", "refresh_token", "refresh_token", spent)),
                basic(FIRST, POST_SECRET));
        assertEquals(400, reuse.statusCode(), reuse.body());
        assertEquals("invalid_grant", json(reuse).getString("error"));

        HttpResponse<String> successor = client.token(a, form(Map.of("grant_type", "refresh_token",
                "refresh_token", rotated.getString("refresh_token"))), basic(FIRST, POST_SECRET));
        assertEquals(400, successor.statusCode(), "the family is revoked on node " + a.name() + " too: "
                + successor.body());
        assertEquals(401, client.userinfo(a, rotated.getString("access_token")), "and its access tokens with it");
    }

    /** A client assertion's jti (RFC 7523, section 3) and a DPoP proof (RFC 9449, section 11.1) replayed on b. */
    void aClientAssertionOrADpopProofReplayedOnBIsRefused(ClusterNode a, ClusterNode b) throws Exception {
        RSAKey rsa = (RSAKey) ClusterClient.key("it-pkjwt-rs.private.jwk.json");
        String assertion = ClusterClient.sign(rsa, JWSAlgorithm.RS256, null, null, new JWTClaimsSet.Builder()
                .issuer("it-pkjwt-rs").subject("it-pkjwt-rs").audience(client.issuer().resolve("/oauth/token").toString())
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString()).build());
        String body = form(Map.of("grant_type", "client_credentials", "scope", "api.read",
                "client_assertion_type", JWT_BEARER, "client_assertion", assertion));
        assertEquals(200, client.token(a, body).statusCode());
        HttpResponse<String> replayed = client.token(b, body);
        assertEquals(401, replayed.statusCode(), replayed.body());
        assertEquals("invalid_client", json(replayed).getString("error"));

        ECKey dpop = new ECKeyGenerator(Curve.P_256).generate();
        String proof = client.proof(dpop, null);
        String basicBody = form(Map.of("grant_type", "client_credentials", "scope", "api.read"));
        HttpResponse<String> bound = client.token(a, basicBody, basic("it-basic", BASIC_SECRET), "DPoP", proof);
        assertEquals(200, bound.statusCode(), bound.body());
        assertEquals("DPoP", json(bound).getString("token_type"));
        HttpResponse<String> proofAgain = client.token(b, basicBody, basic("it-basic", BASIC_SECRET), "DPoP", proof);
        assertEquals(400, proofAgain.statusCode(), proofAgain.body());
        assertEquals("invalid_dpop_proof", json(proofAgain).getString("error"));
    }

    /** A DPoP nonce (RFC 9449, section 8) that node a gave is accepted by node b. */
    void aDpopNonceFromAIsAcceptedByB(ClusterNode a, ClusterNode b) throws Exception {
        ECKey dpop = new ECKeyGenerator(Curve.P_256).generate();
        String body = form(Map.of("grant_type", "client_credentials", "client_id", "it-dpop-nonce",
                "client_secret", POST_SECRET, "scope", "api.read"));
        HttpResponse<String> asked = client.token(a, body, "DPoP", client.proof(dpop, null));
        assertEquals(400, asked.statusCode(), asked.body());
        assertEquals("use_dpop_nonce", json(asked).getString("error"));
        String nonce = asked.headers().firstValue("DPoP-Nonce").orElseThrow();

        HttpResponse<String> onB = client.token(b, body, "DPoP", client.proof(dpop, nonce));
        assertEquals(200, onB.statusCode(), "node " + b.name() + " accepts node " + a.name() + "'s nonce: " + onB.body());
    }

    /** The authorization request and sign-in page on a, the sign-in posted to b and finished there. */
    void aSignInStartedOnACompletesOnB(ClusterNode a, ClusterNode b) throws Exception {
        Pkce pkce = Pkce.create();
        String code = client.code(a, b, pkce);
        HttpResponse<String> redeemed = client.token(a, form(Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", FIRST_REDIRECT, "code_verifier", pkce.verifier())), basic(FIRST, POST_SECRET));
        assertEquals(200, redeemed.statusCode(), redeemed.body());
        assertTrue(json(redeemed).containsKey("id_token"));
    }

    /** {@code limit} failed authentications of it-throttle spread over the nodes lock it out on every node. */
    void theThrottleLimitIsOneLimitForTheCluster(List<? extends ClusterNode> nodes, int limit) throws Exception {
        String wrong = form(Map.of("grant_type", "client_credentials"));
        for (int i = 0; i < limit; i++) {
            ClusterNode node = nodes.get(i % nodes.size());
            HttpResponse<String> failed = client.token(node, wrong, basic("it-throttle", "wrong-secret-" + i));
            assertEquals(401, failed.statusCode(), "failure " + (i + 1) + " on node " + node.name());
        }
        for (ClusterNode node : nodes) {
            HttpResponse<String> locked = client.token(node, wrong, basic("it-throttle", "wrong-secret-again"));
            assertEquals(429, locked.statusCode(), "node " + node.name() + " counts the other nodes' failures: "
                    + locked.body());
            assertEquals("slow_down", json(locked).getString("error"));
        }
    }

    /**
     * A client registered (RFC 7591) through the first node and cached by every node is held by the others, on
     * their next request, to each change made through one node: narrowed (RFC 7592 section 2.2) through the last
     * node, disabled by the operator ({@code PUT /admin/clients/{id}/enabled}) through the first, enabled again
     * through the second, deleted (RFC 7592 section 2.3) through the first. The client's own update does not undo
     * the operator's switch. Each refusal is a failed client authentication: two per node but the first, within
     * the cluster's throttle limit (4) for up to three nodes.
     */
    void aClientChangedOnOneNodeIsHeldToItByTheOthersAtOnce(List<? extends ClusterNode> nodes) throws Exception {
        ClusterNode first = nodes.get(0);
        ClusterNode second = nodes.get(1);
        ClusterNode last = nodes.get(nodes.size() - 1);
        List<? extends ClusterNode> others = nodes.subList(1, nodes.size());
        String initial = json(client.token(first, form(Map.of("grant_type", "client_credentials",
                "scope", "jeton.register")), basic("it-registrar", POST_SECRET)), 200).getString("access_token");
        JsonObject registered = json(client.send(HttpRequest.newBuilder(first.at("/oauth/register"))
                .header("Authorization", "Bearer " + initial).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"client_name\":\"Cluster\",\"grant_types\":"
                        + "[\"client_credentials\"],\"scope\":\"api.read api.write\"}")).build()), 201);
        String id = registered.getString("client_id");
        String secret = registered.getString("client_secret");
        String registration = registered.getString("registration_access_token");
        URI manage = URI.create(registered.getString("registration_client_uri"));
        String write = form(Map.of("grant_type", "client_credentials", "scope", "api.write"));
        String read = form(Map.of("grant_type", "client_credentials", "scope", "api.read"));
        for (ClusterNode node : nodes) {
            assertEquals(200, client.token(node, write, basic(id, secret)).statusCode(), "node " + node.name()
                    + " knows the new client (and caches it)");
        }

        // narrowed through the last node: the others refuse the scope it lost on their next request
        assertEquals(200, updateOwnRegistration(last, manage, registration, id).statusCode());
        for (ClusterNode node : nodes.subList(0, nodes.size() - 1)) {
            HttpResponse<String> refused = client.token(node, write, basic(id, secret));
            assertEquals(400, refused.statusCode(), "node " + node.name() + " holds the client to its new scope: "
                    + refused.body());
            assertEquals("invalid_scope", json(refused).getString("error"));
            assertEquals(200, client.token(node, read, basic(id, secret)).statusCode(), "node " + node.name()
                    + " caches the changed client");
        }

        // disabled by the operator through the first node: the others, each having cached it, refuse it at once
        String admin = json(client.token(first, form(Map.of("grant_type", "client_credentials", "scope",
                "jeton.admin")), basic("it-admin", POST_SECRET)), 200).getString("access_token");
        HttpResponse<String> disabled = switchClient(first, admin, id, false);
        assertEquals(204, disabled.statusCode(), disabled.body());
        for (ClusterNode node : others) {
            HttpResponse<String> refused = client.token(node, read, basic(id, secret));
            assertEquals(401, refused.statusCode(), "node " + node.name() + " refuses the client disabled through "
                    + first.name() + ": " + refused.body());
            assertEquals("invalid_client", json(refused).getString("error"));
        }
        assertEquals(false, enabled(last, admin, id), "node " + last.name() + "'s admin API reads it disabled");
        // the client's own update of its registration does not undo the operator's switch; read through the admin
        // API, not a refused token request, to stay within the throttle limit
        HttpResponse<String> ownUpdate = updateOwnRegistration(last, manage, registration, id);
        assertEquals(200, ownUpdate.statusCode(), ownUpdate.body());
        assertEquals(false, enabled(first, admin, id), "still disabled after its own update");

        HttpResponse<String> enabled = switchClient(second, admin, id, true);
        assertEquals(204, enabled.statusCode(), enabled.body());
        assertEquals(200, client.token(first, read, basic(id, secret)).statusCode(), "node " + first.name()
                + " accepts the client enabled through " + second.name());
        assertEquals(404, switchClient(last, admin, "it-no-such-client", false).statusCode());

        // deleted through the first node: refused by the others at once
        HttpResponse<String> deleted = client.send(HttpRequest.newBuilder(first.at(manage.getRawPath()))
                .header("Authorization", "Bearer " + registration).DELETE().build());
        assertEquals(204, deleted.statusCode(), deleted.body());
        for (ClusterNode node : others) {
            HttpResponse<String> refused = client.token(node, read, basic(id, secret));
            assertEquals(401, refused.statusCode(), "node " + node.name() + " checks its cache on every request: "
                    + refused.body());
            assertEquals("invalid_client", json(refused).getString("error"));
        }
    }

    /** The client's own update of its registration (RFC 7592 section 2.2), to scope api.read. */
    private HttpResponse<String> updateOwnRegistration(ClusterNode node, URI manage, String registration, String id)
            throws Exception {
        return client.send(HttpRequest.newBuilder(node.at(manage.getRawPath()))
                .header("Authorization", "Bearer " + registration).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"client_id\":\"" + id + "\",\"client_name\":\"Cluster\","
                        + "\"grant_types\":[\"client_credentials\"],\"scope\":\"api.read\"}")).build());
    }

    private HttpResponse<String> switchClient(ClusterNode node, String admin, String id, boolean enabled)
            throws Exception {
        return client.send(HttpRequest.newBuilder(node.at("/admin/clients/" + id + "/enabled"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"enabled\":" + enabled + "}")).build());
    }

    private boolean enabled(ClusterNode node, String admin, String id) throws Exception {
        return json(client.send(HttpRequest.newBuilder(node.at("/admin/clients/" + id))
                .header("Authorization", "Bearer " + admin).build()), 200).getBoolean("enabled");
    }

    /**
     * A key added to the shared keystore by the operator tool is in every node's JWKS before any node signs
     * with it, and every node signs with it after its activation (server-config/KEYS.md). The nodes read
     * the keystore every second and send a JWKS max-age of one second here. Returns a line for the log.
     */
    String aNewKeyIsPublishedByEveryNodeBeforeAnyNodeSignsWithIt(List<? extends ClusterNode> nodes, Path keystore)
            throws Exception {
        String oldKid = client.accessTokenKid(nodes.get(0));
        Set<String> published = client.jwksKids(nodes.get(0));
        for (ClusterNode node : nodes) {
            assertEquals(oldKid, client.accessTokenKid(node), "one keystore, one active key");
            assertEquals(published, client.jwksKids(node));
        }
        // written pre-publication before it signs, longer than max-age plus the reload interval (1 s each here);
        // 12 s leaves room for a busy machine
        Instant activation = Instant.now().plusSeconds(12).truncatedTo(ChronoUnit.SECONDS);
        KeyToolProcess.run(keystore, "add", "--algorithm", "ES256", "--activate", activation.toString());
        Instant written = Instant.now();

        Set<String> seenByFirst = null;
        for (ClusterNode node : nodes) {
            Set<String> seen = client.awaitNewKid(node, published);
            if (seenByFirst == null) {
                seenByFirst = seen;
            }
            assertEquals(seenByFirst, seen, "every node publishes the same keys");
        }
        Instant seen = Instant.now();
        assertTrue(seen.isBefore(activation), "every node publishes it before it signs (" + seen + " < " + activation
                + ")");
        String newKid = seenByFirst.stream().filter(k -> !published.contains(k)).findFirst().orElseThrow();
        for (ClusterNode node : nodes) {
            assertEquals(oldKid, client.accessTokenKid(node), "node " + node.name() + " still signs with the old key");
        }
        String line = String.format("new key on every JWKS %d ms after the write, %d s before it signs",
                Duration.between(written, seen).toMillis(), Duration.between(seen, activation).toSeconds());

        while (Instant.now().isBefore(activation.plusMillis(500))) {
            Thread.sleep(200);
        }
        for (ClusterNode node : nodes) {
            assertEquals(newKid, client.accessTokenKid(node), "node " + node.name()
                    + " signs with the new key after its start");
            assertTrue(client.jwksKids(node).contains(oldKid), "the old key stays published while its tokens live");
        }
        return line;
    }
}
