package dev.jeton.authorize;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a scope means, in words a user understands, for the consent page. The OpenID Connect
 * scopes (OIDC Core §5.4, §11) have built-in texts; an operator describes their own scopes with
 * the property {@code jeton.scopes.description.<scope>} (and may reword the built-in ones).
 */
public final class ScopeDescriptions {

    public static final String PROPERTY_PREFIX = "jeton.scopes.description.";

    private static final Map<String, String> BUILT_IN = Map.of(
            "openid", "Know who you are: a stable identifier of your account",
            "profile", "See your profile: name, nickname, picture, website, locale and time zone",
            "email", "See your email address and whether it is verified",
            "address", "See your postal address",
            "phone", "See your phone number and whether it is verified",
            "offline_access", "Keep access when you are not using the application (until you revoke it)");

    private final Function<String, Optional<String>> lookup;

    /** @param lookup reads a configuration property (empty when unset) */
    public ScopeDescriptions(Function<String, Optional<String>> lookup) {
        this.lookup = lookup;
    }

    public String describe(String scope) {
        return lookup.apply(PROPERTY_PREFIX + scope).map(String::strip).filter(s -> !s.isEmpty())
                .or(() -> Optional.ofNullable(BUILT_IN.get(scope)))
                .orElse("Use the permission \u201c" + scope + "\u201d");
    }
}
