package dev.jeton.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.hostile.HostileForms;
import dev.jeton.hostile.HostileJwts;
import dev.jeton.hostile.HostileRequests;
import net.jqwik.engine.SourceOfRandomness;
import dev.jeton.jose.KeystoreFile;
import dev.jeton.jose.SigningKey;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.Iterator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.jeton.it.Http.basic;
import static dev.jeton.it.Http.form;
import static dev.jeton.it.Http.json;
import static dev.jeton.it.Http.postForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /oauth/token} on the real WAR in a real Payara Micro, spoken to over HTTP:
 * RFC 6749 §4.4 client_credentials, §2.3.1 client authentication, §5.1 and §5.2 responses.
 */
@ExtendWith(ArquillianExtension.class)
class TokenEndpointIT {

    static final String BASIC_ID = "it-basic";
    static final String BASIC_SECRET = "it-basic-client-secret-of-at-least-32-chars";
    static final String POST_ID = "it-post";
    static final String POST_SECRET = "it-post-client-secret-of-at-least-32-chars";
    static final String TOKEN = "/oauth/token";
    static final String CLIENT_CREDENTIALS = "grant_type=client_credentials";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return JetonWar.packaged();
    }

    @Test
    void clientCredentialsWithBasicAnswersTheSection51Body() {
        HttpResponse<String> response = postForm(TOKEN, CLIENT_CREDENTIALS + "&scope=api.read",
                "Authorization", basic(BASIC_ID, BASIC_SECRET));

        assertEquals(200, response.statusCode(), response.body());
        assertNoStoreJson(response);
        JsonObject body = json(response);
        assertEquals("Bearer", body.getString("token_type"));
        assertEquals(600, body.getInt("expires_in"));
        assertEquals("api.read", body.getString("scope"));
        assertFalse(body.getString("access_token").isBlank());
        assertFalse(body.containsKey("refresh_token"), "RFC 6749 §4.4.3: no refresh token");
    }

    @Test
    void clientCredentialsWithPostUsesThePerClientTtlAndAudience() throws Exception {
        HttpResponse<String> response = postForm(TOKEN, form(Map.of("grant_type", "client_credentials",
                "client_id", POST_ID, "client_secret", POST_SECRET)), "Content-Type", Http.FORM + ";charset=UTF-8");

        assertEquals(200, response.statusCode(), response.body());
        JsonObject body = json(response);
        assertEquals(120, body.getInt("expires_in"));
        assertEquals("api.read", body.getString("scope"), "omitted scope: the client's registered scopes");
        JWTClaimsSet claims = SignedJWT.parse(body.getString("access_token")).getJWTClaimsSet();
        assertEquals(List.of("https://api.example.com"), claims.getAudience());
    }

    @Test
    void basicCredentialsAreFormDecodedAsSection231Says() {
        // the id holds ':', ' ', '+' and '%'; the client encodes them before Base64
        HttpResponse<String> response = postForm(TOKEN, CLIENT_CREDENTIALS,
                "Authorization", basic("it:colon +plus%", POST_SECRET));
        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void theAccessTokenVerifiesAgainstThePublishedJwks() throws Exception {
        HttpResponse<String> response = postForm(TOKEN, CLIENT_CREDENTIALS + "&scope=api.read%20api.write",
                "Authorization", basic(BASIC_ID, BASIC_SECRET));
        SignedJWT jwt = SignedJWT.parse(json(response).getString("access_token"));

        String jwksUri = json(Http.get("/.well-known/oauth-authorization-server")).getString("jwks_uri");
        JWKSet jwks = JWKSet.parse(Http.get(jwksUri.replace(Http.base().toString(), "")).body());
        JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "the token's kid is published");
        assertEquals(key.getAlgorithm(), jwt.getHeader().getAlgorithm());
        assertTrue(jwt.verify(new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(),
                key.getKeyType().getValue().equals("EC") ? key.toECKey().toPublicKey() : key.toRSAKey().toPublicKey())));

        // RFC 9068 §2.1, §2.2
        assertEquals(new JOSEObjectType("at+jwt"), jwt.getHeader().getType());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals(Http.base().toString(), claims.getIssuer());
        assertEquals(BASIC_ID, claims.getSubject());
        assertEquals(BASIC_ID, claims.getStringClaim("client_id"));
        assertEquals(List.of(Http.base().toString()), claims.getAudience());
        assertEquals("api.read api.write", claims.getStringClaim("scope"));
        assertNotNull(claims.getJWTID());
        Instant iat = claims.getIssueTime().toInstant();
        assertTrue(Math.abs(iat.getEpochSecond() - Instant.now().getEpochSecond()) < 60);
        assertEquals(iat.plusSeconds(600), claims.getExpirationTime().toInstant());
    }

    @Test
    void issuanceIsAuditedOnTheJmsQueue() throws Exception {
        try (AuditQueue queue = new AuditQueue()) {
            HttpResponse<String> response = postForm(TOKEN, CLIENT_CREDENTIALS,
                    "Authorization", basic(BASIC_ID, BASIC_SECRET));
            String accessToken = json(response).getString("access_token");
            String jti = SignedJWT.parse(accessToken).getJWTClaimsSet().getJWTID();

            AuditQueue.Received received = queue.await(e -> jti.equals(e.getString("jti", null)));
            JsonObject event = received.body();
            assertEquals("token_issued", event.getString("event"));
            assertEquals("success", event.getString("outcome"));
            assertEquals(BASIC_ID, event.getString("client_id"));
            assertEquals("client_credentials", event.getString("grant_type"));
            assertEquals(BASIC_ID, event.getString("sub"));
            UUID.fromString(event.getString("event_id"));
            assertTrue(Instant.parse(event.getString("time")).isAfter(Instant.now().minusSeconds(60)));
            assertEquals(event.getString("event_id"), received.message().getStringProperty("event_id"));
            String raw = received.message().getText();
            assertFalse(raw.contains(accessToken), "never the token value");
            assertFalse(raw.contains(BASIC_SECRET), "never the secret");
        }
    }

    /**
     * server-config/audit.sh as an operator runs it, against this server's broker: drain empties the
     * queue (other tests leave thousands of events, more than a browser is shown), then tail shows the
     * new event as a JSON line and leaves it on the queue, where a consumer still receives it.
     */
    @Test
    void auditShShowsTheEventsOnTheQueueWithoutConsumingThem() throws Exception {
        String broker = "tcp://127.0.0.1:" + System.getProperty("jeton.it.broker.port");
        AuditSh drained = AuditSh.run("drain", "--wait", "2", "--broker-url", broker);
        assertEquals(0, drained.status(), drained.err());

        HttpResponse<String> response = postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization", basic(BASIC_ID, BASIC_SECRET));
        String jti = SignedJWT.parse(json(response).getString("access_token")).getJWTClaimsSet().getJWTID();
        String line = null;
        long deadline = System.currentTimeMillis() + 15_000;
        while (line == null && System.currentTimeMillis() < deadline) {
            AuditSh tail = AuditSh.run("tail", "--selector", "event = 'token_issued'", "--broker-url", broker);
            assertEquals(0, tail.status(), tail.err());
            line = tail.lines().stream().filter(l -> l.contains("\"" + jti + "\"")).findFirst().orElse(null);
        }
        assertNotNull(line, "the event reached the queue and tail printed it");
        JsonObject event = Json.createReader(new StringReader(line)).readObject();
        assertEquals("token_issued", event.getString("event"));
        assertEquals(BASIC_ID, event.getString("client_id"));

        AuditSh again = AuditSh.run("tail", "--broker-url", broker);
        assertTrue(again.lines().contains(line), "still on the queue after tail: " + again.lines());
        try (AuditQueue queue = new AuditQueue()) {
            assertEquals(event.getString("event_id"),
                    queue.await(e -> jti.equals(e.getString("jti", null))).body().getString("event_id"));
        }
    }

    @Test
    void denialIsAuditedWithItsErrorCode() throws Exception {
        try (AuditQueue queue = new AuditQueue()) {
            String wrongSecret = "wrong-" + UUID.randomUUID();
            postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization", basic(BASIC_ID, wrongSecret));

            AuditQueue.Received received = queue.await(e -> "token_denied".equals(e.getString("event"))
                    && "bad_credentials".equals(e.getString("reason", null)));
            JsonObject event = received.body();
            assertEquals("failure", event.getString("outcome"));
            assertEquals("invalid_client", event.getString("error"));
            assertEquals(BASIC_ID, event.getString("client_id"));
            assertFalse(received.message().getText().contains(wrongSecret));
        }
    }

    @Test
    void aRequestRefusedBeforeTheCoreIsAuditedToo() throws Exception {
        try (AuditQueue queue = new AuditQueue()) {
            assertError(postForm(TOKEN, "{}", "Content-Type", "application/json"), 400, "invalid_request");

            // the event name too: the hostile-input tests leave other endpoints' wrong_media_type refusals on the queue
            JsonObject event = queue.await(e -> "token_denied".equals(e.getString("event"))
                    && "wrong_media_type".equals(e.getString("reason", null))).body();
            assertEquals("token_denied", event.getString("event"));
            assertEquals("invalid_request", event.getString("error"));
        }
    }

    @Test
    void wrongContentTypeIsInvalidRequest() {
        assertError(postForm(TOKEN, "{\"grant_type\":\"client_credentials\"}", "Content-Type", "application/json",
                "Authorization", basic(BASIC_ID, BASIC_SECRET)), 400, "invalid_request");
    }

    @Test
    void missingContentTypeIsInvalidRequest() {
        assertError(Http.request("POST", TOKEN, CLIENT_CREDENTIALS, "Authorization", basic(BASIC_ID, BASIC_SECRET)),
                400, "invalid_request");
    }

    @Test
    void otherMethodsAreInvalidRequest() {
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            HttpResponse<String> response = Http.request(method, TOKEN, method.equals("GET") ? null : CLIENT_CREDENTIALS,
                    "Content-Type", Http.FORM);
            assertError(response, 400, "invalid_request");
        }
    }

    @Test
    void unparsableBodyIsInvalidRequest() {
        assertError(postForm(TOKEN, "grant_type=client_credentials&scope=%zz",
                "Authorization", basic(BASIC_ID, BASIC_SECRET)), 400, "invalid_request");
        assertError(postForm(TOKEN, "grant_type=client_credentials&scope=%C3%28",
                "Authorization", basic(BASIC_ID, BASIC_SECRET)), 400, "invalid_request");
    }

    @Test
    void aBodyOverTheConfiguredLimitIsRefusedWith413() {
        // the test server sets jeton.http.max-body-bytes=4096
        assertError(postForm(TOKEN, CLIENT_CREDENTIALS + "&scope=" + "a".repeat(5000),
                "Authorization", basic(BASIC_ID, BASIC_SECRET)), 413, "invalid_request");
    }

    @Test
    void aRepeatedParameterIsInvalidRequestNamingIt() {
        HttpResponse<String> response = postForm(TOKEN, CLIENT_CREDENTIALS + "&scope=api.read&scope=api.write",
                "Authorization", basic(BASIC_ID, BASIC_SECRET));
        assertError(response, 400, "invalid_request");
        assertTrue(json(response).getString("error_description").contains("scope"));
    }

    @Test
    void credentialsOrGrantParametersInTheQueryStringAreInvalidRequest() {
        assertError(postForm(TOKEN + "?client_secret=" + BASIC_SECRET, CLIENT_CREDENTIALS,
                "Authorization", basic(BASIC_ID, BASIC_SECRET)), 400, "invalid_request");
        assertError(postForm(TOKEN + "?grant_type=client_credentials", "scope=api.read",
                "Authorization", basic(BASIC_ID, BASIC_SECRET)), 400, "invalid_request");
    }

    @Test
    void missingGrantTypeIsInvalidRequest() {
        assertError(postForm(TOKEN, "scope=api.read", "Authorization", basic(BASIC_ID, BASIC_SECRET)),
                400, "invalid_request");
    }

    @Test
    void unknownGrantIsUnsupportedGrantType() {
        assertError(postForm(TOKEN, "grant_type=password&username=a&password=b",
                "Authorization", basic(BASIC_ID, BASIC_SECRET)), 400, "unsupported_grant_type");
    }

    @Test
    void grantNotRegisteredForTheClientIsUnauthorizedClient() {
        assertError(postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization", basic("it-no-cc", POST_SECRET)),
                400, "unauthorized_client");
    }

    @Test
    void scopeOutsideTheClientsScopesIsInvalidScope() {
        assertError(postForm(TOKEN, CLIENT_CREDENTIALS + "&scope=admin", "Authorization", basic(BASIC_ID, BASIC_SECRET)),
                400, "invalid_scope");
    }

    @Test
    void failedBasicAuthenticationIs401WithAChallenge() {
        HttpResponse<String> response = postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization", basic(BASIC_ID, "wrong"));
        assertError(response, 401, "invalid_client");
        assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="));
    }

    @Test
    void unknownClientIsIndistinguishableFromAWrongSecret() {
        HttpResponse<String> unknown = postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization", basic("nobody", "x"));
        HttpResponse<String> wrong = postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization", basic(BASIC_ID, "x"));
        assertError(unknown, 401, "invalid_client");
        assertEquals(wrong.body(), unknown.body());
    }

    @Test
    void malformedBasicHeaderIsInvalidClient() {
        assertError(postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization", "Basic !!!not-base64"), 401, "invalid_client");
        assertError(postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization", "Bearer abc"), 401, "invalid_client");
    }

    @Test
    void failedPostAuthenticationIs401() {
        assertError(postForm(TOKEN, form(Map.of("grant_type", "client_credentials", "client_id", POST_ID,
                "client_secret", "wrong"))), 401, "invalid_client");
    }

    @Test
    void twoAuthenticationMethodsAreInvalidRequest() {
        assertError(postForm(TOKEN, form(Map.of("grant_type", "client_credentials", "client_id", BASIC_ID,
                "client_secret", BASIC_SECRET)), "Authorization", basic(BASIC_ID, BASIC_SECRET)), 400, "invalid_request");
    }

    @Test
    void aClientMayOnlyUseTheMethodItRegistered() {
        // it-post registered client_secret_post; the right secret over Basic is still refused
        assertError(postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization", basic(POST_ID, POST_SECRET)),
                401, "invalid_client");
    }

    @Test
    void noClientAuthenticationIsInvalidClient() {
        assertError(postForm(TOKEN, CLIENT_CREDENTIALS), 401, "invalid_client");
    }

    // ---- hostile input (issue #7): random bodies, headers and tokens over HTTP ----

    @Test
    void hundredsOfHostileRequestsAreAll4xxOAuthErrorsAndLogNothingAboveInfo() throws Exception {
        List<String> wrong = new ArrayList<>();
        List<String> logged;
        int sent = 0;
        try (ServerLog log = ServerLog.capture()) {
            Iterator<byte[]> bodies = HostileForms.hostileBodies().sampleStream().limit(200).iterator();
            Iterator<String> authorizations = HostileForms.hostileAuthorization().sampleStream().iterator();
            Iterator<List<Map.Entry<String, String>>> parameters = HostileForms.hostileParameters().sampleStream()
                    .limit(150).iterator();
            List<byte[]> all = new ArrayList<>();
            bodies.forEachRemaining(all::add);
            parameters.forEachRemaining(p -> all.add(HostileForms.encodeBody(p).getBytes(StandardCharsets.US_ASCII)));
            all.add(("grant_type=client_credentials&scope=" + "a".repeat(50_000)).getBytes(StandardCharsets.US_ASCII));
            all.add(new byte[1_000_000]);
            String[] contentTypes = {Http.FORM, Http.FORM + ";charset=UTF-8", "application/json", "text/plain",
                    Http.FORM + "; charset=ISO-8859-1"};
            for (int i = 0; i < all.size(); i++) {
                HttpRequest.Builder request = HttpRequest.newBuilder(Http.at(TOKEN)).timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(all.get(i)))
                        .header("Content-Type", contentTypes[i % 7 < 5 ? 0 : i % contentTypes.length]);
                String authorization = authorizations.next();
                // what Payara's HTTP parser refuses before Jeton sees it (400, empty body): a header byte that
                // is a control character or not ASCII, or a header over its size limit
                boolean badHeader = authorization != null && (authorization.length() > 7000
                        || authorization.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c >= 0x7F));
                try {
                    if (authorization != null) {
                        request.header("Authorization", authorization);
                    }
                } catch (IllegalArgumentException refusedByTheClientLibrary) {
                    // java.net.http will not send CR, LF or other control characters in a header
                }
                HttpResponse<String> response;
                try {
                    response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException closed) {
                    // the server answers 413 after limit+1 bytes and stops reading, or refuses an oversized
                    // header: a client still sending may see the connection close instead of the answer
                    if (all.get(i).length <= 4096 && !badHeader) {
                        wrong.add("no response (" + closed.getMessage() + ") for a body of " + all.get(i).length
                                + " bytes");
                    }
                    sent++;
                    continue;
                }
                sent++;
                boolean refusedByTheContainer = badHeader && response.statusCode() == 400 && response.body().isEmpty();
                if (!isOAuthError4xx(response) && !refusedByTheContainer) {
                    wrong.add(response.statusCode() + " " + response.body() + " with Authorization "
                            + (authorization == null ? null : authorization.substring(0, Math.min(80, authorization.length())))
                            + " for "
                            + new String(all.get(i), 0, Math.min(200, all.get(i).length), StandardCharsets.ISO_8859_1));
                }
            }
            Thread.sleep(1500); // the container copies the server's output asynchronously
            logged = log.aboveInfo();
        }
        assertTrue(sent >= 350, "sent " + sent);
        assertEquals(List.of(), wrong, "every hostile request is a 4xx OAuth error");
        assertEquals(List.of(), logged, "no hostile request makes the server log above INFO");
    }

    @Test
    void hostileAccessTokensAreRefusedWithBearerErrorsAtTheProtectedEndpoints() throws Exception {
        // a target signed with the server's own key (read from the test server's keystore), so the
        // unchanged token is accepted and every variant differs from it by one defect
        HostileJwts.Target target = serverTarget();
        HttpResponse<String> accepted = Http.request("GET", "/admin/users", null,
                "Authorization", "Bearer " + target.valid());
        assertEquals(200, accepted.statusCode(), "the unchanged token is accepted: " + accepted.body());

        List<String> wrong = new ArrayList<>();
        List<String> logged;
        try (ServerLog log = ServerLog.capture()) {
            // huge and deeply nested tokens exceed the container's header limit: covered by the unit properties
            HostileJwts.against(target, EnumSet.complementOf(EnumSet.of(HostileJwts.Defect.HUGE_JSON,
                            HostileJwts.Defect.DEEPLY_NESTED_JSON)))
                    .sampleStream().limit(200).forEach(jwt -> {
                        String path = jwt.token().hashCode() % 2 == 0 ? "/admin/users" : "/oauth/userinfo";
                        HttpResponse<String> response;
                        try {
                            response = Http.request("GET", path, null, "Authorization", "Bearer " + jwt.token());
                        } catch (IllegalArgumentException notSendable) {
                            return; // a control character java.net.http refuses to put in a header
                        }
                        boolean challenged = response.headers().firstValue("WWW-Authenticate").orElse("")
                                .startsWith("Bearer");
                        // a control or non-ASCII header byte is refused by Payara's HTTP parser (400) before Jeton
                        boolean refusedByTheContainer = jwt.token().chars().anyMatch(c -> c < 0x20 || c >= 0x7F)
                                && response.statusCode() == 400;
                        if (response.statusCode() < 400 || response.statusCode() >= 500
                                || !(challenged || refusedByTheContainer)) {
                            wrong.add(response.statusCode() + " " + jwt);
                        }
                    });
            Thread.sleep(1500);
            logged = log.aboveInfo();
        }
        assertEquals(List.of(), wrong, "every hostile token is refused with an RFC 6750 challenge");
        assertEquals(List.of(), logged, "no hostile token makes the server log above INFO");
    }

    // ---- issue #11: generated hostile requests over every endpoint, and the holes they found ----

    /** The seed of the generated requests: the same seed sends the same 20,000 requests. */
    static final long HOSTILE_SEED = Long.getLong("jeton.it.hostile.seed", 20261101L);
    static final int HOSTILE_REQUESTS = Integer.getInteger("jeton.it.hostile.requests", 20_000);

    @Test
    void twentyThousandGeneratedHostileRequestsOverEveryEndpointGetNo5xxAndLogNothingAboveInfoAndNoCredential()
            throws Exception {
        HostileJwts.Target target = serverTarget(HostileRequests.CANARY + "-jti");
        String valid = target.valid();
        // jqwik generates on this thread only: a seeded pool of hostile JWTs, drawn from by the generator's
        // own random; huge and deeply nested tokens (hundreds of kilobytes each) are rare
        SourceOfRandomness.create(Long.toString(HOSTILE_SEED));
        List<String> usualJwts = HostileJwts.against(target, EnumSet.complementOf(EnumSet.of(
                HostileJwts.Defect.HUGE_JSON, HostileJwts.Defect.DEEPLY_NESTED_JSON))).sampleStream().limit(1500)
                .map(HostileJwts.HostileJwt::token).toList();
        List<String> rareJwts = HostileJwts.against(target, EnumSet.of(HostileJwts.Defect.HUGE_JSON,
                HostileJwts.Defect.DEEPLY_NESTED_JSON)).sampleStream().limit(10).map(HostileJwts.HostileJwt::token)
                .toList();
        int threads = 4;
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger dropped = new java.util.concurrent.atomic.AtomicInteger();
        Map<Integer, java.util.concurrent.atomic.AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> logged;
        List<String> leaked;
        long started = System.nanoTime();
        try (ServerLog log = ServerLog.capture()) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = HOSTILE_SEED + t;
                int count = HOSTILE_REQUESTS / threads;
                done.add(pool.submit(() -> {
                    HostileRequests generator = new HostileRequests(seed, random -> {
                        int roll = random.nextInt(400);
                        if (roll < 20) {
                            return valid;
                        }
                        List<String> jwts = roll == 20 ? rareJwts : usualJwts;
                        return jwts.get(random.nextInt(jwts.size()));
                    });
                    try (RawHttp http = new RawHttp("localhost", Http.base().getPort())) {
                        for (int i = 0; i < count; i++) {
                            HostileRequests.Request request = generator.next();
                            RawHttp.Response response = http.send(request.method(), request.target(),
                                    request.headers(), request.body());
                            sent.incrementAndGet();
                            if (response == null) {
                                // the container closes the connection on a request it will not read
                                dropped.incrementAndGet();
                                continue;
                            }
                            statuses.computeIfAbsent(response.status(),
                                    k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                            if (response.status() >= 500) {
                                wrong.add(response.status() + " " + response.text().substring(0,
                                        Math.min(200, response.text().length())) + " for " + request);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            Thread.sleep(2000); // the container copies the server's output asynchronously
            logged = log.aboveInfo();
            List<String> patterns = HostileRequests.canaryPatterns();
            leaked = log.lines().stream().filter(line -> patterns.stream().anyMatch(line::contains)).toList();
        }
        long seconds = java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.println("hostile requests: " + sent + " in " + seconds + " s, statuses " + statuses
                + ", connections closed without an answer " + dropped + ", seed " + HOSTILE_SEED);
        assertTrue(sent.get() >= HOSTILE_REQUESTS - threads, "sent " + sent);
        assertTrue(dropped.get() < sent.get() / 20, "most requests are answered: " + dropped + " were not");
        assertEquals(List.of(), wrong.stream().limit(30).toList(), wrong.size() + " answers were 5xx");
        assertEquals(List.of(), logged.stream().limit(30).toList(), "nothing above INFO in the server log");
        assertEquals(List.of(), leaked.stream().limit(30).toList(), "no credential in the server log");
    }

    @Test
    void deeplyNestedJsonIsA400AfterAuthenticationAndNeverParsedBefore() throws Exception {
        String nested = "{\"client_name\":" + "[".repeat(1001) + "1" + "]".repeat(1001) + "}";
        List<String> logged;
        try (ServerLog log = ServerLog.capture()) {
            // no token: refused before the body is read (RFC 7592 §2: 401 invalid_token)
            HttpResponse<String> update = Http.request("PUT", "/oauth/register/x", nested,
                    "Content-Type", "application/json");
            assertEquals(401, update.statusCode(), update.body());
            assertEquals("invalid_token", json(update).getString("error"));
            HttpResponse<String> register = Http.request("POST", "/oauth/register", nested,
                    "Content-Type", "application/json");
            assertEquals(401, register.statusCode(), register.body());

            // with an initial access token: RFC 7591 §3.2.2 invalid_client_metadata
            String initial = json(postForm(TOKEN, CLIENT_CREDENTIALS + "&scope=jeton.register",
                    "Authorization", basic("it-registrar", POST_SECRET))).getString("access_token");
            HttpResponse<String> authenticated = Http.request("POST", "/oauth/register", nested,
                    "Content-Type", "application/json", "Authorization", "Bearer " + initial);
            assertEquals(400, authenticated.statusCode(), authenticated.body());
            assertEquals("invalid_client_metadata", json(authenticated).getString("error"));
            assertEquals("no-store", authenticated.headers().firstValue("Cache-Control").orElse(null));

            // the admin API reads JSON the same way
            String admin = json(postForm(TOKEN, CLIENT_CREDENTIALS + "&scope=jeton.admin",
                    "Authorization", basic("it-admin", POST_SECRET))).getString("access_token");
            HttpResponse<String> user = Http.request("POST", "/admin/users", "{\"username\":\"n\",\"password\":"
                    + "\"p\",\"claims\":" + "{\"a\":".repeat(2000) + "1" + "}".repeat(2000) + "}",
                    "Content-Type", "application/json", "Authorization", "Bearer " + admin);
            assertEquals(400, user.statusCode(), user.body());
            Thread.sleep(1500);
            logged = log.aboveInfo();
        }
        assertEquals(List.of(), logged, "no stack trace, nothing above INFO");
    }

    @Test
    void aMalformedQueryEscapeIsA400WithNoStoreOnEveryEndpointAndNoCredentialIsLogged() throws Exception {
        List<String> pages = List.of("/oauth/authorize", "/login", "/consent", "/activate", "/activate/decision");
        List<String> api = List.of(TOKEN, "/oauth/par", "/oauth/device_authorization", "/oauth/introspect",
                "/oauth/revoke", "/oauth/register", "/oauth/register/x", "/oauth/userinfo", "/admin/users",
                "/oauth/jwks", "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server");
        List<String> logged;
        List<String> leaked;
        String canary = HostileRequests.CANARY + "-query";
        try (ServerLog log = ServerLog.capture(); RawHttp http = new RawHttp("localhost", Http.base().getPort())) {
            for (String path : concat(pages, api)) {
                for (String method : List.of("GET", "POST")) {
                    for (byte[] body : method.equals("GET") ? new byte[][]{null}
                            : new byte[][]{new byte[0], CLIENT_CREDENTIALS.getBytes(StandardCharsets.US_ASCII)}) {
                        RawHttp.Response response = http.send(method, path + "?x=%zz&access_token=" + canary,
                                List.of(Map.entry("Content-Type", Http.FORM)), body);
                        String what = method + " " + path + (body == null ? "" : " with a body of " + body.length);
                        assertEquals(400, response.status(), what + ": " + response.text());
                        assertEquals("no-store", response.header("cache-control"), what);
                        String type = response.header("content-type");
                        if (pages.contains(path)) {
                            assertTrue(type.startsWith("text/html"), what + ": " + type);
                            assertTrue(response.text().contains("not correctly encoded"), what);
                        } else {
                            assertTrue(type.startsWith("application/json"), what + ": " + type);
                            assertEquals("invalid_request", response.json().getString("error"));
                        }
                        assertFalse(response.text().contains("Exception"), what + ": " + response.text());
                    }
                }
            }
            // a form content type without a body: Jersey logged the whole URI, token included, at WARNING
            for (String method : List.of("GET", "POST")) {
                RawHttp.Response response = http.send(method, "/oauth/userinfo?access_token=" + canary,
                        List.of(Map.entry("Content-Type", Http.FORM)), method.equals("POST") ? new byte[0] : null);
                // RFC 6750 §2.3 is a method Jeton refuses (URIs end up in logs, §5.3): invalid_request
                assertEquals(400, response.status(), method + ": " + response.text());
                assertEquals("invalid_request", response.json().getString("error"), method);
            }
            Thread.sleep(1500);
            logged = log.aboveInfo();
            leaked = log.lines().stream().filter(l -> l.contains(canary)).toList();
        }
        assertEquals(List.of(), logged, "nothing above INFO");
        assertEquals(List.of(), leaked, "the access token in the query is in no log line");
    }

    @Test
    void noWadlIsServedNeitherAtApplicationWadlNorForOptions() {
        HttpResponse<String> wadl = Http.get("/application.wadl");
        assertEquals(404, wadl.statusCode(), wadl.body());
        for (String path : List.of("/oauth/userinfo", "/oauth/jwks", "/oauth/register/x", "/admin/users")) {
            HttpResponse<String> options = Http.request("OPTIONS", path, null, "Accept",
                    "application/vnd.sun.wadl+xml, */*");
            // Jersey may echo the accepted type, but says nothing about the resources
            assertFalse(options.body().contains("<application") || options.body().contains("<resource"),
                    path + ": " + options.body());
        }
    }

    @Test
    void userinfoChallengesWithDpopWhenTheDpopSchemeWasUsedAndOffersBothWithoutAToken() {
        // RFC 9449 §7.1: the challenge names the scheme the client used, with the algorithms we accept
        HttpResponse<String> dpop = Http.request("GET", "/oauth/userinfo", null, "Authorization", "DPoP not-a-token");
        assertEquals(401, dpop.statusCode());
        List<String> challenges = dpop.headers().allValues("WWW-Authenticate");
        assertEquals(1, challenges.size(), challenges.toString());
        assertTrue(challenges.get(0).startsWith("DPoP algs=\"") && challenges.get(0).contains("ES256")
                && challenges.get(0).contains("error=\"invalid_token\""), challenges.toString());

        HttpResponse<String> none = Http.get("/oauth/userinfo");
        assertEquals(401, none.statusCode());
        List<String> offered = none.headers().allValues("WWW-Authenticate");
        assertTrue(offered.stream().anyMatch(c -> c.startsWith("Bearer realm=")), offered.toString());
        assertTrue(offered.stream().anyMatch(c -> c.startsWith("DPoP algs=")), offered.toString());
        assertTrue(offered.stream().noneMatch(c -> c.contains("error=")), "RFC 6750 §3.1: no error without a token");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static HostileJwts.Target serverTarget() throws Exception {
        return serverTarget(UUID.randomUUID().toString());
    }

    private static HostileJwts.Target serverTarget(String jti) throws Exception {
        Path keystore = Path.of(System.getProperty("basedir", "."), "target", "it-data", "keystore.bcfks");
        SigningKey key = new KeystoreFile(keystore, "BCFKS", "it-keystore-password".toCharArray()).load().stream()
                .filter(k -> k.algorithm() == SigningAlgorithm.ES256).reduce((a, b) -> b).orElseThrow();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(Http.base().toString()).subject("it-admin")
                .audience(Http.base().toString()).claim("client_id", "it-admin").claim("scope", "jeton.admin openid")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(jti).build();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("at+jwt"))
                .keyID(key.kid()).build();
        return new HostileJwts.Target(header, claims, new ECDSASigner((ECPrivateKey) key.privateKey()),
                key.publicJwk());
    }

    private static boolean isOAuthError4xx(HttpResponse<String> response) {
        if (response.statusCode() < 400 || response.statusCode() >= 500) {
            return false;
        }
        try {
            return !json(response).getString("error").isBlank()
                    && "no-store".equals(response.headers().firstValue("Cache-Control").orElse(null));
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    // ---- brute force (issue #7): throttled client authentication ----

    @Test
    void wrongSecretsAre429SlowDownAfterTheLimitAndAuditedButTheRightSecretKeepsWorking() throws Exception {
        // the test server allows 20 failures per client id and address (arquillian.xml); it-throttle is used by no
        // other test. It has worked from this address (127.0.0.1) before the guessing starts: a known source.
        Map<String, String> clientAddressLimit = Map.of("limit", "client_address");
        double lockoutsBefore = PrometheusText.scrape().value("jeton_throttle_lockouts_total", clientAddressLimit);
        assertEquals(200, postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization", basic("it-throttle", POST_SECRET))
                .statusCode());
        try (AuditQueue queue = new AuditQueue()) {
            for (int i = 0; i < 20; i++) {
                assertError(postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization", basic("it-throttle", "wrong-" + i)),
                        401, "invalid_client");
            }
            HttpResponse<String> throttled = postForm(TOKEN, CLIENT_CREDENTIALS,
                    "Authorization", basic("it-throttle", "wrong-again"));
            assertError(throttled, 429, "slow_down");
            long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter > 0 && retryAfter <= 300, "Retry-After " + retryAfter);

            JsonObject lockout = queue.await(e -> "client_authentication_throttled".equals(e.getString("event"))
                    && "it-throttle".equals(e.getString("client_id", null))).body();
            assertEquals("client_address_limit", lockout.getString("reason"));
            JsonObject denied = queue.await(e -> "token_denied".equals(e.getString("event"))
                    && "throttled".equals(e.getString("reason", null))).body();
            assertEquals("slow_down", denied.getString("error"));
        }
        // the lockout is counted once, as the audit trail says
        assertEquals(lockoutsBefore + 1,
                PrometheusText.scrape().value("jeton_throttle_lockouts_total", clientAddressLimit));
        // issue #11: the right secret used to be 429 for 300 s after ten wrong ones from anybody
        HttpResponse<String> right = postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization",
                basic("it-throttle", POST_SECRET));
        assertEquals(200, right.statusCode(), right.body());
        // other clients are not affected
        assertEquals(200, postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization", basic(BASIC_ID, BASIC_SECRET))
                .statusCode());
    }

    @Test
    void aPublicClientHammeredWithBadCredentialsKeepsWorking() {
        // it-tv is public: nothing to guess. 30 requests naming it with secrets it does not have...
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> bad = postForm(TOKEN, form(Map.of("grant_type", "client_credentials",
                    "client_id", "it-tv", "client_secret", "guess-" + i)));
            assertTrue(bad.statusCode() == 401 || bad.statusCode() == 429, bad.body());
        }
        // ...and its own requests still reach the grant: an unknown refresh token is invalid_grant, not 429
        HttpResponse<String> own = postForm(TOKEN, form(Map.of("grant_type", "refresh_token", "client_id", "it-tv",
                "refresh_token", "no-such-refresh-token")));
        assertError(own, 400, "invalid_grant");
    }

    /**
     * Issue #19: the operator's switch, {@code PUT /admin/clients/{id}/enabled}. Disabled, the client is refused
     * (invalid_client) at the token endpoint, introspection and revocation from the next request; the switch
     * commits with its audit event; enabled again, the client is accepted. A client of its own (registered
     * here), so that no other test meets it disabled.
     */
    @Test
    void aClientDisabledByTheOperatorIsRefusedAtOnceAndAcceptedOnceEnabledAgain() throws Exception {
        String initial = json(postForm(TOKEN, CLIENT_CREDENTIALS + "&scope=jeton.register",
                "Authorization", basic("it-registrar", POST_SECRET))).getString("access_token");
        HttpResponse<String> registered = Http.request("POST", "/oauth/register", "{\"client_name\":\"Switched\","
                + "\"grant_types\":[\"client_credentials\"],\"scope\":\"api.read\"}",
                "Content-Type", "application/json", "Authorization", "Bearer " + initial);
        assertEquals(201, registered.statusCode(), registered.body());
        String id = json(registered).getString("client_id");
        String secret = json(registered).getString("client_secret");
        String token = json(postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization", basic(id, secret)))
                .getString("access_token");
        String admin = json(postForm(TOKEN, CLIENT_CREDENTIALS + "&scope=jeton.admin",
                "Authorization", basic("it-admin", POST_SECRET))).getString("access_token");
        // a live token without openid: userinfo takes it and answers insufficient_scope
        assertEquals(403, Http.request("GET", "/oauth/userinfo", null, "Authorization", "Bearer " + token)
                .statusCode(), "the client's token is alive before the switch");

        HttpResponse<String> unauthenticated = Http.request("PUT", "/admin/clients/" + id + "/enabled",
                "{\"enabled\":false}", "Content-Type", "application/json");
        assertEquals(401, unauthenticated.statusCode(), unauthenticated.body());
        HttpResponse<String> notBoolean = Http.request("PUT", "/admin/clients/" + id + "/enabled",
                "{\"enabled\":\"no\"}", "Content-Type", "application/json", "Authorization", "Bearer " + admin);
        assertError(notBoolean, 400, "invalid_request");
        HttpResponse<String> unknown = Http.request("PUT", "/admin/clients/it-no-such-client/enabled",
                "{\"enabled\":false}", "Content-Type", "application/json", "Authorization", "Bearer " + admin);
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals("not_found", json(unknown).getString("error"));

        try (AuditQueue queue = new AuditQueue()) {
            HttpResponse<String> disabled = Http.request("PUT", "/admin/clients/" + id + "/enabled",
                    "{\"enabled\":false}", "Content-Type", "application/json", "Authorization", "Bearer " + admin);
            assertEquals(204, disabled.statusCode(), disabled.body());
            JsonObject event = queue.await(e -> "client_disabled".equals(e.getString("event", null))
                    && id.equals(e.getString("client_id", null))).body();
            assertEquals("success", event.getString("outcome"));
            assertEquals("it-admin", event.getString("sub"), "the admin client that disabled it");
        }
        HttpResponse<String> read = Http.request("GET", "/admin/clients/" + id, null,
                "Authorization", "Bearer " + admin);
        assertEquals(200, read.statusCode(), read.body());
        assertFalse(json(read).getBoolean("enabled"));

        assertError(postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization", basic(id, secret)), 401, "invalid_client");
        HttpResponse<String> introspected = postForm("/oauth/introspect", form(Map.of("token", token)),
                "Authorization", basic(id, secret));
        assertEquals(401, introspected.statusCode(), introspected.body());
        assertEquals("invalid_client", json(introspected).getString("error"));
        HttpResponse<String> revoked = postForm("/oauth/revoke", form(Map.of("token", token)),
                "Authorization", basic(id, secret));
        assertEquals(401, revoked.statusCode(), revoked.body());
        assertEquals("invalid_client", json(revoked).getString("error"));
        // and every endpoint that takes an access token holds the token it got before to the switch (one check,
        // LiveAccessTokens): userinfo, token exchange, introspection by anyone
        HttpResponse<String> userinfo = Http.request("GET", "/oauth/userinfo", null, "Authorization", "Bearer " + token);
        assertEquals(401, userinfo.statusCode(), userinfo.body());
        assertTrue(userinfo.headers().firstValue("WWW-Authenticate").orElse("").contains("invalid_token"),
                userinfo.headers().map().toString());

        HttpResponse<String> enabled = Http.request("PUT", "/admin/clients/" + id + "/enabled",
                "{\"enabled\":true}", "Content-Type", "application/json", "Authorization", "Bearer " + admin);
        assertEquals(204, enabled.statusCode(), enabled.body());
        assertEquals(200, postForm(TOKEN, CLIENT_CREDENTIALS, "Authorization", basic(id, secret)).statusCode());
        // disabling revoked nothing: the token issued before is alive again
        assertEquals(403, Http.request("GET", "/oauth/userinfo", null, "Authorization", "Bearer " + token)
                .statusCode(), "the token is taken again once its client is enabled");
        JsonObject active = json(postForm("/oauth/introspect", form(Map.of("token", token)),
                "Authorization", basic(id, secret)));
        assertTrue(active.getBoolean("active"), active.toString());
    }

    /** §5.2 body, no-store headers, and nothing internal in the body. */
    private static void assertError(HttpResponse<String> response, int status, String error) {
        assertEquals(status, response.statusCode(), response.body());
        assertNoStoreJson(response);
        JsonObject body = json(response);
        assertEquals(error, body.getString("error"));
        String description = body.getString("error_description", "");
        assertFalse(description.isBlank(), "a description is given");
        for (String leak : List.of("Exception", "dev.jeton", "jakarta.", "at org.", "SQL", "jdbc")) {
            assertFalse(response.body().contains(leak), "no internal detail: " + response.body());
        }
    }

    private static void assertNoStoreJson(HttpResponse<String> response) {
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                response.headers().toString());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("no-cache", response.headers().firstValue("Pragma").orElse(null));
    }
}
