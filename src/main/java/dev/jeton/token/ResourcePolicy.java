package dev.jeton.token;

import dev.jeton.client.RegisteredClient;
import dev.jeton.client.ResourceAccess;
import dev.jeton.config.ResourceSettings;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.vocabulary.ResourceIndicators;
import dev.jeton.vocabulary.Scope;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which resources (RFC 8707) a request may name, the one place for that decision:
 * <ol>
 * <li>every value is well-formed ({@link ResourceIndicators});</li>
 * <li>the client is registered for it ({@link ResourceAccess}) and, when
 * {@code jeton.resources.allowed} is set, the server allows it (on a path boundary);</li>
 * <li>at the token endpoint of a grant that remembers resources (authorization code, device code,
 * refresh token), it is one the grant covers (§2.2: a token request only narrows; when the grant
 * named none, it covers none, and a token request naming one is refused rather than widened).</li>
 * </ol>
 * Any failure is {@code invalid_target} (§2: "invalid, missing, unknown, or malformed").
 */
public final class ResourcePolicy {

    private final ResourceSettings settings;

    public ResourcePolicy(ResourceSettings settings) {
        this.settings = settings == null ? ResourceSettings.NONE : settings;
    }

    public ResourceSettings settings() {
        return settings;
    }

    public sealed interface Decision {
        /** @param resources the resources granted, in request order; empty for none (the default audience) */
        record Granted(List<String> resources) implements Decision {
        }

        record Invalid(OAuthError error, Reason reason) implements Decision {
        }
    }

    /** Why a resource was refused; the audit reason. */
    public enum Reason { MALFORMED_RESOURCE, RESOURCE_NOT_ALLOWED, RESOURCE_NOT_IN_GRANT }

    /** Resources asked where no grant exists yet: the authorization and device authorization requests, client_credentials. */
    public Decision decide(List<String> requested, RegisteredClient client) {
        Optional<List<String>> parsed = ResourceIndicators.parse(requested);
        if (parsed.isEmpty()) {
            return invalid(Reason.MALFORMED_RESOURCE, "resource must be an absolute URI without a fragment "
                    + "(RFC 8707 section 2), at most " + ResourceIndicators.MAX_COUNT + " of them.");
        }
        for (String resource : parsed.get()) {
            if (!allowed(client, resource)) {
                return invalid(Reason.RESOURCE_NOT_ALLOWED, "The resource '" + resource
                        + "' is not allowed for this client.");
            }
        }
        return new Decision.Granted(parsed.get());
    }

    /**
     * Resources asked at the token endpoint of a grant that remembers what it was given: each must be
     * one of {@code grantResources} and still allowed; none asked means all the grant has (§2.2).
     */
    public Decision decideWithin(List<String> requested, RegisteredClient client, List<String> grantResources) {
        Decision decision = decide(requested, client);
        if (!(decision instanceof Decision.Granted granted)) {
            return decision;
        }
        if (granted.resources().isEmpty()) {
            // what the grant covers, as long as the policy still allows it
            for (String resource : grantResources) {
                if (!allowed(client, resource)) {
                    return invalid(Reason.RESOURCE_NOT_ALLOWED, "The resource '" + resource
                            + "' is no longer allowed for this client.");
                }
            }
            return new Decision.Granted(List.copyOf(grantResources));
        }
        for (String resource : granted.resources()) {
            if (!grantResources.contains(resource)) {
                return invalid(Reason.RESOURCE_NOT_IN_GRANT, "The resource '" + resource
                        + "' was not part of the authorization grant.");
            }
        }
        return granted;
    }

    /** The client's registration and the server's list (when set) both allow it. */
    public boolean allowed(RegisteredClient client, String resource) {
        return client.resources().allows(resource) && serverAllows(resource);
    }

    /** {@code jeton.resources.allowed}, path-boundary prefixes; empty allows all. */
    public boolean serverAllows(String resource) {
        if (settings.allowed().isEmpty()) {
            return true;
        }
        for (String entry : settings.allowed()) {
            if (entry.equals(resource) || ResourceAccess.covers(entry, resource)) {
                return true;
            }
        }
        return false;
    }

    /** The access token lifetime for these resources: the shortest the operator set for any, else {@code base}. */
    public Duration accessTokenTtl(List<String> resources, Duration base) {
        Duration ttl = base;
        for (String resource : resources) {
            Optional<Duration> own = settings.of(resource).accessTokenTtl();
            if (own.isPresent() && own.get().compareTo(ttl) < 0) {
                ttl = own.get();
            }
        }
        return ttl;
    }

    /**
     * The scope of an access token for these resources: {@code scope} less what a resource's
     * {@code scopes} setting leaves out (for several, what all of them allow). RFC 8707 §2.2 lets the
     * server narrow a token to what makes sense at its audience; the response's {@code scope} says so.
     */
    public String accessTokenScope(List<String> resources, String scope) {
        Scope narrowed = Scope.ofIssued(scope);
        for (String resource : resources) {
            Optional<Set<String>> allowed = settings.of(resource).scopes();
            if (allowed.isPresent()) {
                narrowed = narrowed.filter(allowed.get()::contains);
            }
        }
        return narrowed.toString();
    }

    private static Decision invalid(Reason reason, String description) {
        return new Decision.Invalid(OAuthError.of(OAuthErrorCode.INVALID_TARGET, description), reason);
    }
}
