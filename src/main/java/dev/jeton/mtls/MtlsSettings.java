package dev.jeton.mtls;

import dev.jeton.config.ConfigurationException;
import dev.jeton.config.SettingsReader;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Mutual TLS (RFC 8705).
 *
 * @param trustedCas       the CAs a {@code tls_client_auth} certificate must chain to (§2.1); empty: no such
 *                         client can authenticate
 * @param proxyHeader      the request header in which a TLS-terminating proxy forwards the client's certificate
 *                         (URL-encoded PEM, as nginx's {@code $ssl_client_escaped_cert}), or null: none is read
 * @param trustedProxies   the peers whose {@code proxyHeader} is believed; from any other peer it is ignored
 * @param endpointAliasBase the base URL of a listener that asks for client certificates, published as
 *                         {@code mtls_endpoint_aliases} (§5), or null when the endpoints themselves do
 */
public record MtlsSettings(List<X509Certificate> trustedCas, String proxyHeader, AddressRanges trustedProxies,
                           URI endpointAliasBase) {

    public static final String TRUSTED_CAS = "jeton.mtls.trusted-cas";
    public static final String PROXY_HEADER = "jeton.mtls.proxy-header";
    public static final String TRUSTED_PROXIES = "jeton.mtls.trusted-proxies";
    public static final String ENDPOINT_ALIAS_BASE = "jeton.mtls.endpoint-alias-base";

    public static final MtlsSettings NONE = new MtlsSettings(List.of(), null, AddressRanges.NONE, null);

    public MtlsSettings {
        trustedCas = List.copyOf(trustedCas);
    }

    public static MtlsSettings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        List<X509Certificate> cas = r.optional(TRUSTED_CAS).map(MtlsSettings::readBundle).orElse(List.of());
        String header = r.optional(PROXY_HEADER).orElse(null);
        if (header != null && !header.matches("[A-Za-z0-9-]{1,100}")) {
            throw new ConfigurationException(PROXY_HEADER + " must be a header name (letters, digits, '-')");
        }
        AddressRanges proxies;
        try {
            proxies = AddressRanges.parse(r.optional(TRUSTED_PROXIES).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(TRUSTED_PROXIES + ": " + e.getMessage());
        }
        if (header != null && proxies.isEmpty()) {
            throw new ConfigurationException(PROXY_HEADER + " is set but " + TRUSTED_PROXIES + " is not: the header "
                    + "would be believed from nobody");
        }
        URI alias = r.optional(ENDPOINT_ALIAS_BASE).map(MtlsSettings::aliasBase).orElse(null);
        return new MtlsSettings(cas, header, proxies, alias);
    }

    private static List<X509Certificate> readBundle(String file) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            List<X509Certificate> cas = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                cas.add((X509Certificate) c);
            }
            if (cas.isEmpty()) {
                throw new ConfigurationException(TRUSTED_CAS + ": " + file + " holds no certificate");
            }
            return cas;
        } catch (IOException | CertificateException | ClassCastException e) {
            throw new ConfigurationException(TRUSTED_CAS + ": cannot read the PEM bundle " + file + ": "
                    + e.getMessage());
        }
    }

    private static URI aliasBase(String value) {
        try {
            URI uri = new URI(value.replaceAll("/+$", ""));
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new ConfigurationException(ENDPOINT_ALIAS_BASE + " must be an https URL without query");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigurationException(ENDPOINT_ALIAS_BASE + " is not a URL");
        }
    }

    /** The alias of {@code path} under {@link #endpointAliasBase} (RFC 8705 §5). */
    public Optional<URI> alias(String path) {
        return Optional.ofNullable(endpointAliasBase).map(base -> URI.create(base + path));
    }

    public boolean proxyHeaderConfigured() {
        return proxyHeader != null;
    }

    @Override
    public String toString() {
        return "MtlsSettings[trustedCas=" + trustedCas.size() + ", proxyHeader=" + proxyHeader
                + ", trustedProxies=" + (trustedProxies.isEmpty() ? "none" : "set") + ", endpointAliasBase="
                + endpointAliasBase + "]";
    }
}
