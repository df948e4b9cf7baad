package dev.jeton.client;

/** One client authentication method (RFC 6749 §2.3, RFC 7523 §2.2). */
public interface ClientAuthenticator {

    ClientAuthMethod method();

    /** What this method finds in the request; must not verify anything yet. */
    Presentation presentation(ClientAuthRequest request);

    /** Whether the presented credential proves the registered client's identity. */
    boolean verify(Presentation.Presented presented, RegisteredClient client, ClientAuthRequest request);
}
