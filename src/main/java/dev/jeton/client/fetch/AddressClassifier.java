package dev.jeton.client.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Classifies an IP address by the ranges of the IANA special-purpose registries (RFC 6890 and its
 * updates). IPv6 forms that carry an IPv4 address (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96,
 * NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address inside, so
 * {@code [::ffff:127.0.0.1]} is loopback and {@code [64:ff9b::a9fe:a9fe]} is link-local.
 */
public final class AddressClassifier {

    private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private AddressClassifier() {
    }

    public static AddressKind classify(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return classifyV4(b);
        }
        if (address instanceof Inet6Address) {
            return classifyV6(b);
        }
        return AddressKind.RESERVED;
    }

    /**
     * The address a URL's host names literally ({@code 127.0.0.1}, {@code [::1]}), without any DNS
     * lookup; empty for a host name. Shorthand IPv4 forms ({@code 127.1}, {@code 2130706433}) are
     * not literals here: they are refused by {@link #looksNumeric} instead of being guessed at.
     */
    public static Optional<InetAddress> literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            if (h.contains(":")) {
                // an IPv6 literal; getByName parses it without a lookup (a scope id is refused below)
                if (h.contains("%") || !h.matches("[0-9A-Fa-f:.]+")) {
                    return Optional.empty();
                }
                return Optional.of(InetAddress.getByName(h));
            }
            if (IPV4_LITERAL.matcher(h).matches()) {
                for (String part : h.split("\\.")) {
                    if (Integer.parseInt(part) > 255) {
                        return Optional.empty();
                    }
                }
                return Optional.of(InetAddress.getByName(h));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * A host that is not a dotted quad yet whose last label is numeric ({@code 127.1},
     * {@code 0x7f.1}, {@code 2130706433}): no top-level domain is all-numeric (RFC 3696 §2), and
     * resolvers read these as addresses in ways that differ, so they are never fetched.
     */
    public static boolean looksNumeric(String host) {
        if (IPV4_LITERAL.matcher(host).matches()) {
            return false;
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = h.substring(h.lastIndexOf('.') + 1);
        return last.matches("[0-9]+|0[xX][0-9a-fA-F]*");
    }

    static AddressKind classifyV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if (a0 == 0) {
            return AddressKind.UNSPECIFIED;
        }
        if (a0 == 127) {
            return AddressKind.LOOPBACK;
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return AddressKind.PRIVATE;
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return AddressKind.SHARED;
        }
        if (a0 == 169 && a1 == 254) {
            return AddressKind.LINK_LOCAL;
        }
        if (a0 == 255 && a1 == 255 && a2 == 255 && a3 == 255) {
            return AddressKind.MULTICAST;
        }
        if (a0 >= 224 && a0 <= 239) {
            return AddressKind.MULTICAST;
        }
        if (a0 >= 240
                || (a0 == 192 && a1 == 0 && a2 == 0)
                || (a0 == 192 && a1 == 0 && a2 == 2)
                || (a0 == 198 && (a1 == 18 || a1 == 19))
                || (a0 == 198 && a1 == 51 && a2 == 100)
                || (a0 == 203 && a1 == 0 && a2 == 113)) {
            return AddressKind.RESERVED;
        }
        return AddressKind.PUBLIC;
    }

    static AddressKind classifyV6(byte[] b) {
        boolean firstTenZero = true;
        for (int i = 0; i < 10; i++) {
            firstTenZero &= b[i] == 0;
        }
        if (firstTenZero && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return classifyV4(new byte[]{b[12], b[13], b[14], b[15]}); // ::ffff:a.b.c.d, IPv4-mapped
        }
        if (firstTenZero && b[10] == 0 && b[11] == 0) {
            boolean allZero = true;
            for (int i = 12; i < 15; i++) {
                allZero &= b[i] == 0;
            }
            if (allZero && b[15] == 0) {
                return AddressKind.UNSPECIFIED; // ::
            }
            if (allZero && b[15] == 1) {
                return AddressKind.LOOPBACK; // ::1
            }
            return classifyV4(new byte[]{b[12], b[13], b[14], b[15]}); // ::a.b.c.d, IPv4-compatible (deprecated)
        }
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            return classifyV4(new byte[]{b[12], b[13], b[14], b[15]}); // 64:ff9b::/96 NAT64
        }
        if (b0 == 0x20 && b1 == 0x02) {
            return classifyV4(new byte[]{b[2], b[3], b[4], b[5]}); // 2002::/16 6to4
        }
        if (b0 == 0xff) {
            return AddressKind.MULTICAST;
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return AddressKind.LINK_LOCAL;
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
            return AddressKind.PRIVATE; // fec0::/10, deprecated site-local
        }
        if ((b0 & 0xfe) == 0xfc) {
            return AddressKind.UNIQUE_LOCAL;
        }
        if ((b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) // 2001:db8::/32
                || (b0 == 0x20 && b1 == 0x01 && b[2] == 0 && b[3] == 0) // 2001::/32 Teredo
                || (b0 == 0x01 && b1 == 0x00 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0
                && b[6] == 0 && b[7] == 0)) { // 100::/64 discard
            return AddressKind.RESERVED;
        }
        if ((b0 & 0xe0) != 0x20) {
            return AddressKind.RESERVED; // outside 2000::/3, the global unicast space
        }
        return AddressKind.PUBLIC;
    }
}
