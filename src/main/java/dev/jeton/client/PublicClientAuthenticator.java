package dev.jeton.client;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code none}: a public client names itself with client_id and proves nothing (RFC 6749 §2.1,
 * §3.2.1). It is only what is left when no other method is presented; the grants that admit
 * public clients make up for it (PKCE, RFC 7636).
 */
@ApplicationScoped
public class PublicClientAuthenticator implements ClientAuthenticator {

    @Override
    public ClientAuthMethod method() {
        return ClientAuthMethod.NONE;
    }

    @Override
    public Presentation presentation(ClientAuthRequest request) {
        return request.parameters().get("client_id")
                .<Presentation>map(id -> new Presentation.Presented(method(), id, null))
                .orElse(Presentation.ABSENT);
    }

    @Override
    public boolean verify(Presentation.Presented presented, RegisteredClient client, ClientAuthRequest request) {
        return !client.confidential();
    }
}
