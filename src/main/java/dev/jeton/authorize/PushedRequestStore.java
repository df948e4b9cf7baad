package dev.jeton.authorize;

import java.time.Instant;
import java.util.Optional;

/**
 * Pushed authorization requests, kept under the hash of their request_uri. A request_uri may be
 * opened again while its authorization is under way (RFC 9126 §4: the server "MAY allow for
 * duplicate requests due to a user reloading/refreshing their user agent") and is spent once, when
 * the authorization completes.
 */
public interface PushedRequestStore {

    /** A pushed request: the client that pushed it and its parameters, form-encoded. */
    record Pushed(String clientId, String parameters) {
    }

    void save(String uriHash, String clientId, String parameters, Instant createdAt, Instant expiresAt);

    /**
     * The request for the authorization endpoint: empty when unknown, expired, spent, or pushed by
     * another client. Looking does not use it up.
     */
    Optional<Pushed> find(String uriHash, String clientId, Instant now);

    /**
     * Spends the request as its authorization completes (a code issued, or an error sent to the
     * client): one conditional update ({@code ... where used_at is null}), so of two completions of
     * one request_uri (two tabs, a double submit) exactly one wins, also under concurrency. Not bound
     * to the expiry: the authorization began within it. True only for the caller that spent it.
     */
    boolean spend(String uriHash, Instant now);
}
