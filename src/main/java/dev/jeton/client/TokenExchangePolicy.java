package dev.jeton.client;

import java.util.Set;

/**
 * What a client registered for token exchange (RFC 8693) may ask for.
 *
 * @param audiences     the audiences (and resource URIs) it may name in {@code audience} / {@code resource}
 * @param impersonation whether it may exchange without an actor token, so the new token names only
 *                      the subject (RFC 8693 §1.1 impersonation); otherwise it must send an actor
 */
public record TokenExchangePolicy(Set<String> audiences, boolean impersonation) {

    public static final TokenExchangePolicy NONE = new TokenExchangePolicy(Set.of(), false);

    public TokenExchangePolicy {
        audiences = Set.copyOf(audiences);
    }
}
