package dev.jeton.client;

import jakarta.enterprise.context.ApplicationScoped;

import dev.jeton.error.OAuthError;

/** {@code client_secret_post}: client_id and client_secret in the form body (RFC 6749 §2.3.1). */
@ApplicationScoped
public class ClientSecretPostAuthenticator implements ClientAuthenticator {

    @Override
    public ClientAuthMethod method() {
        return ClientAuthMethod.CLIENT_SECRET_POST;
    }

    @Override
    public Presentation presentation(ClientAuthRequest request) {
        var secret = request.parameters().get("client_secret");
        if (secret.isEmpty()) {
            return Presentation.ABSENT;
        }
        var clientId = request.parameters().get("client_id");
        if (clientId.isEmpty()) {
            return new Presentation.Malformed(
                    OAuthError.invalidRequest("client_secret was sent without client_id."),
                    AuthFailure.MALFORMED_CREDENTIALS);
        }
        return new Presentation.Presented(method(), clientId.get(), secret.get());
    }

    @Override
    public boolean verify(Presentation.Presented presented, RegisteredClient client, ClientAuthRequest request) {
        return ClientSecrets.matches(presented.credential(), client.secretHash());
    }
}
