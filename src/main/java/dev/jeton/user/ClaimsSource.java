package dev.jeton.user;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the claims about a user come from (OIDC Core §5.1, §5.4, §5.5). The default reads the
 * user store; an operator replaces it with a CDI alternative of their own (LDAP, a directory
 * service, ...).
 */
public interface ClaimsSource {

    /** OIDC Core §5.4: the claims each scope value requests, in the order the specification lists them. */
    Map<String, List<String>> STANDARD_SCOPE_CLAIMS = Map.of(
            "profile", List.of("name", "given_name", "family_name", "middle_name", "nickname", "preferred_username",
                    "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at"),
            "email", List.of("email", "email_verified"),
            "address", List.of("address"),
            "phone", List.of("phone_number", "phone_number_verified"));

    /**
     * The claims to release: those the granted {@code scopes} stand for (OIDC Core §5.4:
     * profile, email, address, phone) plus the individually requested {@code claimNames}
     * (§5.5), never {@code sub}, which the caller sets.
     */
    Map<String, Object> claims(String subject, Set<String> scopes, Set<String> claimNames);

    /** The scope values that release claims here (OIDC Core §5.4), published in scopes_supported. */
    default Set<String> scopes() {
        return new LinkedHashSet<>(List.of("profile", "email", "address", "phone"));
    }

    /**
     * The claims this source may be able to release (OIDC Discovery §3 claims_supported: "MAY be able
     * to supply values for"): the standard claims of its scopes.
     */
    default Set<String> claimNames() {
        Set<String> names = new LinkedHashSet<>();
        scopes().forEach(scope -> names.addAll(STANDARD_SCOPE_CLAIMS.getOrDefault(scope, List.of())));
        return names;
    }
}
