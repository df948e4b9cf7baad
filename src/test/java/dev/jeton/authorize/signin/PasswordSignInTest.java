package dev.jeton.authorize.signin;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.authorize.SignIn;
import dev.jeton.throttle.FailureThrottle;
import dev.jeton.throttle.SignInGate;
import dev.jeton.throttle.ThrottleSettings;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one sign-in path, without HTTP: a real throttle, an identity store handler that knows two
 * users, a session that records what it was told, and the audit events fired.
 */
class PasswordSignInTest {

    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");
    private static final String ADDRESS = "192.0.2.7";

    /** username -> password, subject */
    private static final Map<String, String[]> USERS = Map.of(
            "alice", new String[]{"alice-pw", "sub-alice"},
            "bob", new String[]{"bob-pw", "sub-bob"});

    private final List<UsernamePasswordCredential> checked = new ArrayList<>();
    /** The password arrays the identity store was given. */
    private final List<char[]> passwords = new ArrayList<>();
    private final IdentityStoreHandler identityStores = credential -> {
        UsernamePasswordCredential given = (UsernamePasswordCredential) credential;
        checked.add(given);
        passwords.add(given.getPassword().getValue());
        String[] user = USERS.get(given.getCaller());
        return user != null && given.getPassword().compareTo(user[0])
                ? new CredentialValidationResult(user[1]) : CredentialValidationResult.INVALID_RESULT;
    };
    private final List<AuditEvent> audit = new ArrayList<>();
    private final List<SignIn> session = new ArrayList<>();
    private final List<dev.jeton.session.SessionCookie> cookies = new ArrayList<>();
    private final SignInSession browser = (signIn, cookie) -> {
        session.add(signIn);
        cookies.add(cookie);
    };
    private final dev.jeton.session.MemorySessionStore sessionRows = new dev.jeton.session.MemorySessionStore();
    private final dev.jeton.session.UserSessions sessions = new dev.jeton.session.UserSessions(sessionRows,
            dev.jeton.config.LogoutSettings.from(name -> java.util.Optional.empty()));
    // 2 failures per username, 100 per address, in 60 s
    private final PasswordSignIn signIns = new PasswordSignIn(identityStores, new SignInGate(FailureThrottle.inMemory(
            new ThrottleSettings(Duration.ofSeconds(60), 10, 2, 100, 1000))), audit::add, sessions);

    private SignInOutcome attempt(String username, String password, Instant at) {
        return signIns.signIn(new SignInAttempt(username, password, ADDRESS, "web"), browser, at);
    }

    @Test
    void theRightPasswordStartsANewSignInAtTheTimeOfTheCheck() {
        SignInOutcome.SignedIn signedIn = assertInstanceOf(SignInOutcome.SignedIn.class,
                attempt("alice", "alice-pw", T0));
        String sid = signedIn.signIn().sid();
        assertEquals(new SignIn("sub-alice", T0, sid), signedIn.signIn());
        assertEquals(List.of(signedIn.signIn()), session, "the session was told, once");
        assertTrue(audit.isEmpty());
        // issue #18: the sign-in is a session row, which the browser's cookie (not the sid) names
        assertTrue(sessions.current(cookies.get(0), T0).filter(s -> s.sid().equals(sid)
                && s.subject().equals("sub-alice")).isPresent());
        assertFalse(cookies.get(0).value().equals(sid), "the cookie is not the sid a client sees");
    }

    @Test
    void aWrongPasswordOrUnknownUserIsCountedAuditedAndLeavesTheSessionAlone() {
        assertInstanceOf(SignInOutcome.WrongCredentials.class, attempt("alice", "wrong", T0));
        assertInstanceOf(SignInOutcome.WrongCredentials.class, attempt("mallory", "alice-pw", T0));
        assertTrue(session.isEmpty());
        assertEquals(2, audit.size());
        for (AuditEvent event : audit) {
            assertEquals(AuditEventName.USER_SIGN_IN_FAILED, event.name());
            assertEquals("web", event.clientId());
            assertEquals(ADDRESS, event.clientAddress());
            assertFalse(event.toString().contains("alice") || event.toString().contains("mallory"),
                    "no username in audit events");
        }
    }

    @Test
    void everyAttemptChecksTheCredentialWhoeverIsSignedInAlready() {
        // prompt=login / max_age re-authentication: a session signed in as alice gains nothing
        attempt("alice", "alice-pw", T0);
        assertInstanceOf(SignInOutcome.WrongCredentials.class, attempt("alice", "wrong", T0.plusSeconds(5)));
        assertInstanceOf(SignInOutcome.WrongCredentials.class, attempt("bob", "alice-pw", T0.plusSeconds(6)));
        assertEquals(1, session.size(), "a failed re-authentication starts nothing");
        assertEquals(3, checked.size(), "the identity store saw every attempt");

        SignInOutcome.SignedIn again = assertInstanceOf(SignInOutcome.SignedIn.class,
                attempt("alice", "alice-pw", T0.plusSeconds(10)));
        assertEquals(T0.plusSeconds(10), again.signIn().authTime(), "auth_time is the new check's time");
    }

    @Test
    void signingInAsAnotherUserSwitchesTheSessionToThatUser() {
        attempt("alice", "alice-pw", T0);
        SignInOutcome.SignedIn bob = assertInstanceOf(SignInOutcome.SignedIn.class,
                attempt("bob", "bob-pw", T0.plusSeconds(3)));
        assertEquals(new SignIn("sub-bob", T0.plusSeconds(3), bob.signIn().sid()), bob.signIn());
        assertEquals(List.of("sub-alice", "sub-bob"), session.stream().map(SignIn::subject).toList());
        assertEquals(2, session.stream().map(SignIn::sid).distinct().count(), "each sign-in is a session of its own");
    }

    @Test
    void aLockedOutUsernameIsRefusedWithoutCheckingThePasswordAndAudited() {
        attempt("alice", "wrong-1", T0);
        attempt("alice", "wrong-2", T0.plusSeconds(1));
        checked.clear();
        audit.clear();

        SignInOutcome.Throttled throttled = assertInstanceOf(SignInOutcome.Throttled.class,
                attempt("Alice", "alice-pw", T0.plusSeconds(10)));
        assertEquals(50, throttled.retryAfterSeconds(), "until the first failure leaves the 60 s window");
        assertTrue(checked.isEmpty(), "the right password is not even checked during a lockout");
        assertTrue(session.isEmpty());
        assertEquals(1, audit.size());
        assertEquals(AuditEventName.USER_SIGN_IN_THROTTLED, audit.get(0).name());
        assertEquals("web", audit.get(0).clientId());

        assertInstanceOf(SignInOutcome.SignedIn.class, attempt("alice", "alice-pw", T0.plusSeconds(61)),
                "the lockout ends with the window");
    }

    @Test
    void aSuccessClearsTheUsernamesFailures() {
        attempt("alice", "wrong-1", T0);
        attempt("alice", "alice-pw", T0.plusSeconds(1));
        attempt("alice", "wrong-2", T0.plusSeconds(2));
        assertInstanceOf(SignInOutcome.SignedIn.class, attempt("alice", "alice-pw", T0.plusSeconds(3)));
    }

    @Test
    void anEmptyFieldChecksAndCountsNothing() {
        assertInstanceOf(SignInOutcome.Incomplete.class, attempt("", "alice-pw", T0));
        assertInstanceOf(SignInOutcome.Incomplete.class, attempt("alice", "", T0));
        assertInstanceOf(SignInOutcome.Incomplete.class, attempt("alice", null, T0));
        assertInstanceOf(SignInOutcome.Incomplete.class, attempt(null, "alice-pw", T0));
        assertTrue(checked.isEmpty() && audit.isEmpty() && session.isEmpty());
    }

    @Test
    void overlongInputIsWrongWithoutReachingTheIdentityStore() {
        assertInstanceOf(SignInOutcome.WrongCredentials.class,
                attempt("a".repeat(PasswordSignIn.MAX_USERNAME + 1), "alice-pw", T0));
        assertInstanceOf(SignInOutcome.WrongCredentials.class,
                attempt("alice", "p".repeat(PasswordSignIn.MAX_PASSWORD + 1), T0));
        assertTrue(checked.isEmpty());
        assertEquals(2, audit.size(), "still counted and audited");
    }

    @Test
    void thePasswordIsClearedFromTheCredentialAfterTheCheck() {
        attempt("alice", "alice-pw", T0);
        char[] kept = passwords.get(0);
        assertEquals("alice-pw".length(), kept.length);
        assertEquals(0, checked.get(0).getPassword().getValue().length);
        for (char c : kept) {
            assertEquals('\0', c);
        }
    }

    @Test
    void theAttemptNeverPrintsItsCredentials() {
        String printed = new SignInAttempt("alice", "alice-pw", ADDRESS, "web").toString();
        assertFalse(printed.contains("alice"), printed);
    }
}
