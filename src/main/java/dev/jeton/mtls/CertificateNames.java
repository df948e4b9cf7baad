package dev.jeton.mtls;

import javax.security.auth.x500.X500Principal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The names of a certificate that {@code tls_client_auth} compares with the client's registration
 * (RFC 8705 §2.1.2): the subject DN, or one subjectAltName entry of the registered type.
 */
public final class CertificateNames {

    /** RFC 5280 §4.2.1.6 GeneralName tags. */
    private static final int RFC822_NAME = 1;
    private static final int DNS_NAME = 2;
    private static final int URI = 6;
    private static final int IP_ADDRESS = 7;

    private CertificateNames() {
    }

    /**
     * RFC 8705 §2.1.2: the registered DN (RFC 4514 string) and the certificate's subject compared as
     * distinguished names, not as text: both are canonicalised (attribute types by OID, values
     * case-folded and whitespace-normalised, RFC 5280 §7.1), so {@code CN=Client, O=Example} matches
     * {@code cn=client,o=example}.
     */
    public static boolean subjectMatches(X509Certificate certificate, String registeredDn) {
        String canonical = canonicalDn(registeredDn);
        return canonical != null && canonical.equals(
                certificate.getSubjectX500Principal().getName(X500Principal.CANONICAL));
    }

    /** The canonical form of an RFC 4514 DN, or null when it is not one. */
    public static String canonicalDn(String dn) {
        try {
            return new X500Principal(dn).getName(X500Principal.CANONICAL);
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    /** RFC 8705 §2.1.2 {@code tls_client_auth_san_dns}: a dNSName entry, compared case-insensitively. */
    public static boolean hasDns(X509Certificate certificate, String registered) {
        return sans(certificate, DNS_NAME).stream()
                .anyMatch(v -> v.toLowerCase(Locale.ROOT).equals(registered.toLowerCase(Locale.ROOT)));
    }

    /** {@code tls_client_auth_san_uri}: a uniformResourceIdentifier entry, exactly. */
    public static boolean hasUri(X509Certificate certificate, String registered) {
        return sans(certificate, URI).contains(registered);
    }

    /** {@code tls_client_auth_san_email}: an rfc822Name entry; the domain part case-insensitively. */
    public static boolean hasEmail(X509Certificate certificate, String registered) {
        return sans(certificate, RFC822_NAME).stream().anyMatch(v -> sameMailbox(v, registered));
    }

    /** {@code tls_client_auth_san_ip}: an iPAddress entry, compared as addresses (IPv4 or IPv6 text forms). */
    public static boolean hasIp(X509Certificate certificate, String registered) {
        byte[] wanted = ipLiteral(registered);
        if (wanted == null) {
            return false;
        }
        return sans(certificate, IP_ADDRESS).stream().map(CertificateNames::ipLiteral)
                .anyMatch(a -> a != null && java.util.Arrays.equals(a, wanted));
    }

    /** The bytes of an IP address literal, or null when it is not one (never a DNS lookup). */
    public static byte[] ipLiteral(String value) {
        if (value == null || !(value.matches("[0-9.]+") || value.matches("[0-9a-fA-F:.]+") && value.contains(":"))) {
            return null;
        }
        try {
            return InetAddress.getByName(value).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean sameMailbox(String a, String b) {
        int at = a.lastIndexOf('@');
        int bt = b.lastIndexOf('@');
        if (at < 0 || bt < 0) {
            return false;
        }
        return a.substring(0, at).equals(b.substring(0, bt))
                && a.substring(at + 1).equalsIgnoreCase(b.substring(bt + 1));
    }

    private static List<String> sans(X509Certificate certificate, int tag) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (names == null) {
            return List.of();
        }
        return names.stream().filter(n -> n.size() >= 2 && n.get(0) instanceof Integer t && t == tag
                && n.get(1) instanceof String).map(n -> (String) n.get(1)).toList();
    }
}
