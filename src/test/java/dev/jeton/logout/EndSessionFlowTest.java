package dev.jeton.logout;

import dev.jeton.authorize.SignIn;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientLogout;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.jose.IdTokenVerifier;
import dev.jeton.jose.JwtIdTokenIssuer;
import dev.jeton.token.CoreFixture;
import dev.jeton.token.IdTokenClaims;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RP-Initiated Logout 1.0 decisions: the hint, the client, the redirect, and when the user must confirm. */
class EndSessionFlowTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private static final String ISSUER = "https://op.example";
    private static final String BACK = "https://rp.example/signed-out";
    private static CoreFixture core;
    private static EndSessionFlow flow;

    private static final SignIn ALICE = new SignIn("sub-alice", NOW.minusSeconds(600), "sid-alice");
    private static final dev.jeton.client.PairwiseSubjects SUBJECTS = new dev.jeton.client.PairwiseSubjects(
            () -> new byte[32]);

    @BeforeAll
    static void setUp() throws Exception {
        core = new CoreFixture();
        RegisteredClient rp = new RegisteredClient("rp", "RP", null, ClientAuthMethod.NONE,
                Set.of("authorization_code"), Set.of("openid"), List.of("https://rp.example/cb"), null, null, null,
                true).withLogout(new ClientLogout(List.of(BACK), null, false, null));
        RegisteredClient other = new RegisteredClient("other", "Other", null, ClientAuthMethod.NONE,
                Set.of("authorization_code"), Set.of("openid"), List.of("https://other.example/cb"), null, null, null,
                true);
        RegisteredClient pairwise = new RegisteredClient("pw", "Pairwise", null, ClientAuthMethod.NONE,
                Set.of("authorization_code"), Set.of("openid"), List.of("https://pw.example/cb"), null, null, null,
                true).withOidc(dev.jeton.client.OidcClientOptions.NONE.withPairwise(
                new dev.jeton.client.PairwiseSector("pw.example", null)));
        Map<String, RegisteredClient> clients = Map.of("rp", rp, "other", other, "pw", pairwise);
        flow = new EndSessionFlow(new IdTokenVerifier(core.keys, ISSUER), id -> Optional.ofNullable(clients.get(id)),
                SUBJECTS);
    }

    private static String idToken(String issuer, String clientId, String subject, String sid, Instant issuedAt) {
        return new JwtIdTokenIssuer(core.keys).issue(new IdTokenClaims(issuer, subject, clientId, issuedAt,
                issuedAt.plusSeconds(300), issuedAt, null, null, List.of("pwd"), null,
                sid == null ? Map.of() : Map.of("sid", sid)), SigningAlgorithm.RS256);
    }

    private static EndSessionDecision decide(String hint, String clientId, String redirect, String state,
                                             Optional<SignIn> current) {
        return flow.decide(new EndSessionRequest(hint, clientId, redirect, state, null), current, false);
    }

    @Test
    void aHintOfThisVerySessionEndsItAtOnceAndRedirectsWithState() {
        String hint = idToken(ISSUER, "rp", "sub-alice", "sid-alice", NOW);
        EndSessionDecision.End end = assertInstanceOf(EndSessionDecision.End.class,
                decide(hint, null, BACK, "s 1&x", Optional.of(ALICE)));
        assertEquals("sid-alice", end.sid());
        assertEquals("rp", end.clientId(), "the client is the hint's audience");
        assertEquals(Optional.of(BACK + "?state=s+1%26x"), end.redirect());
    }

    @Test
    void anExpiredHintIsStillAHintButOnlyOneOfOursCountsAndAnyOtherIsAsNoHint() {
        String expired = idToken(ISSUER, "rp", "sub-alice", "sid-alice", Instant.now().minusSeconds(86_400));
        assertInstanceOf(EndSessionDecision.End.class, decide(expired, "rp", BACK, null, Optional.of(ALICE)));
        // a hint that is not ours proves nothing: the user confirms, and only client_id names the client
        String foreign = idToken("https://evil.example", "rp", "sub-alice", "sid-alice", NOW);
        EndSessionDecision.Confirm confirm = assertInstanceOf(EndSessionDecision.Confirm.class,
                decide(foreign, "rp", BACK, null, Optional.of(ALICE)));
        assertEquals("rp", confirm.clientId());
        assertEquals(Optional.of(BACK), confirm.redirect());
        String hint = idToken(ISSUER, "rp", "sub-alice", "sid-alice", NOW);
        String tampered = hint.substring(0, hint.lastIndexOf('.') + 1) + "AAAA";
        assertInstanceOf(EndSessionDecision.Confirm.class, decide(tampered, null, null, null, Optional.of(ALICE)));
        EndSessionDecision.Refused refused = assertInstanceOf(EndSessionDecision.Refused.class,
                decide(tampered, null, BACK, null, Optional.of(ALICE)),
                "without a client of its own the redirect cannot be checked: refused, never followed");
        assertTrue(refused.message().startsWith("The id_token_hint is not a valid ID token"),
                "the page says the hint was refused, not that it is missing: " + refused.message());
        // the suite's modified id_token_hint: the same claims, the header changed to alg none, no signature
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + hint.split("\\.")[1] + ".";
        assertTrue(assertInstanceOf(EndSessionDecision.Refused.class, decide(unsigned, null, BACK, null,
                Optional.of(ALICE))).message().startsWith("The id_token_hint is not a valid ID token"), "alg none");
        assertEquals("A post_logout_redirect_uri needs a client_id or an id_token_hint.", assertInstanceOf(
                EndSessionDecision.Refused.class, decide(null, null, BACK, null, Optional.of(ALICE))).message());
        assertInstanceOf(EndSessionDecision.Confirm.class, decide("not-a-jwt", "rp", null, null, Optional.of(ALICE)));
    }

    @Test
    void withoutAHintOrWithAHintOfAnotherSessionTheUserConfirms() {
        EndSessionDecision.Confirm noHint = assertInstanceOf(EndSessionDecision.Confirm.class,
                decide(null, "rp", BACK, "st", Optional.of(ALICE)));
        assertEquals(Optional.of(BACK + "?state=st"), noHint.redirect());
        String older = idToken(ISSUER, "rp", "sub-alice", "sid-older", NOW);
        assertInstanceOf(EndSessionDecision.Confirm.class, decide(older, null, null, null, Optional.of(ALICE)));
        String bob = idToken(ISSUER, "rp", "sub-bob", null, NOW);
        assertInstanceOf(EndSessionDecision.Confirm.class, decide(bob, null, null, null, Optional.of(ALICE)));
        // confirmed on our page (CSRF-checked): the session ends
        assertInstanceOf(EndSessionDecision.End.class, flow.decide(new EndSessionRequest(null, "rp", BACK, null,
                null), Optional.of(ALICE), true));
    }

    @Test
    void onlyARegisteredPostLogoutRedirectUriOfTheAskingClientIsFollowed() {
        String hint = idToken(ISSUER, "rp", "sub-alice", "sid-alice", NOW);
        assertInstanceOf(EndSessionDecision.Refused.class,
                decide(hint, null, "https://evil.example/", null, Optional.of(ALICE)));
        assertInstanceOf(EndSessionDecision.Refused.class, decide(hint, null, BACK + "/", null, Optional.of(ALICE)),
                "compared exactly");
        assertInstanceOf(EndSessionDecision.Refused.class, decide(null, null, BACK, null, Optional.of(ALICE)),
                "no client named: no redirect");
        assertInstanceOf(EndSessionDecision.Refused.class, decide(null, "other", BACK, null, Optional.of(ALICE)),
                "another client's URI");
        assertInstanceOf(EndSessionDecision.Refused.class, decide(hint, "other", null, null, Optional.of(ALICE)),
                "client_id must be the hint's audience");
        assertInstanceOf(EndSessionDecision.Refused.class, decide(null, "nobody", null, null, Optional.of(ALICE)));
    }

    /** OIDC Core §8.1: a pairwise client's ID token names the user by its pairwise sub, and that is what matches. */
    @Test
    void aHintWithoutSidOfAPairwiseClientMatchesByItsPairwiseSubOnly() {
        String pairwiseSub = SUBJECTS.pairwise("pw.example", "sub-alice");
        assertInstanceOf(EndSessionDecision.End.class,
                decide(idToken(ISSUER, "pw", pairwiseSub, null, NOW), null, null, null, Optional.of(ALICE)));
        assertInstanceOf(EndSessionDecision.Confirm.class,
                decide(idToken(ISSUER, "pw", "sub-alice", null, NOW), null, null, null, Optional.of(ALICE)),
                "the local subject is not what this client was told");
        assertInstanceOf(EndSessionDecision.Confirm.class,
                decide(idToken(ISSUER, "rp", pairwiseSub, null, NOW), null, null, null, Optional.of(ALICE)),
                "a public client's hint names the local subject");
    }

    @Test
    void withoutASessionThereIsNothingToEnd() {
        EndSessionDecision.NothingToEnd nothing = assertInstanceOf(EndSessionDecision.NothingToEnd.class,
                decide(null, "rp", BACK, "s", Optional.empty()));
        assertEquals(Optional.of(BACK + "?state=s"), nothing.redirect());
        assertEquals(Optional.empty(), ((EndSessionDecision.NothingToEnd) decide(null, null, null, null,
                Optional.empty())).redirect());
    }
}
