package dev.jeton.token;

import dev.jeton.client.RegisteredClient;
import dev.jeton.vocabulary.GrantType;

/**
 * Serves one grant type. The endpoint has already authenticated the client and checked that it
 * is registered for this grant; the handler decides the rest. Handlers are CDI beans, found
 * by {@link GrantHandlers}.
 */
public interface GrantHandler {

    GrantType grantType();

    /**
     * Processes the grant. A refusal is a value, not an exception, so that grant state written
     * on the way (a revoked family, say) is committed; an exception means our own fault.
     * <p>
     * Always called inside the token request's one transaction ({@code web/AuditedTransaction}):
     * handlers declare none of their own, and whatever they write commits with the outcome's
     * audit events, or, when the outcome is a fault of ours ({@code server_error}), not at all.
     */
    GrantResult handle(TokenRequest request, RegisteredClient client);
}
