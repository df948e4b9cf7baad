package dev.jeton.client;

import dev.jeton.mtls.ClientCertificate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * {@code self_signed_tls_client_auth} (RFC 8705 §2.2): the client's TLS certificate, whoever signed
 * it, holds one of the public keys the client registered ({@code jwks} or {@code jwks_uri}, §2.2.2),
 * and is valid now. No CA is involved: possession of the registered key is the proof, as for
 * {@code private_key_jwt}.
 */
@ApplicationScoped
public class SelfSignedTlsClientAuthenticator extends MutualTlsAuthenticator {

    private final ClientKeys keys;

    @Inject
    public SelfSignedTlsClientAuthenticator(ClientKeys keys) {
        this.keys = keys;
    }

    /** For CDI's client proxy only. */
    protected SelfSignedTlsClientAuthenticator() {
        this.keys = null;
    }

    @Override
    public ClientAuthMethod method() {
        return ClientAuthMethod.SELF_SIGNED_TLS_CLIENT_AUTH;
    }

    @Override
    protected Optional<AuthFailure> checkOwner(ClientCertificate certificate, RegisteredClient client,
                                               ClientAuthRequest request) {
        return switch (keys.holdsKey(client, certificate.leaf())) {
            case OK -> Optional.empty();
            case NO_CLIENT_KEYS -> Optional.of(AuthFailure.ASSERTION_NO_CLIENT_KEYS);
            default -> Optional.of(AuthFailure.CERTIFICATE_KEY_NOT_REGISTERED);
        };
    }
}
