package dev.jeton.user;

import java.util.Map;
import java.util.Set;

/**
 * Where the claims about a user come from (OIDC Core §5.1, §5.4, §5.5). The default reads the
 * user store; an operator replaces it with a CDI alternative of their own (LDAP, a directory
 * service, ...).
 */
public interface ClaimsSource {

    /**
     * The claims to release: those the granted {@code scopes} stand for (OIDC Core §5.4:
     * profile, email, address, phone) plus the individually requested {@code claimNames}
     * (§5.5), never {@code sub}, which the caller sets.
     */
    Map<String, Object> claims(String subject, Set<String> scopes, Set<String> claimNames);
}
