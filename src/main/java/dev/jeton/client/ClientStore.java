package dev.jeton.client;

import java.util.Optional;

/** Where registered clients are looked up. */
public interface ClientStore {

    Optional<RegisteredClient> find(String clientId);
}
