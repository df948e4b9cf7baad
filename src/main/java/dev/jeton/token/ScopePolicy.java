package dev.jeton.token;

import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;

import dev.jeton.vocabulary.GrantType;
import dev.jeton.vocabulary.Scope;

import java.util.LinkedHashSet;
import java.util.List;
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

    /**
     * RFC 8414 §2, OIDC Discovery §3 scopes_supported: with {@code jeton.scopes.allowed} set, exactly
     * those (no client can have another); without it, the scopes Jeton itself gives meaning to - openid,
     * the claim scopes of the claims source (OIDC Core §5.4) and offline_access (§11) where the grants
     * that use them are deployed - since any other scope is whatever a client was registered for. The
     * operator's own jeton.* scopes are left out either way (RFC 8414 §2: "Servers MAY choose not to
     * advertise some supported scope values").
     *
     * @param serverAllowed {@code jeton.scopes.allowed}, empty for no server-wide limit
     * @param grants        the grant types deployed
     * @param claimScopes   the scope values the claims source releases claims for
     */
    public static List<String> advertised(Set<String> serverAllowed, Set<GrantType> grants, Set<String> claimScopes) {
        Set<String> scopes = new LinkedHashSet<>();
        if (!serverAllowed.isEmpty()) {
            serverAllowed.stream().sorted().forEach(scopes::add);
        } else if (grants.contains(GrantType.AUTHORIZATION_CODE) || grants.contains(GrantType.DEVICE_CODE)) {
            scopes.add("openid");
            scopes.addAll(claimScopes);
            if (grants.contains(GrantType.REFRESH_TOKEN)) {
                scopes.add("offline_access");
            }
        }
        scopes.removeIf(Scope::isReserved);
        return List.copyOf(scopes);
    }

    /** Whether the client may be given this scope token: it is registered for it and the server allows it. */
    public boolean allows(RegisteredClient client, String token) {
        return client.scopes().contains(token) && (serverAllowed.isEmpty() || serverAllowed.contains(token));
    }

    private static Decision invalid(String description) {
        return new Decision.Invalid(OAuthError.of(OAuthErrorCode.INVALID_SCOPE, description));
    }
}
