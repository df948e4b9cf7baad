package dev.jeton.authorize;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** What a pending request needs next: sign-in, consent or the code (OIDC Core §3.1.2.1, §3.1.2.6). */
class AuthorizationFlowTest {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    static final SignIn ALICE = new SignIn("sub-alice", NOW.minusSeconds(600));

    /** Remembers consents in a set, like the real store. */
    static final class Consents implements ConsentStore {
        final Set<String> given = new HashSet<>();

        @Override
        public boolean covers(String subject, String clientId, Set<String> scopes) {
            return scopes.stream().allMatch(s -> given.contains(subject + "|" + clientId + "|" + s));
        }

        @Override
        public void remember(String subject, String clientId, Set<String> scopes, Instant now) {
            scopes.forEach(s -> given.add(subject + "|" + clientId + "|" + s));
        }
    }

    private final Consents consents = new Consents();

    private static PendingAuthorization pending(Set<Prompt> prompts, Long maxAge) {
        return new PendingAuthorization("id", new AuthorizationRequest("web", "https://app/cb", "openid profile", "s",
                "c".repeat(43), null, prompts, maxAge, null, null), NOW, null, false);
    }

    private NextStep next(PendingAuthorization p, SignIn signIn, boolean firstParty) {
        return AuthorizationFlow.next(p, Optional.ofNullable(signIn), firstParty, consents, NOW);
    }

    @Test
    void promptNoneWithoutASignInIsLoginRequiredBeforeAParameterError() {
        // OIDC Core §3.1.2.6 (issue #14: a missing code_challenge pre-empted login_required)
        ValidationOutcome.RedirectError silent = new ValidationOutcome.RedirectError("https://app/cb", "s",
                ResponseMode.QUERY, AuthorizationError.invalidRequest("code_challenge is required."), true);
        assertEquals(AuthorizationErrorCode.LOGIN_REQUIRED,
                AuthorizationFlow.silentCheck(silent, Optional.empty()).orElseThrow().code());
        // signed in: the request's own error stands
        assertEquals(Optional.empty(), AuthorizationFlow.silentCheck(silent, Optional.of(ALICE)));
        ValidationOutcome.RedirectError interactive = new ValidationOutcome.RedirectError("https://app/cb", "s",
                ResponseMode.QUERY, AuthorizationError.invalidRequest("x"), false);
        assertEquals(Optional.empty(), AuthorizationFlow.silentCheck(interactive, Optional.empty()));
    }

    @Test
    void nobodySignedInMeansTheSignInPage() {
        assertInstanceOf(NextStep.SignInPage.class, next(pending(Set.of(), null), null, false));
    }

    @Test
    void aThirdPartyClientWithoutConsentMeansTheConsentPage() {
        NextStep.ConsentPage page = assertInstanceOf(NextStep.ConsentPage.class,
                next(pending(Set.of(), null), ALICE, false));
        assertEquals("sub-alice", page.subject());
    }

    @Test
    void rememberedConsentForEveryScopeSkipsThePage() {
        consents.remember("sub-alice", "web", Set.of("openid", "profile"), NOW);
        NextStep.IssueCode issue = assertInstanceOf(NextStep.IssueCode.class, next(pending(Set.of(), null), ALICE,
                false));
        assertEquals(ALICE, issue.signIn());
    }

    @Test
    void aConsentCoversTheResourcesItWasGivenForAndANewResourceAsksAgain() {
        // RFC 8707: the consent page names the resources; the remembered consent is for those
        PendingAuthorization forMcp = new PendingAuthorization("id", new AuthorizationRequest("web", "https://app/cb",
                "openid profile", "s", "c".repeat(43), null, Set.of(), null, null, null, ResponseMode.QUERY, null,
                null, java.util.List.of("https://mcp.example.com/")), NOW, null, false);
        consents.remember("sub-alice", "web", Set.of("openid", "profile"), NOW);
        assertInstanceOf(NextStep.ConsentPage.class, next(forMcp, ALICE, false), "scopes alone do not cover it");
        consents.remember("sub-alice", "web", forMcp.request().consentItems(), NOW);
        assertInstanceOf(NextStep.IssueCode.class, next(forMcp, ALICE, false));
        PendingAuthorization forTools = new PendingAuthorization("id", new AuthorizationRequest("web",
                "https://app/cb", "openid profile", "s", "c".repeat(43), null, Set.of(), null, null, null,
                ResponseMode.QUERY, null, null, java.util.List.of("https://tools.example.com/")), NOW, null, false);
        assertInstanceOf(NextStep.ConsentPage.class, next(forTools, ALICE, false), "another resource asks again");
    }

    @Test
    void consentForSomeScopesOnlyStillAsks() {
        consents.remember("sub-alice", "web", Set.of("openid"), NOW);
        assertInstanceOf(NextStep.ConsentPage.class, next(pending(Set.of(), null), ALICE, false));
    }

    @Test
    void consentOfAnotherUserDoesNotCount() {
        consents.remember("sub-bob", "web", Set.of("openid", "profile"), NOW);
        assertInstanceOf(NextStep.ConsentPage.class, next(pending(Set.of(), null), ALICE, false));
    }

    @Test
    void aFirstPartyClientIsNotAskedForConsent() {
        assertInstanceOf(NextStep.IssueCode.class, next(pending(Set.of(), null), ALICE, true));
    }

    @Test
    void promptConsentAsksEvenAFirstPartyClientUntilApprovedHere() {
        consents.remember("sub-alice", "web", Set.of("openid", "profile"), NOW);
        PendingAuthorization p = pending(Set.of(Prompt.CONSENT), null);
        assertInstanceOf(NextStep.ConsentPage.class, next(p, ALICE, true));
        assertInstanceOf(NextStep.IssueCode.class, next(p.consented(), ALICE, true));
    }

    @Test
    void promptLoginAndSelectAccountAskForASignInUntilSignedInHere() {
        for (Prompt prompt : Set.of(Prompt.LOGIN, Prompt.SELECT_ACCOUNT)) {
            PendingAuthorization p = pending(Set.of(prompt), null);
            assertInstanceOf(NextStep.SignInPage.class, next(p, ALICE, true));
            assertInstanceOf(NextStep.IssueCode.class, next(p.signedIn(ALICE), ALICE, true));
        }
    }

    @Test
    void aSignInHereCountsOnlyWhileItIsTheSessionsSignIn() {
        // prompt=login satisfied by ALICE's sign-in on this request's page; then BOB signs in (another tab),
        // or ALICE again: either way it is no longer the re-authentication made for this request
        SignIn bob = new SignIn("sub-bob", NOW);
        SignIn aliceLater = new SignIn("sub-alice", NOW.plusSeconds(1));
        for (Prompt prompt : Set.of(Prompt.LOGIN, Prompt.SELECT_ACCOUNT)) {
            PendingAuthorization p = pending(Set.of(prompt), null).signedIn(ALICE);
            assertInstanceOf(NextStep.SignInPage.class, next(p, bob, true));
            assertInstanceOf(NextStep.SignInPage.class, next(p, aliceLater, true));
        }
        PendingAuthorization fresh = pending(Set.of(), 0L).signedIn(ALICE);
        assertInstanceOf(NextStep.SignInPage.class, next(fresh, bob, true), "max_age=0 after a switch of user");
    }

    @Test
    void maxAgeAsksForASignInWhenTheLastOneIsOlder() {
        // ALICE signed in 600 s ago
        assertInstanceOf(NextStep.IssueCode.class, next(pending(Set.of(), 600L), ALICE, true));
        assertInstanceOf(NextStep.SignInPage.class, next(pending(Set.of(), 599L), ALICE, true));
        assertInstanceOf(NextStep.SignInPage.class, next(pending(Set.of(), 0L), ALICE, true));
        assertInstanceOf(NextStep.IssueCode.class, next(pending(Set.of(), 0L).signedIn(ALICE), ALICE, true));
    }

    @Test
    void promptNoneNeverShowsAPage() {
        PendingAuthorization none = pending(Set.of(Prompt.NONE), null);
        assertEquals(AuthorizationErrorCode.LOGIN_REQUIRED,
                assertInstanceOf(NextStep.Fail.class, next(none, null, false)).error().code());
        assertEquals(AuthorizationErrorCode.CONSENT_REQUIRED,
                assertInstanceOf(NextStep.Fail.class, next(none, ALICE, false)).error().code());
        assertInstanceOf(NextStep.IssueCode.class, next(none, ALICE, true));
        assertEquals(AuthorizationErrorCode.LOGIN_REQUIRED,
                assertInstanceOf(NextStep.Fail.class, next(pending(Set.of(Prompt.NONE), 1L), ALICE, true))
                        .error().code(), "max_age exceeded with prompt=none");
    }

    @Test
    void signInComesBeforeConsent() {
        PendingAuthorization consentedOnly = pending(Set.of(Prompt.LOGIN, Prompt.CONSENT), null).consented();
        assertInstanceOf(NextStep.SignInPage.class, next(consentedOnly, ALICE, false));
    }
}
