package dev.jeton.user;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Claims from the default user store, released by scope (OIDC Core §5.4) and by name (§5.5). */
@ApplicationScoped
public class DefaultClaimsSource implements ClaimsSource {

    @Inject
    UserStore users;

    @Override
    public Map<String, Object> claims(String subject, Set<String> scopes, Set<String> claimNames) {
        UserAccount user = users.findBySubject(subject).orElse(null);
        if (user == null) {
            return Map.of();
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String scope : scopes) {
            wanted.addAll(STANDARD_SCOPE_CLAIMS.getOrDefault(scope, List.of()));
        }
        wanted.addAll(claimNames);
        Map<String, Object> released = new LinkedHashMap<>();
        for (String name : wanted) {
            Object value = value(user, name);
            if (value != null) {
                released.put(name, value);
            }
        }
        return Collections.unmodifiableMap(released);
    }

    private static Object value(UserAccount user, String name) {
        return switch (name) {
            // the caller sets sub; a stored claim of that name must never override it
            case "sub" -> null;
            // what the user signs in with is the name they prefer to be shown (§5.1)
            case "preferred_username" -> user.username();
            default -> user.claims().get(name);
        };
    }
}
