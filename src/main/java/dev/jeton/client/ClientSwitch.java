package dev.jeton.client;

import java.time.Instant;
import java.util.Optional;

/**
 * The operator's run-time switch for a registered client (issue #19: a client disabled on one node is
 * refused by the next request on every node). Disabling revokes nothing: the client is refused wherever
 * {@link RegisteredClient#enabled()} is checked (client authentication, PAR, authorization, introspection,
 * revocation), and the tokens it holds stay valid until they expire or are revoked.
 */
public interface ClientSwitch {

    /** The registered client (the database's, never one from a client ID metadata document), as its row is now. */
    Optional<RegisteredClient> find(String clientId);

    /**
     * Enables or disables the client, in the caller's transaction.
     *
     * @return false when there is no registered client of that id (nothing changed)
     */
    boolean setEnabled(String clientId, boolean enabled, Instant now);
}
