package dev.jeton.mtls;

import com.nimbusds.jose.util.Base64URL;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The certificate a client presented in the TLS handshake (RFC 8705 §2), leaf first, with the
 * intermediates it sent. Plain data: the web layer lifts it off the connection (or off a trusted
 * proxy's header), the core decides what it proves.
 */
public record ClientCertificate(List<X509Certificate> chain) {

    /** A PEM bundle larger than this is not a client certificate chain (strict parsing). */
    static final int MAX_PEM_LENGTH = 32 * 1024;

    public ClientCertificate {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a client certificate chain has at least the leaf");
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** RFC 8705 §3.1: {@code x5t#S256}, the base64url SHA-256 of the leaf's DER encoding. */
    public String thumbprint() {
        return thumbprint(leaf());
    }

    public static String thumbprint(X509Certificate certificate) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded())).toString();
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot hash a certificate", e);
        }
    }

    /** Whether {@code expected} is this certificate's thumbprint, compared in constant time. */
    public boolean hasThumbprint(String expected) {
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                thumbprint().getBytes(StandardCharsets.US_ASCII));
    }

    /** The certificates of a PEM text, leaf first; refused when it holds none or anything else. */
    public static ClientCertificate fromPem(String pem) throws CertificateException {
        Objects.requireNonNull(pem);
        if (pem.length() > MAX_PEM_LENGTH || !pem.strip().startsWith("-----BEGIN CERTIFICATE-----")) {
            throw new CertificateException("not a PEM certificate");
        }
        Collection<? extends java.security.cert.Certificate> parsed = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        List<X509Certificate> chain = new ArrayList<>();
        for (java.security.cert.Certificate c : parsed) {
            if (!(c instanceof X509Certificate x509)) {
                throw new CertificateException("not an X.509 certificate");
            }
            chain.add(x509);
        }
        if (chain.isEmpty()) {
            throw new CertificateException("no certificate in the PEM text");
        }
        return new ClientCertificate(chain);
    }
}
