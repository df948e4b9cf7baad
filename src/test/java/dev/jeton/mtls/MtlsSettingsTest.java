package dev.jeton.mtls;

import dev.jeton.config.ConfigurationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mutual-TLS settings (RFC 8705) and the certificate a proxy forwards as PEM. */
class MtlsSettingsTest {

    private static MtlsSettings of(Map<String, String> values) {
        return MtlsSettings.from(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void nothingIsOnByDefault() {
        MtlsSettings none = of(Map.of());
        assertTrue(none.trustedCas().isEmpty());
        assertFalse(none.proxyHeaderConfigured());
        assertTrue(none.trustedProxies().isEmpty());
        assertEquals(Optional.empty(), none.alias("/oauth/token"));
    }

    @Test
    void aProxyHeaderWithoutTrustedProxiesIsRefused() {
        // a header believed from nobody is a configuration mistake, not a feature
        assertThrows(ConfigurationException.class, () -> of(Map.of(MtlsSettings.PROXY_HEADER, "X-Client-Cert")));
        assertThrows(ConfigurationException.class, () -> of(Map.of(MtlsSettings.PROXY_HEADER, "X Client",
                MtlsSettings.TRUSTED_PROXIES, "10.0.0.1")));
        assertThrows(ConfigurationException.class, () -> of(Map.of(MtlsSettings.PROXY_HEADER, "X-Client-Cert",
                MtlsSettings.TRUSTED_PROXIES, "proxy.internal")));
        MtlsSettings ok = of(Map.of(MtlsSettings.PROXY_HEADER, "X-Client-Cert",
                MtlsSettings.TRUSTED_PROXIES, "10.0.0.0/8"));
        assertTrue(ok.trustedProxies().contains("10.1.2.3"));
    }

    @Test
    void theAliasBaseIsAnHttpsUrlAndPrefixesTheEndpoints() {
        MtlsSettings alias = of(Map.of(MtlsSettings.ENDPOINT_ALIAS_BASE, "https://mtls.example.com:8443/"));
        assertEquals(Optional.of(URI.create("https://mtls.example.com:8443/oauth/token")), alias.alias("/oauth/token"));
        assertThrows(ConfigurationException.class,
                () -> of(Map.of(MtlsSettings.ENDPOINT_ALIAS_BASE, "http://mtls.example.com")));
    }

    @Test
    void theTrustedCasAreAPemBundle(@TempDir Path dir) throws Exception {
        Path bundle = dir.resolve("cas.pem");
        Files.writeString(bundle, TestCertificates.ca("A").pem() + TestCertificates.ca("B").pem());
        assertEquals(2, of(Map.of(MtlsSettings.TRUSTED_CAS, bundle.toString())).trustedCas().size());
        Files.writeString(bundle, "not a certificate");
        assertThrows(ConfigurationException.class, () -> of(Map.of(MtlsSettings.TRUSTED_CAS, bundle.toString())));
        assertThrows(ConfigurationException.class,
                () -> of(Map.of(MtlsSettings.TRUSTED_CAS, dir.resolve("missing.pem").toString())));
    }

    @Test
    void aForwardedPemIsReadStrictly() throws Exception {
        TestCertificates.Issued issued = TestCertificates.selfSigned("CN=c");
        ClientCertificate parsed = ClientCertificate.fromPem(issued.pem());
        assertEquals(issued.certificate(), parsed.leaf());
        assertTrue(parsed.hasThumbprint(issued.asClientCertificate().thumbprint()));
        assertFalse(parsed.hasThumbprint(null));
        for (String bad : new String[]{"", "garbage", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                "x".repeat(40_000)}) {
            assertThrows(CertificateException.class, () -> ClientCertificate.fromPem(bad));
        }
    }
}
