package dev.jeton.client;

/**
 * What the mutual-TLS methods find in a request (RFC 8705 §2): the {@code client_id} parameter and a
 * client certificate. A certificate alone is not an attempt at a method (it may be there for
 * certificate-bound tokens, §3, beside any other method), so {@link ClientAuthentication} weighs these
 * methods only when no other credential was sent, as it does a public client's bare {@code client_id}.
 */
final class CertificatePresentation {

    private CertificatePresentation() {
    }

    static Presentation of(ClientAuthMethod method, ClientAuthRequest request) {
        if (request.certificate() == null) {
            return Presentation.ABSENT;
        }
        return request.parameters().get("client_id")
                .<Presentation>map(id -> new Presentation.Presented(method, id, request.certificate().thumbprint()))
                .orElse(Presentation.ABSENT);
    }
}
