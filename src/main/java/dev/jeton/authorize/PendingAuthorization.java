package dev.jeton.authorize;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A validated authorization request waiting for the user, under a random id that the sign-in
 * and consent forms carry (a browser may have several in several tabs).
 *
 * @param signedInHere  the sign-in made on this request's sign-in page, or null (it satisfies prompt=login
 *                      and max_age while it is still the session's sign-in; another user signing in
 *                      since, in another tab, does not)
 * @param consentedHere the user approved this request on the consent page (so prompt=consent is satisfied)
 */
public record PendingAuthorization(String id, AuthorizationRequest request, Instant createdAt,
                                   SignIn signedInHere, boolean consentedHere) implements Serializable {

    public PendingAuthorization {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public PendingAuthorization signedIn(SignIn signIn) {
        return new PendingAuthorization(id, request, createdAt, Objects.requireNonNull(signIn, "signIn"),
                consentedHere);
    }

    public PendingAuthorization consented() {
        return new PendingAuthorization(id, request, createdAt, signedInHere, true);
    }
}
