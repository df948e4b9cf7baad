package dev.jeton.authorize;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;

/**
 * The user's answer on the consent page of an authorization request (RFC 6749 §4.1.1: the
 * server obtains an authorization decision from the resource owner). Approval is remembered per
 * user, client and scope, so the next request for the same scopes skips the page; denial sends
 * nothing to the store (the page answers it as access_denied, RFC 6749 §4.1.2.1).
 */
@ApplicationScoped
public class ConsentDecision {

    /** A scope with the words the consent page shows for it. */
    public record DescribedScope(String scope, String description) {
    }

    @Inject
    ConsentStore consents;
    @Inject
    ScopeDescriptions descriptions;

    public ConsentDecision() {
    }

    /** For tests, on in-memory parts. */
    ConsentDecision(ConsentStore consents, ScopeDescriptions descriptions) {
        this.consents = consents;
        this.descriptions = descriptions;
    }

    /** What the request asks for, in the order of its scopes, described for the user. */
    public List<DescribedScope> describe(PendingAuthorization pending) {
        return pending.request().scopes().stream().map(s -> new DescribedScope(s, descriptions.describe(s))).toList();
    }

    /** Remembers the approval of {@code signIn}'s user; the request then counts as consented here (prompt=consent). */
    public PendingAuthorization approve(PendingAuthorization pending, SignIn signIn, Instant now) {
        AuthorizationRequest request = pending.request();
        consents.remember(signIn.subject(), request.clientId(), request.consentItems(), now);
        return pending.consented();
    }
}
