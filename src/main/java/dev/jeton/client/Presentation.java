package dev.jeton.client;

import dev.jeton.error.OAuthError;

/** What one authentication method finds in a request. */
public sealed interface Presentation {

    /** The method's credentials are not in the request. */
    record Absent() implements Presentation {
    }

    /** The method was attempted but its credentials cannot be read. */
    record Malformed(OAuthError error, AuthFailure reason) implements Presentation {
    }

    /** A claimed client id with the credential that should prove it. */
    record Presented(ClientAuthMethod method, String clientId, String credential) implements Presentation {
    }

    Absent ABSENT = new Absent();
}
