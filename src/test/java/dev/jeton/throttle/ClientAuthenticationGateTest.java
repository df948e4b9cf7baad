package dev.jeton.throttle;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.AssertionFixture;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.request.FormParameters;
import dev.jeton.token.CoreFixture;
import dev.jeton.token.TokenEndpoint;
import dev.jeton.vocabulary.TokenIds;
import dev.jeton.token.TokenOutcome;
import dev.jeton.token.TokenRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Throttled client authentication at the token endpoint (RFC 6819 §5.1.4.2.3, RFC 6585 §4): the
 * real core with a {@link ClientAuthenticationGate}, on a fixed time line. What it must hold
 * (issue #11): guessing a secret is slowed, and nobody without the credential can make the
 * client's correct requests fail.
 */
class ClientAuthenticationGateTest {

    private static final Instant T0 = CoreFixture.NOW;
    private static final String ATTACKER = "198.51.100.7";
    private static final String OTHER = "203.0.113.9";
    private static final String HOME = "192.0.2.10";
    private static final String TOKEN_ENDPOINT = "https://as.example.com/oauth/token";

    private CoreFixture core;
    private TokenEndpoint endpoint;

    @BeforeEach
    void endpoint() throws Exception {
        core = new CoreFixture();
        core.add(AssertionFixture.client("signed", ClientAuthMethod.PRIVATE_KEY_JWT,
                AssertionFixture.inline(AssertionFixture.RSA)));
        // 3 failures per client id at one address, 6 per address, 5 per client id over all addresses, in 300 s
        endpoint = new TokenEndpoint(core.authentication, core.handlers, core.dpop, core.settings,
                ClientAuthenticationGate.with(
                new ThrottleSettings(Duration.ofSeconds(300), 3, 2, 6, 1000, 5, Duration.ofDays(30),
                        ThrottleSettings.Store.MEMORY)));
    }

    @Test
    void aGuessingAddressIsAnswered429AfterItsLimitWhetherItsGuessIsRightOrWrong() {
        for (int i = 0; i < 3; i++) {
            assertDenied(basic("service", "wrong-" + i, ATTACKER, T0.plusSeconds(i)), 401, "invalid_client");
        }
        TokenOutcome.Denied wrong = assertDenied(basic("service", "wrong", ATTACKER, T0.plusSeconds(10)),
                429, "slow_down");
        TokenOutcome.Denied right = assertDenied(basic("service", CoreFixture.SECRET, ATTACKER, T0.plusSeconds(10)),
                429, "slow_down");
        // the same answer: a right guess during the lockout is not confirmed; free again at T0+300
        assertEquals(wrong.error().description(), right.error().description());
        assertEquals("290", right.error().headers().get("Retry-After"));
        AuditEvent event = right.events().get(right.events().size() - 1);
        assertEquals(AuditEventName.TOKEN_DENIED, event.name());
        assertEquals("THROTTLED", event.reason());
        assertEquals("service", event.clientId());
    }

    @Test
    void theRightSecretFromAnotherAddressKeepsWorkingDuringAGuessersLockout() {
        for (int i = 0; i < 20; i++) {
            endpoint.process(basic("service", "wrong-" + i, ATTACKER, T0.plusSeconds(i)));
        }
        assertIssued(basic("service", CoreFixture.SECRET, OTHER, T0.plusSeconds(30)));
        assertIssued(post("poster", CoreFixture.POST_SECRET, OTHER, T0.plusSeconds(30)));
    }

    @Test
    void aKnownSourceSharedWithAGuesserKeepsWorking() {
        // one NAT: the client has worked from HOME; a guesser behind the same address fails again and again
        assertIssued(basic("service", CoreFixture.SECRET, HOME, T0));
        for (int i = 0; i < 3; i++) {
            assertDenied(basic("service", "wrong-" + i, HOME, T0.plusSeconds(1)), 401, "invalid_client");
        }
        for (int i = 0; i < 10; i++) {
            assertDenied(basic("service", "wrong", HOME, T0.plusSeconds(2)), 429, "slow_down");
        }
        assertIssued(basic("service", CoreFixture.SECRET, HOME, T0.plusSeconds(3)));
    }

    @Test
    void aDistributedGuesserIsSlowedEverywhereButTheClientsKnownSources() {
        assertIssued(basic("service", CoreFixture.SECRET, HOME, T0));
        for (int i = 0; i < 5; i++) {
            assertDenied(basic("service", "wrong", "198.51.100." + (100 + i), T0.plusSeconds(i)), 401,
                    "invalid_client");
        }
        // the client id is over its limit across addresses: new addresses get 429, right or wrong
        assertDenied(basic("service", "wrong", "198.51.100.200", T0.plusSeconds(10)), 429, "slow_down");
        assertDenied(basic("service", CoreFixture.SECRET, "198.51.100.201", T0.plusSeconds(10)), 429, "slow_down");
        // where the client has worked before, the right secret still works
        assertIssued(basic("service", CoreFixture.SECRET, HOME, T0.plusSeconds(11)));
        // and the limit is per client id: others are not affected
        assertIssued(post("poster", CoreFixture.POST_SECRET, "198.51.100.201", T0.plusSeconds(11)));
    }

    @Test
    void aPublicClientHasNothingToGuessAndIsNeverThrottled() {
        TokenOutcome.Denied before = assertInstanceOf(TokenOutcome.Denied.class,
                endpoint.process(publicClient("spa", ATTACKER, T0)));
        // secrets for a public client: failures naming spa, from the same address, until they are 429s
        assertDenied(post("spa", "guess", ATTACKER, T0.plusSeconds(1)), 401, "invalid_client");
        for (int i = 0; i < 30; i++) {
            endpoint.process(post("spa", "guess-" + i, ATTACKER, T0.plusSeconds(1)));
            endpoint.process(basic("spa", "guess-" + i, ATTACKER, T0.plusSeconds(1)));
        }
        assertDenied(post("spa", "guess", ATTACKER, T0.plusSeconds(1)), 429, "slow_down");
        TokenOutcome.Denied after = assertInstanceOf(TokenOutcome.Denied.class,
                endpoint.process(publicClient("spa", ATTACKER, T0.plusSeconds(2))));
        assertNotEquals(429, after.error().httpStatus());
        assertEquals(before.error().code(), after.error().code(), "the same answer as before the hammering");
        assertEquals(before.error().httpStatus(), after.error().httpStatus());
    }

    @Test
    void aPrivateKeyJwtClientWithAssertionsSignedByAWrongKeyKeepsWorking() {
        assertDenied(assertion("signed", AssertionFixture.RSA_OTHER, ATTACKER, T0), 401, "invalid_client");
        for (int i = 0; i < 10; i++) {
            endpoint.process(assertion("signed", AssertionFixture.RSA_OTHER, ATTACKER, T0));
        }
        assertDenied(assertion("signed", AssertionFixture.RSA_OTHER, ATTACKER, T0), 429, "slow_down");
        // a signature cannot be guessed: a valid assertion is never throttled, whoever sends it
        assertIssued(assertion("signed", AssertionFixture.RSA, ATTACKER, T0.plusSeconds(1)));
        assertIssued(assertion("signed", AssertionFixture.RSA, OTHER, T0.plusSeconds(1)));
    }

    @Test
    void theLockoutIsAuditedOnceWhenItStarts() {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.addAll(endpoint.process(basic("service", "wrong", ATTACKER, T0)).events());
        }
        List<AuditEvent> lockouts = events.stream()
                .filter(e -> e.name() == AuditEventName.CLIENT_AUTHENTICATION_THROTTLED).toList();
        assertEquals(1, lockouts.size());
        assertEquals("CLIENT_ADDRESS_LIMIT", lockouts.get(0).reason());
        assertEquals("service", lockouts.get(0).clientId());
        assertEquals(ATTACKER, lockouts.get(0).clientAddress());
    }

    @Test
    void theWindowSlidesAndRefusedAttemptsDoNotProlongTheLockout() {
        for (int i = 0; i < 3; i++) {
            endpoint.process(basic("service", "wrong", ATTACKER, T0));
        }
        for (int i = 1; i < 30; i++) {
            assertDenied(basic("service", "wrong", ATTACKER, T0.plusSeconds(i * 10L)), 429, "slow_down");
        }
        assertIssued(basic("service", CoreFixture.SECRET, ATTACKER, T0.plusSeconds(300)));
    }

    @Test
    void aSuccessResetsTheCountOfItsAddress() {
        for (int round = 0; round < 3; round++) {
            endpoint.process(basic("service", "wrong", OTHER, T0));
            endpoint.process(basic("service", "wrong", OTHER, T0));
            assertIssued(basic("service", CoreFixture.SECRET, OTHER, T0));
        }
    }

    @Test
    void oneAddressGuessingManyClientIdsIsThrottledByAddressAndOthersAreNot() {
        for (int i = 0; i < 6; i++) {
            assertDenied(post("guess-" + i, "x", ATTACKER, T0), 401, "invalid_client");
        }
        assertDenied(basic("service", CoreFixture.SECRET, ATTACKER, T0), 429, "slow_down");
        assertIssued(basic("service", CoreFixture.SECRET, OTHER, T0));
    }

    @Test
    void aLookalikeIdIsCountedAgainstItselfNotAgainstTheRealClient() {
        for (int i = 0; i < 5; i++) {
            endpoint.process(post("servi\u0441e", "x", "192.0.2." + i, T0));
        }
        assertIssued(basic("service", CoreFixture.SECRET, OTHER, T0));
    }

    @Test
    void twoNodesSharingOneStoreHaveOneLimit() {
        // the shared store stands for the database: each endpoint is a node with a gate of its own
        ThrottleSettings limits = new ThrottleSettings(Duration.ofSeconds(300), 3, 2, 6, 1000, 0, Duration.ofDays(30),
                ThrottleSettings.Store.DATABASE);
        MemoryThrottleStore shared = new MemoryThrottleStore(1000);
        TokenEndpoint nodeA = new TokenEndpoint(core.authentication, core.handlers, core.dpop, core.settings,
                ClientAuthenticationGate.with(limits, shared));
        TokenEndpoint nodeB = new TokenEndpoint(core.authentication, core.handlers, core.dpop, core.settings,
                ClientAuthenticationGate.with(limits, shared));
        nodeA.process(basic("service", "wrong-1", ATTACKER, T0));
        nodeB.process(basic("service", "wrong-2", ATTACKER, T0));
        nodeA.process(basic("service", "wrong-3", ATTACKER, T0));
        TokenOutcome.Denied onB = assertInstanceOf(TokenOutcome.Denied.class,
                nodeB.process(basic("service", CoreFixture.SECRET, ATTACKER, T0.plusSeconds(1))));
        assertEquals(429, onB.error().httpStatus(), "three failures on two nodes are the limit of one");
    }

    @Test
    void aCorrectSecretFromASourceThisNodeKnowsCostsTheStoreNothing() {
        CountingStore store = new CountingStore(new MemoryThrottleStore(1000));
        endpoint = new TokenEndpoint(core.authentication, core.handlers, core.dpop, core.settings,
                ClientAuthenticationGate.with(new ThrottleSettings(Duration.ofSeconds(300), 3, 2, 6, 1000, 0,
                        Duration.ofDays(30), ThrottleSettings.Store.DATABASE), store));
        assertIssued(basic("service", CoreFixture.SECRET, HOME, T0));
        assertEquals(3, store.calls, "the first success from a source: the known source, the counts, the write");
        for (int i = 1; i <= 50; i++) {
            assertIssued(basic("service", CoreFixture.SECRET, HOME, T0.plusSeconds(i)));
        }
        assertEquals(3, store.calls, "later successes from there: no statement");
        assertIssued(basic("service", CoreFixture.SECRET, HOME, T0.plus(KnownSources.REFRESH)));
        assertEquals(5, store.calls, "after the refresh interval: written back, and its count cleared");
        endpoint.process(publicClient("spa", HOME, T0));
        assertEquals(5, store.calls, "nothing to guess, nothing asked");
    }

    /** Counts the calls that would each be a database statement. */
    private static final class CountingStore implements ThrottleStore {
        private final ThrottleStore inner;
        int calls;

        CountingStore(ThrottleStore inner) {
            this.inner = inner;
        }

        @Override
        public Map<String, FailureWindow> windows(java.util.Collection<String> keyHashes) {
            calls++;
            return inner.windows(keyHashes);
        }

        @Override
        public FailureWindow countFailure(String keyHash, Instant now, Duration length) {
            calls++;
            return inner.countFailure(keyHash, now, length);
        }

        @Override
        public void clearFailures(String keyHash) {
            calls++;
            inner.clearFailures(keyHash);
        }

        @Override
        public java.util.Optional<Instant> lastSuccess(String sourceHash, Instant now) {
            calls++;
            return inner.lastSuccess(sourceHash, now);
        }

        @Override
        public void rememberSuccess(String sourceHash, Instant now, Instant expiresAt) {
            calls++;
            inner.rememberSuccess(sourceHash, now, expiresAt);
        }

        @Override
        public int purge(Instant now) {
            return inner.purge(now);
        }
    }

    private void assertIssued(TokenRequest request) {
        TokenOutcome outcome = endpoint.process(request);
        assertInstanceOf(TokenOutcome.Issued.class, outcome, () -> outcome.toString());
    }

    private TokenOutcome.Denied assertDenied(TokenRequest request, int status, String error) {
        TokenOutcome.Denied denied = assertInstanceOf(TokenOutcome.Denied.class, endpoint.process(request));
        assertEquals(status, denied.error().httpStatus());
        assertEquals(error, denied.error().code().wireValue());
        return denied;
    }

    private static TokenRequest basic(String id, String secret, String address, Instant at) {
        return new TokenRequest(FormParameters.of(List.of(Map.entry("grant_type", "client_credentials"))),
                CoreFixture.basic(id, secret), URI.create(TOKEN_ENDPOINT), address, at);
    }

    private static TokenRequest post(String id, String secret, String address, Instant at) {
        return new TokenRequest(FormParameters.of(List.of(Map.entry("grant_type", "client_credentials"),
                Map.entry("client_id", id), Map.entry("client_secret", secret))), null,
                URI.create(TOKEN_ENDPOINT), address, at);
    }

    private static TokenRequest publicClient(String id, String address, Instant at) {
        return new TokenRequest(FormParameters.of(List.of(Map.entry("grant_type", "client_credentials"),
                Map.entry("client_id", id))), null, URI.create(TOKEN_ENDPOINT), address, at);
    }

    private static TokenRequest assertion(String id, JWK key, String address, Instant at) {
        String jwt = AssertionFixture.sign(key, JWSAlgorithm.RS256, new JWTClaimsSet.Builder().issuer(id).subject(id)
                .audience(TOKEN_ENDPOINT).expirationTime(Date.from(at.plusSeconds(60))).jwtID(TokenIds.jwtId())
                .build());
        return new TokenRequest(FormParameters.of(List.of(Map.entry("grant_type", "client_credentials"),
                Map.entry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                Map.entry("client_assertion", jwt))), null, URI.create(TOKEN_ENDPOINT), address, at);
    }
}
