package dev.jeton.client;

import java.util.Optional;

/** One client authentication method (RFC 6749 §2.3, RFC 7523 §2.2). */
public interface ClientAuthenticator {

    ClientAuthMethod method();

    /** What this method finds in the request; must not verify anything yet. */
    Presentation presentation(ClientAuthRequest request);

    /** Whether the presented credential proves the registered client's identity. */
    boolean verify(Presentation.Presented presented, RegisteredClient client, ClientAuthRequest request);

    /**
     * Like {@link #verify}, but says which check failed (for the audit event); empty when the
     * credential is good. Methods with more than one check override it.
     */
    default Optional<AuthFailure> check(Presentation.Presented presented, RegisteredClient client,
                                        ClientAuthRequest request) {
        return verify(presented, client, request) ? Optional.empty() : Optional.of(AuthFailure.BAD_CREDENTIALS);
    }
}
