package dev.jeton.client.registration;

import dev.jeton.client.RegisteredClient;

import java.time.Instant;
import java.util.Optional;

/** Dynamically registered clients with the hash of their registration access token (RFC 7592). */
public interface RegistrationStore {

    /** A registered client as management sees it. */
    record Registration(RegisteredClient client, String registrationTokenHash, Instant issuedAt) {
    }

    void create(RegisteredClient client, String registrationTokenHash, Instant now);

    /** Only clients that registered themselves; file-declared clients have no registration token. */
    Optional<Registration> find(String clientId);

    void update(RegisteredClient client, Instant now);

    /** Deletes the client and revokes every token family it holds. */
    void delete(String clientId, Instant now);
}
