package dev.jeton.authorize;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides, after each step, what a pending authorization request needs next: sign-in, consent,
 * or the code. Pure: the caller says who is signed in, whether the client is first-party, and
 * where consents are remembered.
 */
public final class AuthorizationFlow {

    private AuthorizationFlow() {
    }

    /**
     * @param signIn     who is signed in to the browser session, if anyone
     * @param firstParty the client is the operator's own (RegisteredClient.firstParty): no consent asked
     */
    public static NextStep next(PendingAuthorization pending, Optional<SignIn> signIn, boolean firstParty,
                                ConsentStore consents, Instant now) {
        AuthorizationRequest request = pending.request();
        boolean none = request.prompts(Prompt.NONE);
        if (needsSignIn(pending, signIn, now)) {
            // OIDC Core §3.1.2.6: with prompt=none no page may be shown
            return none ? new NextStep.Fail(loginRequired()) : new NextStep.SignInPage();
        }
        SignIn user = signIn.orElseThrow();
        if (needsConsent(pending, user.subject(), firstParty, consents)) {
            return none ? new NextStep.Fail(AuthorizationError.of(AuthorizationErrorCode.CONSENT_REQUIRED,
                    "The user has not consented to this request.")) : new NextStep.ConsentPage(user.subject());
        }
        return new NextStep.IssueCode(user);
    }

    /**
     * OIDC Core §3.1.2.6: a prompt=none request from a browser where nobody is signed in is answered
     * login_required. This holds even when another parameter of the request is wrong (a client that
     * probes silently must learn that the user has to sign in, not that it forgot a parameter it sends
     * interactively); with a sign-in, the request's own error stands.
     *
     * @return the error to send instead of {@code parameterError}, if any
     */
    public static Optional<AuthorizationError> silentCheck(ValidationOutcome.RedirectError parameterError,
                                                           Optional<SignIn> signIn) {
        if (parameterError.promptNone() && signIn.isEmpty()) {
            return Optional.of(loginRequired());
        }
        return Optional.empty();
    }

    private static AuthorizationError loginRequired() {
        return AuthorizationError.of(AuthorizationErrorCode.LOGIN_REQUIRED, "The user is not signed in.");
    }

    /**
     * Sign-in is needed when nobody is signed in, when the client asked for a fresh sign-in
     * (prompt=login or select_account, OIDC Core §3.1.2.1), or when the sign-in is older than
     * max_age allows ("the OP MUST attempt to actively re-authenticate") - unless the session's
     * sign-in is the one made on this request's sign-in page.
     */
    static boolean needsSignIn(PendingAuthorization pending, Optional<SignIn> signIn, Instant now) {
        if (signIn.isEmpty()) {
            return true;
        }
        if (signIn.get().equals(pending.signedInHere())) {
            return false;
        }
        AuthorizationRequest request = pending.request();
        if (request.prompts(Prompt.LOGIN) || request.prompts(Prompt.SELECT_ACCOUNT)) {
            return true;
        }
        if (request.maxAge() != null) {
            // max_age=0 asks for a sign-in as fresh as prompt=login does
            Duration elapsed = Duration.between(signIn.get().authTime(), now);
            return request.maxAge() == 0 || elapsed.compareTo(Duration.ofSeconds(request.maxAge())) > 0;
        }
        return false;
    }

    /**
     * Consent is needed when the client asked for it (prompt=consent), or when the client is a
     * third party and the user has not yet consented to every requested scope - unless the user
     * approved this very request.
     */
    static boolean needsConsent(PendingAuthorization pending, String subject, boolean firstParty,
                                ConsentStore consents) {
        if (pending.consentedHere()) {
            return false;
        }
        AuthorizationRequest request = pending.request();
        if (request.prompts(Prompt.CONSENT)) {
            return true;
        }
        return !firstParty && !consents.covers(subject, request.clientId(), request.consentItems());
    }
}
