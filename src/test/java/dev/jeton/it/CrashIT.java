package dev.jeton.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crash under load on the embedded defaults, the setup {@code server-config/run.sh} gives a
 * newcomer: the same command files ({@code server-config/payara}: H2 in the data directory,
 * the ActiveMQ broker inside the server's JVM, persistent as run.sh makes it). Several clients
 * rotate refresh tokens and get client_credentials tokens with private_key_jwt assertions; the
 * server's JVM is killed with SIGKILL in the middle of it and started again on the same data
 * directory. Whatever a 2xx response acknowledged must have survived:
 * <ul>
 *   <li>every rotation: the newest acknowledged refresh token of each chain redeems (chains that
 *       had a request in flight at the kill may also find it spent by that unacknowledged rotation),
 *       and the spent parent is refused;</li>
 *   <li>every acknowledged assertion's jti: the assertion replayed is refused as a replay;</li>
 *   <li>every acknowledged token's audit event is on the queue of the restarted broker.</li>
 * </ul>
 * Not Arquillian: the server must die and come back in the middle of the test.
 */
class CrashIT {

    static final String CHAIN_CLIENT = "it-spa";
    static final String CHAIN_REDIRECT = "http://127.0.0.1:9876/callback";
    static final String ASSERTING_CLIENT = "it-pkjwt-rs";
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** H2's default write delay: what a crash lost before WRITE_DELAY=0. */
    static final Duration H2_DEFAULT_WRITE_DELAY = Duration.ofMillis(500);

    static Path work;
    static int httpPort;
    static int brokerPort;
    static PayaraMicroProcess server;
    static RSAKey assertionKey;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        work = Path.of(System.getProperty("jeton.it.work.dir", "target/resilience-it")).toAbsolutePath()
                .resolveSibling("crash-it");
        PayaraMicroProcess.deleteTree(work);
        Files.createDirectories(work);
        httpPort = TcpProxy.freePort();
        brokerPort = TcpProxy.freePort();
        writePostboot();
        try (InputStream in = CrashIT.class.getResourceAsStream("/it-keys/it-pkjwt-rs.private.jwk.json")) {
            assertionKey = (RSAKey) JWK.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        server = startServer();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everythingAcknowledgedBeforeAKillDashNineIsThereAfterTheRestart() throws Exception {
        // four refresh-token chains: two stop just before the kill (nothing of theirs is in flight
        // then, so their newest token must redeem), two are in the middle of a request
        List<Chain> chains = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chains.add(new Chain(i < 2));
        }
        for (Chain chain : chains) {
            chain.begin();
        }
        List<Asserter> asserters = List.of(new Asserter(), new Asserter(), new Asserter());

        List<Thread> threads = new ArrayList<>();
        CountDownLatch idle = new CountDownLatch((int) chains.stream().filter(c -> c.stopsBeforeKill).count());
        for (Chain chain : chains) {
            threads.add(new Thread(() -> chain.run(idle), "chain"));
        }
        for (Asserter asserter : asserters) {
            threads.add(new Thread(asserter::run, "asserter"));
        }
        threads.forEach(Thread::start);
        Thread.sleep(6_000);
        Chain.quiesce = true;
        assertTrue(idle.await(60, TimeUnit.SECONDS), "the quiet chains stopped");
        Instant killed = Instant.now();
        server.crash();
        for (Thread t : threads) {
            t.join(60_000);
            assertFalse(t.isAlive(), "every client noticed the crash");
        }
        for (Chain chain : chains) {
            assertEquals(List.of(), chain.unexpected, "before the crash every answer was 200");
            assertTrue(chain.tokens.size() >= 3, "the chain rotated under load: " + chain.tokens.size());
        }
        for (Asserter asserter : asserters) {
            assertEquals(List.of(), asserter.unexpected, "before the crash every answer was 200");
        }
        List<Acknowledged> all = new ArrayList<>();
        chains.forEach(c -> all.addAll(c.acknowledged));
        asserters.forEach(a -> all.addAll(a.acknowledged));
        // the test reaches into the window H2's default write delay left unwritten, or it proves nothing
        long lastWindow = all.stream().filter(a -> a.at().isAfter(killed.minus(H2_DEFAULT_WRITE_DELAY))).count();
        long quietChainsLast = chains.stream().filter(c -> c.stopsBeforeKill)
                .filter(c -> c.lastAck.isAfter(killed.minus(H2_DEFAULT_WRITE_DELAY))).count();
        System.out.printf("CrashIT: %d responses acknowledged before the kill, %d in its last %d ms%n",
                all.size(), lastWindow, H2_DEFAULT_WRITE_DELAY.toMillis());
        assertTrue(lastWindow > 0, "requests were acknowledged in the last 500 ms before the kill");
        assertTrue(quietChainsLast > 0, "a quiet chain rotated in the last 500 ms before the kill");

        server = startServer();

        // rotations: the newest acknowledged token first (presenting a spent one revokes the family)
        for (Chain chain : chains) {
            String newest = chain.tokens.get(chain.tokens.size() - 1);
            HttpResponse<String> redeemed = refresh(newest);
            if (chain.stopsBeforeKill) {
                assertEquals(200, redeemed.statusCode(), "the acknowledged rotation survived: " + redeemed.body());
            } else {
                // a rotation in flight at the kill may have committed without its response going out
                assertTrue(redeemed.statusCode() == 200 || isInvalidGrant(redeemed), redeemed.body());
            }
            String parent = chain.tokens.get(chain.tokens.size() - 2);
            HttpResponse<String> replayed = refresh(parent);
            assertTrue(isInvalidGrant(replayed), "the spent parent stays spent: " + replayed.statusCode() + " "
                    + replayed.body());
        }

        // assertions: every acknowledged jti is remembered
        int replays = 0;
        for (Asserter asserter : asserters) {
            for (String assertion : asserter.assertions) {
                HttpResponse<String> replayed = clientCredentials(assertion);
                assertEquals(401, replayed.statusCode(), "an acknowledged assertion cannot be replayed");
                assertEquals("invalid_client", json(replayed).getString("error"));
                replays++;
            }
        }
        // and the server is still serving the client (the refusals above were not something else)
        assertEquals(200, clientCredentials(assertion()).statusCode());

        // audit: every acknowledged token's event, and a replay denial for each replayed assertion
        Set<String> wanted = all.stream().map(Acknowledged::jti).collect(Collectors.toSet());
        int expectedReplays = replays;
        try (ResilienceIT.Queue queue = new ResilienceIT.Queue(brokerPort)) {
            Map<String, JsonObject> events = queue.readUntil(m -> issuedJtis(m).containsAll(wanted)
                    && replayDenials(m) >= expectedReplays, Duration.ofSeconds(60));
            Set<String> missing = new HashSet<>(wanted);
            missing.removeAll(issuedJtis(events));
            assertEquals(Set.of(), missing, "every acknowledged token's audit event is on the queue");
            assertEquals(expectedReplays, replayDenials(events), "each replay was refused as a replay");
            System.out.printf("CrashIT: %d messages read, %d distinct events, %d acknowledged tokens, %d replays%n",
                    queue.messages, events.size(), wanted.size(), expectedReplays);
        }
    }

    private static Set<String> issuedJtis(Map<String, JsonObject> events) {
        return events.values().stream().filter(e -> "token_issued".equals(e.getString("event", null)))
                .map(e -> e.getString("jti", "")).collect(Collectors.toSet());
    }

    private static long replayDenials(Map<String, JsonObject> events) {
        return events.values().stream().filter(e -> "token_denied".equals(e.getString("event", null))
                && ASSERTING_CLIENT.equals(e.getString("client_id", null))
                && "assertion_replayed".equals(e.getString("reason", null))).count();
    }

    // ---------------------------------------------------------------------------------------
    // the load

    record Acknowledged(String jti, Instant at) {
    }

    /** One grant whose refresh token is rotated again and again; remembers every token it was given. */
    static final class Chain {
        static volatile boolean quiesce;
        final boolean stopsBeforeKill;
        final List<String> tokens = new ArrayList<>();
        final List<Acknowledged> acknowledged = Collections.synchronizedList(new ArrayList<>());
        final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        volatile Instant lastAck = Instant.EPOCH;

        Chain(boolean stopsBeforeKill) {
            this.stopsBeforeKill = stopsBeforeKill;
        }

        void begin() throws Exception {
            Pkce pkce = Pkce.create();
            Map<String, String> query = new LinkedHashMap<>();
            query.put("response_type", "code");
            query.put("client_id", CHAIN_CLIENT);
            query.put("redirect_uri", CHAIN_REDIRECT);
            query.put("scope", "openid offline_access");
            query.put("state", UUID.randomUUID().toString());
            query.put("code_challenge", pkce.challenge());
            query.put("code_challenge_method", "S256");
            URI redirect = new UserAgent(base()).authorize(Http.form(query), "alice", "alice-password-for-tests");
            HttpResponse<String> r = post(Map.of("grant_type", "authorization_code", "client_id", CHAIN_CLIENT,
                    "code", UserAgent.parameter(redirect, "code"), "redirect_uri", CHAIN_REDIRECT,
                    "code_verifier", pkce.verifier()));
            assertEquals(200, r.statusCode(), r.body());
            record(json(r));
        }

        void run(CountDownLatch idle) {
            try {
                while (!(quiesce && stopsBeforeKill)) {
                    HttpResponse<String> r = refresh(tokens.get(tokens.size() - 1));
                    if (r.statusCode() != 200) {
                        unexpected.add(r.statusCode() + " " + r.body());
                        return;
                    }
                    record(json(r));
                }
            } catch (IOException e) {
                // the server is gone: the request in flight is not acknowledged
            } catch (Exception e) {
                unexpected.add(e.toString());
            } finally {
                if (stopsBeforeKill) {
                    idle.countDown();
                }
            }
        }

        private void record(JsonObject tokenResponse) throws ParseException {
            tokens.add(tokenResponse.getString("refresh_token"));
            Instant now = Instant.now();
            acknowledged.add(new Acknowledged(jti(tokenResponse), now));
            lastAck = now;
        }
    }

    /** client_credentials with a fresh private_key_jwt assertion each time; remembers the acknowledged ones. */
    static final class Asserter {
        final List<String> assertions = Collections.synchronizedList(new ArrayList<>());
        final List<Acknowledged> acknowledged = Collections.synchronizedList(new ArrayList<>());
        final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

        void run() {
            try {
                while (true) {
                    String assertion = assertion();
                    HttpResponse<String> r = clientCredentials(assertion);
                    if (r.statusCode() != 200) {
                        unexpected.add(r.statusCode() + " " + r.body());
                        return;
                    }
                    assertions.add(assertion);
                    acknowledged.add(new Acknowledged(jti(json(r)), Instant.now()));
                }
            } catch (IOException e) {
                // the server is gone
            } catch (Exception e) {
                unexpected.add(e.toString());
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // the parts

    /** RFC 7523 §3: iss = sub = client_id, aud = the token endpoint, a fresh jti; valid long enough to outlive the restart. */
    static String assertion() {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ASSERTING_CLIENT).subject(ASSERTING_CLIENT)
                .audience(base().resolve("/oauth/token").toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(290))).jwtID(UUID.randomUUID().toString()).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(assertionKey.getKeyID())
                    .build(), claims);
            jwt.sign(new RSASSASigner(assertionKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> clientCredentials(String assertion) throws IOException, InterruptedException {
        return post(Map.of("grant_type", "client_credentials", "client_id", ASSERTING_CLIENT,
                "client_assertion_type", JWT_BEARER, "client_assertion", assertion));
    }

    static HttpResponse<String> refresh(String refreshToken) throws IOException, InterruptedException {
        return post(Map.of("grant_type", "refresh_token", "client_id", CHAIN_CLIENT, "refresh_token", refreshToken));
    }

    static boolean isInvalidGrant(HttpResponse<String> response) {
        return response.statusCode() == 400 && "invalid_grant".equals(json(response).getString("error", null));
    }

    static HttpResponse<String> post(Map<String, String> form) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(base().resolve("/oauth/token")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", Http.FORM).POST(HttpRequest.BodyPublishers.ofString(Http.form(form)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    static String jti(JsonObject tokenResponse) throws ParseException {
        return SignedJWT.parse(tokenResponse.getString("access_token")).getJWTClaimsSet().getJWTID();
    }

    static URI base() {
        return URI.create("http://localhost:" + httpPort);
    }

    /**
     * The embedded defaults as run.sh sets them up: the operator's command files with a persistent
     * broker and the H2 database, both in the data directory (system properties in startServer).
     */
    private static void writePostboot() throws IOException {
        PayaraMicroProcess.postboot(work.resolve("postboot.asadmin"), text -> text,
                "resource-adapter-embedded-broker.asadmin", "resource-adapter-deploy.asadmin",
                "jms-resources.asadmin", "datasource-h2.asadmin");
    }

    private static PayaraMicroProcess startServer() throws IOException, InterruptedException {
        List<String> jvm = new ArrayList<>(ResilienceIT.jvmOptions(httpPort, work));
        // the replays after the restart are failures of one client id; the throttle is not under test here
        jvm.add("-Djeton.throttle.client.max-failures=1000000");
        jvm.add("-Djeton.throttle.address.max-failures=1000000");
        // the command files' placeholders, as run.sh gives them
        jvm.add("-Djeton.data.dir=" + work);
        jvm.add("-Djeton.broker.port=" + brokerPort);
        jvm.add("-Djeton.broker.persistent=true");
        jvm.add("-Djeton.resource-adapter.dir=" + PayaraMicroProcess.runtimeDir());
        return PayaraMicroProcess.start(httpPort, work.resolve("payara"), work.resolve("server.log"), jvm,
                List.of("--postbootcommandfile", work.resolve("postboot.asadmin").toString()), Map.of());
    }
}
