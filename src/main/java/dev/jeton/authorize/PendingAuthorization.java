package dev.jeton.authorize;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A validated authorization request waiting for the user, under a random id that the sign-in
 * and consent forms carry (a browser may have several in several tabs).
 *
 * @param signedInHere  the user signed in for this request (so prompt=login and max_age are satisfied)
 * @param consentedHere the user approved this request on the consent page (so prompt=consent is satisfied)
 */
public record PendingAuthorization(String id, AuthorizationRequest request, Instant createdAt,
                                   boolean signedInHere, boolean consentedHere) implements Serializable {

    public PendingAuthorization {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public PendingAuthorization signedIn() {
        return new PendingAuthorization(id, request, createdAt, true, consentedHere);
    }

    public PendingAuthorization consented() {
        return new PendingAuthorization(id, request, createdAt, signedInHere, true);
    }
}
