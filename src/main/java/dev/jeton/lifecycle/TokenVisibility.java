package dev.jeton.lifecycle;

import dev.jeton.client.RegisteredClient;

import java.util.List;

/**
 * Which tokens a client may learn about (RFC 7662 §4: the server decides what a caller may see).
 * A client sees its own tokens, and access tokens meant for it: whose {@code aud} names its
 * client id or the audience it is registered for (a resource server introspecting the tokens
 * presented to it). Anything else is answered as if the token did not exist.
 */
public final class TokenVisibility {

    private TokenVisibility() {
    }

    public static boolean maySee(RegisteredClient caller, String tokenClientId, List<String> tokenAudience) {
        if (caller.clientId().equals(tokenClientId)) {
            return true;
        }
        return tokenAudience.contains(caller.clientId())
                || (caller.audience() != null && tokenAudience.contains(caller.audience()));
    }
}
