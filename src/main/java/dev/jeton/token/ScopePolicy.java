package dev.jeton.token;

import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;

import dev.jeton.vocabulary.Scope;

import java.util.Optional;
import java.util.Set;

/** Decides the granted scope of a request (RFC 6749 §3.3). */
public final class ScopePolicy {

    private final Set<String> serverAllowed;
    private final Set<String> serverDefault;

    public ScopePolicy(JetonSettings settings) {
        this(settings.allowedScopes(), settings.defaultScopes());
    }

    public ScopePolicy(Set<String> serverAllowed, Set<String> serverDefault) {
        this.serverAllowed = Set.copyOf(serverAllowed);
        this.serverDefault = Set.copyOf(serverDefault);
    }

    public sealed interface Decision {
        record Granted(Scope value) implements Decision {
            /** The §3.3 form, as tokens and responses carry it. */
            public String scope() {
                return value.toString();
            }
        }

        record Invalid(OAuthError error) implements Decision {
        }
    }

    /**
     * The requested scope when every token of it is allowed to the client. When none was
     * requested, RFC 6749 §3.3 lets the server "process the request using a pre-defined default
     * value": the server's default scopes that the client has, or, with no server default
     * configured, every scope the client is registered for. That may be empty: the token then
     * carries no scope.
     */
    public Decision decide(Optional<String> requested, RegisteredClient client) {
        if (requested.isEmpty()) {
            Scope defaults = Scope.of(serverDefault.isEmpty() ? client.scopes() : serverDefault)
                    .filter(s -> allows(client, s));
            return new Decision.Granted(defaults.sorted());
        }
        Optional<Scope> parsed = Scope.parse(requested.get());
        if (parsed.isEmpty()) {
            return invalid("scope is not a space-separated list of scope tokens.");
        }
        for (String token : parsed.get()) {
            if (!allows(client, token)) {
                return invalid("The scope '" + token + "' is not allowed for this client.");
            }
        }
        return new Decision.Granted(parsed.get());
    }

    /** Whether the client may be given this scope token: it is registered for it and the server allows it. */
    public boolean allows(RegisteredClient client, String token) {
        return client.scopes().contains(token) && (serverAllowed.isEmpty() || serverAllowed.contains(token));
    }

    private static Decision invalid(String description) {
        return new Decision.Invalid(OAuthError.of(OAuthErrorCode.INVALID_SCOPE, description));
    }
}
