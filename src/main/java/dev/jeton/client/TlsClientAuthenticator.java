package dev.jeton.client;

import dev.jeton.mtls.CertificateChains;
import dev.jeton.mtls.ClientCertificate;
import dev.jeton.mtls.MtlsSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;

/**
 * {@code tls_client_auth} (RFC 8705 §2.1): the client's TLS certificate chains to one of the
 * operator's trusted CAs ({@code jeton.mtls.trusted-cas}), is valid now, and carries the one name
 * the client registered (subject DN or a subjectAltName, §2.1.2). The request names the client with
 * {@code client_id} (§2.1: "the client_id parameter ... is REQUIRED").
 */
@ApplicationScoped
public class TlsClientAuthenticator extends MutualTlsAuthenticator {

    private final MtlsSettings settings;

    @Inject
    public TlsClientAuthenticator(MtlsSettings settings) {
        this.settings = settings;
    }

    /** For CDI's client proxy only. */
    protected TlsClientAuthenticator() {
        this.settings = null;
    }

    @Override
    public ClientAuthMethod method() {
        return ClientAuthMethod.TLS_CLIENT_AUTH;
    }

    @Override
    protected Optional<AuthFailure> checkOwner(ClientCertificate certificate, RegisteredClient client,
                                               ClientAuthRequest request) {
        // chainsTo checks the validity period again, as any PKIX validation does (RFC 5280 §6.1.3)
        switch (CertificateChains.chainsTo(certificate, settings.trustedCas(), request.now())) {
            case EXPIRED, NOT_YET_VALID:
                return Optional.of(AuthFailure.CERTIFICATE_NOT_VALID_NOW);
            case NO_TRUSTED_CA, UNTRUSTED:
                return Optional.of(AuthFailure.CERTIFICATE_UNTRUSTED);
            default:
                break;
        }
        TlsClientAuthName name = client.security().certificate().tlsClientAuthName();
        if (name == null || !name.matches(certificate.leaf())) {
            return Optional.of(AuthFailure.CERTIFICATE_NAME_MISMATCH);
        }
        return Optional.empty();
    }
}
