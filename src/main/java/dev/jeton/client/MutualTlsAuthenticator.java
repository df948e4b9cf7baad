package dev.jeton.client;

import dev.jeton.mtls.CertificateChains;
import dev.jeton.mtls.ClientCertificate;

import java.util.Optional;

/**
 * What the two mutual-TLS methods (RFC 8705 §2) share, so that each security decision has one code
 * path: the credential is the TLS client certificate ({@link CertificatePresentation}), it must be
 * there, and every certificate the client sent must be within its validity period now (RFC 5280
 * §4.1.2.5). What proves the certificate is the client's differs: a trusted CA and the registered name
 * ({@code tls_client_auth}, §2.1) or a registered key ({@code self_signed_tls_client_auth}, §2.2).
 */
public abstract class MutualTlsAuthenticator implements ClientAuthenticator {

    @Override
    public Presentation presentation(ClientAuthRequest request) {
        return CertificatePresentation.of(method(), request);
    }

    @Override
    public boolean verify(Presentation.Presented presented, RegisteredClient client, ClientAuthRequest request) {
        return check(presented, client, request).isEmpty();
    }

    @Override
    public Optional<AuthFailure> check(Presentation.Presented presented, RegisteredClient client,
                                       ClientAuthRequest request) {
        Optional<ClientCertificate> certificate = request.clientCertificate();
        if (certificate.isEmpty()) {
            return Optional.of(AuthFailure.CERTIFICATE_MISSING);
        }
        if (CertificateChains.inValidity(certificate.get(), request.now()) != CertificateChains.Check.OK) {
            return Optional.of(AuthFailure.CERTIFICATE_NOT_VALID_NOW);
        }
        return checkOwner(certificate.get(), client, request);
    }

    /**
     * The method's own proof that {@code certificate}, present and valid now, is {@code client}'s.
     *
     * @return empty when it is, else the check that failed
     */
    protected abstract Optional<AuthFailure> checkOwner(ClientCertificate certificate, RegisteredClient client,
                                                        ClientAuthRequest request);
}
