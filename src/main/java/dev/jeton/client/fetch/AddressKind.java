package dev.jeton.client.fetch;

/**
 * What kind of address a host resolved to, as far as fetching from it is concerned. Only
 * {@link #PUBLIC} is fetched by default; the others reach this machine, its networks or nothing
 * (server-side request forgery, RFC 9700 §4.15 / draft-ietf-oauth-client-id-metadata-document §6).
 */
public enum AddressKind {
    /** Globally routable unicast. */
    PUBLIC(true),
    /** 127.0.0.0/8, ::1. */
    LOOPBACK(true),
    /** RFC 1918: 10/8, 172.16/12, 192.168/16; and the deprecated IPv6 site-local fec0::/10. */
    PRIVATE(true),
    /** RFC 6598 shared address space 100.64/10 (carrier-grade NAT). */
    SHARED(true),
    /** 169.254/16 (cloud metadata services live here), fe80::/10. */
    LINK_LOCAL(true),
    /** RFC 4193 unique local addresses fc00::/7. */
    UNIQUE_LOCAL(true),
    /** 0.0.0.0/8, :: - on most systems a connection to it reaches this machine. */
    UNSPECIFIED(false),
    /** 224/4, ff00::/8, and 255.255.255.255. */
    MULTICAST(false),
    /**
     * Documentation, benchmarking, protocol-assignment and future-use ranges (192.0.0/24,
     * 192.0.2/24, 198.18/15, 198.51.100/24, 203.0.113/24, 240/4, 2001:db8::/32, 100::/64, Teredo).
     */
    RESERVED(false);

    private final boolean unicast;

    AddressKind(boolean unicast) {
        this.unicast = unicast;
    }

    /** Whether an operator may allow fetching from it at all: never from unspecified, multicast or reserved space. */
    public boolean unicast() {
        return unicast;
    }

    /** The wire name used in refusal reasons and logs. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
