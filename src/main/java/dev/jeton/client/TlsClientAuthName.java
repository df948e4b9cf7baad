package dev.jeton.client;

import dev.jeton.mtls.CertificateNames;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;

/**
 * The one name a {@code tls_client_auth} client registered (RFC 8705 §2.1.2), which its
 * certificate must carry: the subject DN, or a subjectAltName of one type.
 */
public record TlsClientAuthName(Kind kind, String value) {

    /** RFC 8705 §2.1.2 metadata members, one per kind of name. */
    public enum Kind {
        SUBJECT_DN("tls_client_auth_subject_dn"),
        SAN_DNS("tls_client_auth_san_dns"),
        SAN_URI("tls_client_auth_san_uri"),
        SAN_IP("tls_client_auth_san_ip"),
        SAN_EMAIL("tls_client_auth_san_email");

        private final String member;

        Kind(String member) {
            this.member = member;
        }

        public String member() {
            return member;
        }

        public static Optional<Kind> ofMember(String member) {
            return Arrays.stream(values()).filter(k -> k.member.equals(member)).findFirst();
        }
    }

    /** A registered value that cannot name a certificate; the message is safe to show. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** The name as registered, checked for its kind: strict, so that a typo never matches by accident. */
    public static TlsClientAuthName of(Kind kind, String value) throws Malformed {
        if (value == null || value.isBlank() || value.length() > 1000 || !value.strip().equals(value)) {
            throw new Malformed(kind.member() + " must be a non-empty string without surrounding blanks");
        }
        switch (kind) {
            case SUBJECT_DN -> {
                if (CertificateNames.canonicalDn(value) == null) {
                    throw new Malformed(kind.member() + " is not a distinguished name (RFC 4514)");
                }
            }
            case SAN_IP -> {
                if (CertificateNames.ipLiteral(value) == null) {
                    throw new Malformed(kind.member() + " is not an IPv4 or IPv6 address");
                }
            }
            case SAN_URI -> {
                try {
                    if (!new URI(value).isAbsolute()) {
                        throw new Malformed(kind.member() + " is not an absolute URI");
                    }
                } catch (URISyntaxException e) {
                    throw new Malformed(kind.member() + " is not an absolute URI");
                }
            }
            case SAN_EMAIL -> {
                if (value.indexOf('@') <= 0 || value.indexOf('@') == value.length() - 1) {
                    throw new Malformed(kind.member() + " is not an e-mail address");
                }
            }
            case SAN_DNS -> {
                if (!value.matches("[A-Za-z0-9*]([A-Za-z0-9.*-]*[A-Za-z0-9])?")) {
                    throw new Malformed(kind.member() + " is not a DNS name");
                }
            }
        }
        return new TlsClientAuthName(kind, value);
    }

    /** Whether the certificate carries this name (RFC 8705 §2.1.2). */
    public boolean matches(X509Certificate certificate) {
        return switch (kind) {
            case SUBJECT_DN -> CertificateNames.subjectMatches(certificate, value);
            case SAN_DNS -> CertificateNames.hasDns(certificate, value);
            case SAN_URI -> CertificateNames.hasUri(certificate, value);
            case SAN_IP -> CertificateNames.hasIp(certificate, value);
            case SAN_EMAIL -> CertificateNames.hasEmail(certificate, value);
        };
    }
}
