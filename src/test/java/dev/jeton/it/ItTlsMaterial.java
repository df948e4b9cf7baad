package dev.jeton.it;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import dev.jeton.mtls.TestCertificates;
import org.bouncycastle.asn1.x509.GeneralName;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * The TLS material of the integration tests' Payara Micro (mutual TLS, RFC 8705), made by the build
 * before the server starts (pom.xml, pre-integration-test), all with BouncyCastle:
 * <ul>
 *   <li>{@code ca.p12}: the IT CA (alias ca, with its key, so tests issue client certificates at run
 *       time); {@code trusted-cas.pem}: it again, Jeton's {@code jeton.mtls.trusted-cas};</li>
 *   <li>{@code other-ca.p12}: a second CA the listener accepts but tls_client_auth does not trust;</li>
 *   <li>{@code keystore.p12}: the server (alias jeton, localhost and 127.0.0.1);</li>
 *   <li>{@code self-signed.p12} / {@code self-signed-other.p12}: self-signed client certificates, the
 *       first with the key of it-pkjwt-es (registered by it-mtls-self), the second with a key of its own;</li>
 *   <li>{@code truststore.p12}: what the listener accepts client certificates from: both CAs and both
 *       self-signed certificates (a TLS stack ends the handshake on a certificate it does not trust, so a
 *       self-signed one must be known to it; see docs/mtls.md).</li>
 * </ul>
 * Every store's password is {@link #PASSWORD}.
 */
public final class ItTlsMaterial {

    public static final String PASSWORD = "it-tls-store-password";

    private ItTlsMaterial() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Path clientKey = Path.of(args[1]);
        Files.createDirectories(dir);
        Instant now = Instant.now();
        TestCertificates.Issued ca = TestCertificates.ca("Jeton IT CA", now);
        TestCertificates.Issued otherCa = TestCertificates.ca("Jeton IT other CA", now);
        TestCertificates.Issued server = TestCertificates.issue(ca, "CN=localhost", now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(30)), new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        ECKey registered = (ECKey) JWK.parse(Files.readString(clientKey, StandardCharsets.UTF_8));
        KeyPair registeredPair = new KeyPair(registered.toECPublicKey(), registered.toECPrivateKey());
        TestCertificates.Issued selfSigned = TestCertificates.selfSigned("CN=it-mtls-self", registeredPair,
                now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));
        TestCertificates.Issued selfSignedOther = TestCertificates.selfSigned("CN=it-mtls-self",
                TestCertificates.ecKey(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(30)));

        write(dir.resolve("ca.p12"), "ca", ca);
        write(dir.resolve("other-ca.p12"), "ca", otherCa);
        KeyStore keystore = empty();
        keystore.setKeyEntry("jeton", server.keys().getPrivate(), PASSWORD.toCharArray(),
                new Certificate[]{server.certificate(), ca.certificate()});
        store(keystore, dir.resolve("keystore.p12"));
        write(dir.resolve("self-signed.p12"), "client", selfSigned);
        write(dir.resolve("self-signed-other.p12"), "client", selfSignedOther);
        KeyStore trust = empty();
        trust.setCertificateEntry("it-ca", ca.certificate());
        trust.setCertificateEntry("it-other-ca", otherCa.certificate());
        trust.setCertificateEntry("it-self-signed", selfSigned.certificate());
        trust.setCertificateEntry("it-self-signed-other", selfSignedOther.certificate());
        store(trust, dir.resolve("truststore.p12"));
        Files.writeString(dir.resolve("trusted-cas.pem"), ca.pem(), StandardCharsets.US_ASCII);
    }

    /** A certificate with its key from one of the stores above. */
    public static TestCertificates.Issued read(Path store, String alias) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        X509Certificate certificate = (X509Certificate) keys.getCertificate(alias);
        return new TestCertificates.Issued(certificate, new KeyPair(certificate.getPublicKey(),
                (java.security.PrivateKey) keys.getKey(alias, PASSWORD.toCharArray())));
    }

    private static void write(Path file, String alias, TestCertificates.Issued issued) throws Exception {
        KeyStore store = empty();
        store.setKeyEntry(alias, issued.keys().getPrivate(), PASSWORD.toCharArray(),
                new Certificate[]{issued.certificate()});
        store(store, file);
    }

    private static KeyStore empty() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static void store(KeyStore store, Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
    }
}
