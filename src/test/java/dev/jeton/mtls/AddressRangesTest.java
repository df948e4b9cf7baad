package dev.jeton.mtls;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trusted-proxy ranges (RFC 4632 §3.1 CIDR; RFC 4291 §2.3 for IPv6). */
class AddressRangesTest {

    @Test
    void cidrsAndSingleAddressesMatchOnTheirPrefix() {
        AddressRanges ranges = AddressRanges.parse("10.1.0.0/16, 192.0.2.7, 2001:db8::/32, 172.16.0.0/12");
        assertTrue(ranges.contains("10.1.255.3"));
        assertFalse(ranges.contains("10.2.0.1"));
        assertTrue(ranges.contains("192.0.2.7"));
        assertFalse(ranges.contains("192.0.2.8"));
        assertTrue(ranges.contains("2001:db8:1::5"));
        assertFalse(ranges.contains("2001:db9::5"));
        assertTrue(ranges.contains("172.31.255.255"));
        assertFalse(ranges.contains("172.32.0.0"));
    }

    @Test
    void nothingIsTrustedByDefaultAndNamesAreNeverLookedUp() {
        assertFalse(AddressRanges.NONE.contains("127.0.0.1"));
        assertFalse(AddressRanges.parse("").contains("127.0.0.1"));
        assertFalse(AddressRanges.parse("127.0.0.1").contains("localhost"), "a host name is no peer address");
        assertFalse(AddressRanges.parse("127.0.0.1").contains(null));
    }

    @Test
    void malformedRangesAreRefused() {
        for (String bad : new String[]{"localhost", "10.0.0.0/33", "10.0.0.0/x", "::1/129", "10.0.0.0/-1"}) {
            assertThrows(IllegalArgumentException.class, () -> AddressRanges.parse(bad), bad);
        }
    }
}
