package dev.jeton.client.fetch;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * A test CA made on the spot with BouncyCastle, and a server certificate it issued for the given
 * names: what an operator's private CA and an internal document server look like.
 */
public final class TestTls {

    private final X509Certificate ca;
    private final SSLContext serverContext;

    private TestTls(X509Certificate ca, SSLContext serverContext) {
        this.ca = ca;
        this.serverContext = serverContext;
    }

    /** @param dnsNames the server certificate's subjectAltName DNS names (127.0.0.1 and ::1 are added as IPs) */
    public static TestTls create(String... dnsNames) {
        try {
            KeyPair caKeys = ecKeys();
            X500Name caName = new X500Name("CN=Jeton test CA " + System.nanoTime());
            Instant now = Instant.now();
            Date from = Date.from(now.minus(Duration.ofHours(1)));
            Date until = Date.from(now.plus(Duration.ofDays(2)));
            JcaX509v3CertificateBuilder caBuilder = new JcaX509v3CertificateBuilder(caName, serial(), from, until,
                    caName, caKeys.getPublic());
            caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            caBuilder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate ca = certificate(caBuilder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(caKeys.getPrivate())));

            KeyPair serverKeys = ecKeys();
            JcaX509v3CertificateBuilder serverBuilder = new JcaX509v3CertificateBuilder(caName, serial(), from,
                    until, new X500Name("CN=" + dnsNames[0]), serverKeys.getPublic());
            GeneralName[] names = new GeneralName[dnsNames.length + 2];
            for (int i = 0; i < dnsNames.length; i++) {
                names[i] = new GeneralName(GeneralName.dNSName, dnsNames[i]);
            }
            names[dnsNames.length] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
            names[dnsNames.length + 1] = new GeneralName(GeneralName.iPAddress, "::1");
            serverBuilder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            serverBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            X509Certificate server = certificate(serverBuilder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                    .build(caKeys.getPrivate())));

            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "test".toCharArray();
            store.setKeyEntry("server", serverKeys.getPrivate(), password, new X509Certificate[]{server, ca});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new TestTls(ca, context);
        } catch (Exception e) {
            throw new IllegalStateException("could not make the test CA", e);
        }
    }

    public SSLContext serverContext() {
        return serverContext;
    }

    public String caPem() {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(ca.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the CA as a PEM file atomically (a reader never sees half a file). */
    public void writeCaPem(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "ca", ".tmp");
        Files.writeString(tmp, caPem());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE);
    }

    private static X509Certificate certificate(X509CertificateHolder holder) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }
}
