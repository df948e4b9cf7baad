package dev.jeton.client;

import java.util.Optional;

/** Where registered clients are looked up. */
public interface ClientStore {

    Optional<RegisteredClient> find(String clientId);

    /**
     * Why {@link #find} found no client for an id that names a client ID metadata document
     * (draft-ietf-oauth-client-id-metadata-document): a message safe to show the user or the client
     * developer; empty for any other unknown id, which is simply not registered.
     */
    default Optional<String> refusal(String clientId) {
        return Optional.empty();
    }
}
