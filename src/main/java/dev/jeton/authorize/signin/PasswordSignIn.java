package dev.jeton.authorize.signin;

import dev.jeton.audit.AuditEvent;
import dev.jeton.authorize.SignIn;
import dev.jeton.session.UserSessions;
import dev.jeton.throttle.SignInGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one way a user signs in, whatever the form is for (an authorization request, a device
 * activation, a re-authentication for prompt=login or max_age): the throttle first (RFC 6819
 * §4.4.3.6: during a lockout the password is not even checked), then the password through
 * Jakarta Security's identity stores, then the session. Every attempt checks the credential;
 * who is already signed in to the session plays no part (OIDC Core §3.1.2.1: prompt=login and
 * an expired max_age mean "actively re-authenticate"). A success always starts a new sign-in:
 * new session id, new auth_time, and the user the form named, even if another was signed in.
 *
 * <p>The session's sign-in record is the only sign-in state: there is no container login, so
 * nothing can answer "already signed in" ahead of this check (the defect of issue #11 was
 * Jakarta Security's auto-applied session doing exactly that). SignInPathTest keeps it the only
 * path.
 */
@ApplicationScoped
public class PasswordSignIn {

    /** Longer input is not a password anyone set; refused before the KDF runs on it. */
    static final int MAX_USERNAME = 256;
    static final int MAX_PASSWORD = 1024;

    private final IdentityStoreHandler identityStores;
    private final SignInGate gate;
    private final Consumer<AuditEvent> audit;
    private final UserSessions sessions;

    @Inject
    public PasswordSignIn(IdentityStoreHandler identityStores, SignInGate gate, Event<AuditEvent> audit,
                          UserSessions sessions) {
        this(identityStores, gate, (Consumer<AuditEvent>) audit::fire, sessions);
    }

    /** For tests: audit events go to {@code audit}. */
    PasswordSignIn(IdentityStoreHandler identityStores, SignInGate gate, Consumer<AuditEvent> audit,
                   UserSessions sessions) {
        this.identityStores = identityStores;
        this.gate = gate;
        this.audit = audit;
        this.sessions = sessions;
    }

    /** For CDI's client proxy only. */
    protected PasswordSignIn() {
        this.identityStores = null;
        this.gate = null;
        this.audit = null;
        this.sessions = null;
    }

    /**
     * Checks one attempt and, when it succeeds, makes it the session's sign-in.
     *
     * @param now the time of the check: the new sign-in's auth_time
     */
    public SignInOutcome signIn(SignInAttempt attempt, SignInSession session, Instant now) {
        String username = attempt.username() == null ? "" : attempt.username();
        String password = attempt.password();
        if (username.isEmpty() || password == null || password.isEmpty()) {
            return new SignInOutcome.Incomplete();
        }
        Optional<SignInGate.Refusal> refusal = gate.check(username, attempt.address(), attempt.clientId(), now);
        if (refusal.isPresent()) {
            audit.accept(refusal.get().event());
            return new SignInOutcome.Throttled(refusal.get().seconds());
        }
        Optional<String> subject = username.length() > MAX_USERNAME || password.length() > MAX_PASSWORD
                ? Optional.empty() : validate(username, password);
        if (subject.isEmpty()) {
            audit.accept(gate.failed(username, attempt.address(), attempt.clientId(), now));
            return new SignInOutcome.WrongCredentials();
        }
        gate.succeeded(username);
        // the session is a row every node reads (issue #18): its sid goes into the ID tokens, its cookie to the browser
        UserSessions.Started started = sessions.start(subject.get(), now, session.activeSid());
        SignIn signIn = new SignIn(subject.get(), now, started.session().sid());
        session.begin(signIn, started.cookie());
        return new SignInOutcome.SignedIn(signIn);
    }

    /**
     * The sign-in a session row stands for, read back on a later request (any node): only this class starts
     * sessions ({@link #signIn}), so a session row is a sign-in that passed the password check.
     */
    public static SignIn resumed(dev.jeton.session.UserSession session) {
        return new SignIn(session.subject(), session.authTime(), session.sid());
    }

    /** The subject (caller principal name) when some identity store accepts the password. */
    private Optional<String> validate(String username, String password) {
        UsernamePasswordCredential credential = new UsernamePasswordCredential(username, new Password(password));
        try {
            CredentialValidationResult result = identityStores.validate(credential);
            if (result.getStatus() != CredentialValidationResult.Status.VALID || result.getCallerPrincipal() == null) {
                return Optional.empty();
            }
            return Optional.of(result.getCallerPrincipal().getName());
        } finally {
            credential.getPassword().clear();
        }
    }
}
