package dev.jeton.authorize;

import java.util.Objects;

/** What a pending authorization request needs next. */
public sealed interface NextStep {

    /** The user must sign in (again): show the sign-in page. */
    record SignInPage() implements NextStep {
    }

    /** The user must approve the client's access: show the consent page. */
    record ConsentPage(String subject) implements NextStep {
    }

    /** Everything is settled: issue the code (RFC 6749 §4.1.2). */
    record IssueCode(SignIn signIn) implements NextStep {
        public IssueCode {
            Objects.requireNonNull(signIn);
        }
    }

    /** A page would be needed but the client asked for none (OIDC Core §3.1.2.6): report the error. */
    record Fail(AuthorizationError error) implements NextStep {
        public Fail {
            Objects.requireNonNull(error);
        }
    }
}
