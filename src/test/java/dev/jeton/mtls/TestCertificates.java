package dev.jeton.mtls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Certificates made by the tests (BouncyCastle): a CA, certificates it issues, self-signed ones. */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate with its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keys) {

        public String pem() {
            return TestCertificates.pem(certificate);
        }

        public ClientCertificate asClientCertificate() {
            return new ClientCertificate(List.of(certificate));
        }
    }

    private TestCertificates() {
    }

    public static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed CA valid from an hour ago for a year. */
    public static Issued ca(String cn) {
        return ca(cn, Instant.now());
    }

    /** A self-signed CA valid from an hour before {@code now} for a year. */
    public static Issued ca(String cn, Instant now) {
        KeyPair keys = ecKey();
        return new Issued(build("CN=" + cn, keys.getPublic(), "CN=" + cn, keys, now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(365)), true), keys);
    }

    /** A client certificate issued by {@code ca}, valid from an hour ago for a day, with the given subjectAltNames. */
    public static Issued issue(Issued ca, String subjectDn, GeneralName... sans) {
        Instant now = Instant.now();
        return issue(ca, subjectDn, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), sans);
    }

    public static Issued issue(Issued ca, String subjectDn, Instant notBefore, Instant notAfter, GeneralName... sans) {
        KeyPair keys = ecKey();
        return new Issued(build(subjectDn, keys.getPublic(),
                ca.certificate().getSubjectX500Principal().getName(), ca.keys(), notBefore, notAfter, false, sans), keys);
    }

    /** A self-signed client certificate for {@code keys}. */
    public static Issued selfSigned(String subjectDn, KeyPair keys, Instant notBefore, Instant notAfter) {
        return new Issued(build(subjectDn, keys.getPublic(), subjectDn, keys, notBefore, notAfter, false), keys);
    }

    public static Issued selfSigned(String subjectDn) {
        Instant now = Instant.now();
        return selfSigned(subjectDn, ecKey(), now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    public static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X500Name dn(String rfc4514) {
        return X500Name.getInstance(new javax.security.auth.x500.X500Principal(rfc4514).getEncoded());
    }

    private static X509Certificate build(String subject, java.security.PublicKey key, String issuer,
                                         KeyPair issuerKeys, Instant notBefore, Instant notAfter, boolean ca,
                                         GeneralName... sans) {
        try {
            // through X500Principal, so that the DN's RDN order is the one RFC 4514 text means
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(dn(issuer),
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter),
                    dn(subject), key);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, ca
                    ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            if (sans.length > 0) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
