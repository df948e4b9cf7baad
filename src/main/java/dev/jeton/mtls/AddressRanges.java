package dev.jeton.mtls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Address ranges in CIDR notation (RFC 4632 §3.1; RFC 4291 §2.3 for IPv6), e.g. {@code 10.0.0.0/8,
 * 127.0.0.1, ::1/128}: which peers may speak for a client (the proxies that terminate TLS). Only
 * address literals: a host name here would make trust depend on DNS.
 */
public final class AddressRanges {

    public static final AddressRanges NONE = new AddressRanges(List.of());

    private record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Range> ranges;

    private AddressRanges(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** Comma-separated CIDRs (a bare address is a single host); blank for none. */
    public static AddressRanges parse(String value) {
        List<Range> ranges = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return NONE;
        }
        for (String part : value.split(",")) {
            String cidr = part.strip();
            int slash = cidr.indexOf('/');
            String host = slash < 0 ? cidr : cidr.substring(0, slash);
            byte[] network = literal(host);
            int bits = network.length * 8;
            int prefix;
            try {
                prefix = slash < 0 ? bits : Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + cidr + "' has no numeric prefix length");
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + cidr + "': the prefix length must be 0 to " + bits);
            }
            ranges.add(new Range(network, prefix));
        }
        return new AddressRanges(ranges);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether {@code address} (a peer address literal; null is no address) is in one of the ranges. */
    public boolean contains(String address) {
        if (address == null || ranges.isEmpty()) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = literal(address);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] candidate = bytes;
        return ranges.stream().anyMatch(r -> r.contains(candidate));
    }

    private static byte[] literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.isEmpty() || !(h.matches("[0-9.]+") || (h.contains(":") && h.matches("[0-9a-fA-F:.%]+")))) {
            throw new IllegalArgumentException("'" + host + "' is not an IP address literal");
        }
        try {
            // a literal: no DNS lookup happens
            return InetAddress.getByName(h).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' is not an IP address literal");
        }
    }
}
