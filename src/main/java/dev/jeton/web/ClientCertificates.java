package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.mtls.ClientCertificate;
import dev.jeton.mtls.MtlsSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Where a request's TLS client certificate (RFC 8705 §2) comes from: the servlet container's TLS
 * connection ({@code jakarta.servlet.request.X509Certificate}, Servlet 6.0 §3.10), or - behind a
 * TLS-terminating proxy - the header the proxy forwards it in ({@code jeton.mtls.proxy-header}, the
 * URL-encoded PEM of nginx's {@code $ssl_client_escaped_cert}), believed only from the peers of
 * {@code jeton.mtls.trusted-proxies}. From anyone else that header would let a caller claim any
 * certificate: it is ignored, logged and audited (without its value).
 * <p>
 * Nothing here decides what the certificate proves; the container has not checked it against any
 * CA either (the listener wants, but does not need, a certificate that chains anywhere).
 */
@ApplicationScoped
public class ClientCertificates {

    private static final Logger LOG = Logger.getLogger(ClientCertificates.class.getName());
    static final String SERVLET_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    /** Why a proxy header was not believed; audit only. */
    enum Ignored { UNTRUSTED_PEER, MALFORMED }

    @Inject
    MtlsSettings settings;
    @Inject
    Event<AuditEvent> audit;
    @Inject
    Clock clock;

    /** The certificate of the request, if it has one that may be believed. */
    public Optional<ClientCertificate> of(HttpServletRequest request) {
        Object attribute = request.getAttribute(SERVLET_ATTRIBUTE);
        if (attribute instanceof X509Certificate[] chain && chain.length > 0) {
            // a certificate of the TLS connection itself wins over anything a header says
            return Optional.of(new ClientCertificate(Arrays.asList(chain)));
        }
        if (!settings.proxyHeaderConfigured()) {
            return Optional.empty();
        }
        List<String> values = Collections.list(request.getHeaders(settings.proxyHeader()));
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String peer = request.getRemoteAddr();
        if (!settings.trustedProxies().contains(peer)) {
            return ignored(Ignored.UNTRUSTED_PEER, peer);
        }
        if (values.size() != 1 || values.get(0).isBlank()) {
            // a proxy that sends no certificate sends an empty value (nginx); more than one is not a proxy's doing
            return values.size() == 1 ? Optional.empty() : ignored(Ignored.MALFORMED, peer);
        }
        try {
            return Optional.of(ClientCertificate.fromPem(URLDecoder.decode(values.get(0), StandardCharsets.UTF_8)));
        } catch (CertificateException | IllegalArgumentException e) {
            return ignored(Ignored.MALFORMED, peer);
        }
    }

    private Optional<ClientCertificate> ignored(Ignored reason, String peer) {
        LOG.warning("ignored the client certificate header " + settings.proxyHeader() + " from " + peer + ": "
                + reason);
        audit.fire(AuditEvent.failure(AuditEventName.CLIENT_CERTIFICATE_HEADER_IGNORED, clock.instant(), null, null,
                null, reason.name(), peer));
        return Optional.empty();
    }
}
