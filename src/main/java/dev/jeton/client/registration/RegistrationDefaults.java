package dev.jeton.client.registration;

import dev.jeton.config.JetonSettings;
import dev.jeton.config.SettingsReader;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The scopes a client gets when its registration names none (RFC 7591 §2: "If omitted, an
 * authorization server MAY register a client with a default set of scopes").
 * <p>
 * OpenID Connect Dynamic Client Registration 1.0 §2 has no {@code scope} member, so an OpenID
 * relying party that registers itself names none and then asks for {@code openid}: registered
 * with no scope at all, it could do nothing (every request {@code invalid_scope}). So the default
 * set is the operator's {@code jeton.registration.default-scopes}, else {@code jeton.scopes.default},
 * else {@code openid} alone - never more than {@code jeton.scopes.allowed} lets any client have.
 */
public final class RegistrationDefaults {

    public static final String DEFAULT_SCOPES = "jeton.registration.default-scopes";

    private RegistrationDefaults() {
    }

    public static Set<String> scopes(SettingsReader config, JetonSettings settings) {
        Set<String> configured = config.scopes(DEFAULT_SCOPES);
        Set<String> chosen = !configured.isEmpty() ? configured
                : !settings.defaultScopes().isEmpty() ? settings.defaultScopes() : Set.of("openid");
        Set<String> scopes = new LinkedHashSet<>(chosen);
        if (!settings.allowedScopes().isEmpty()) {
            scopes.retainAll(settings.allowedScopes());
        }
        return Set.copyOf(scopes);
    }
}
