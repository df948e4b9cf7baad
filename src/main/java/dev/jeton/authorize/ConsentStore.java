package dev.jeton.authorize;

import java.time.Instant;
import java.util.Set;

/** Consents users gave, per user, client and scope set. */
public interface ConsentStore {

    /** True when the user has consented to every one of {@code scopes} for the client. */
    boolean covers(String subject, String clientId, Set<String> scopes);

    /** Remembers the consent (adding to what the user already consented to for the client). */
    void remember(String subject, String clientId, Set<String> scopes, Instant now);
}
