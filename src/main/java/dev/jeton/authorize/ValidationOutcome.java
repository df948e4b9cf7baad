package dev.jeton.authorize;

import java.util.Objects;

/** What the validation of an authorization request decided. */
public sealed interface ValidationOutcome {

    /** The request is good: continue with sign-in and consent. */
    record Valid(AuthorizationRequest request) implements ValidationOutcome {
        public Valid {
            Objects.requireNonNull(request);
        }
    }

    /**
     * The client or the redirect URI could not be trusted: RFC 6749 §4.1.2.1 forbids redirecting,
     * so the user sees an error page. {@code message} is safe to show and holds no input.
     */
    record ShowError(String message) implements ValidationOutcome {
        public ShowError {
            Objects.requireNonNull(message);
        }
    }

    /**
     * Something the client can correct, reported to its (already verified) redirect URI
     * (RFC 6749 §4.1.2.1) in the response mode the request asked for (query when that could not be
     * read).
     *
     * @param state      the request's state, or null when it was absent or sent more than once
     * @param promptNone the request said prompt=none: OIDC Core §3.1.2.6 expects login_required from a
     *                   browser without a session, whatever else is wrong with the request (the caller
     *                   knows the session; {@link AuthorizationFlow#silentCheck})
     */
    record RedirectError(String redirectUri, String state, ResponseMode responseMode, AuthorizationError error,
                         boolean promptNone) implements ValidationOutcome {
        public RedirectError {
            Objects.requireNonNull(redirectUri);
            Objects.requireNonNull(responseMode);
            Objects.requireNonNull(error);
        }

        /** The error as it goes back to the client. */
        public AuthorizationResponse response(String issuer) {
            return AuthorizationResponse.error(redirectUri, state, responseMode, error, issuer);
        }
    }
}
