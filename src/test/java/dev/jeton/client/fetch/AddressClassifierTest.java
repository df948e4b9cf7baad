package dev.jeton.client.fetch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The special-purpose address registries (RFC 6890, RFC 6598, RFC 4193, RFC 4291) as the fetcher reads them. */
class AddressClassifierTest {

    @ParameterizedTest
    @CsvSource({
            "8.8.8.8, PUBLIC",
            "93.184.216.34, PUBLIC",
            "127.0.0.1, LOOPBACK",
            "127.255.255.254, LOOPBACK",
            "10.0.0.1, PRIVATE",
            "172.16.0.1, PRIVATE",
            "172.31.255.255, PRIVATE",
            "172.32.0.1, PUBLIC",
            "192.168.1.1, PRIVATE",
            "100.64.0.1, SHARED",
            "100.128.0.1, PUBLIC",
            "169.254.169.254, LINK_LOCAL",
            "0.0.0.0, UNSPECIFIED",
            "0.1.2.3, UNSPECIFIED",
            "224.0.0.1, MULTICAST",
            "239.255.255.250, MULTICAST",
            "255.255.255.255, MULTICAST",
            "240.0.0.1, RESERVED",
            "192.0.2.1, RESERVED",
            "198.18.0.1, RESERVED",
            "203.0.113.9, RESERVED",
            "'::1', LOOPBACK",
            "'::', UNSPECIFIED",
            "'fe80::1', LINK_LOCAL",
            "'fc00::1', UNIQUE_LOCAL",
            "'fd12:3456::1', UNIQUE_LOCAL",
            "'fec0::1', PRIVATE",
            "'ff02::1', MULTICAST",
            "'2001:db8::1', RESERVED",
            "'2001:0:4136:e378::1', RESERVED",
            "'2606:4700::1111', PUBLIC",
            "'::ffff:127.0.0.1', LOOPBACK",
            "'::ffff:169.254.169.254', LINK_LOCAL",
            "'::ffff:8.8.8.8', PUBLIC",
            "'::127.0.0.1', LOOPBACK",
            "'64:ff9b::a9fe:a9fe', LINK_LOCAL",
            "'2002:7f00:1::1', LOOPBACK",
            "'2002:0808:0808::1', PUBLIC"
    })
    void classifiesByTheSpecialPurposeRegistries(String address, AddressKind expected) throws Exception {
        assertEquals(expected, AddressClassifier.classify(InetAddress.getByName(address)), address);
    }

    /** InetAddress turns ::ffff:a.b.c.d into an Inet4Address; the raw 16 bytes must be judged the same. */
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "169.254.169.254", "0.0.0.0"})
    void anIpv4MappedAddressIsJudgedByItsIpv4Part(String v4) throws Exception {
        byte[] b4 = InetAddress.getByName(v4).getAddress();
        byte[] b6 = new byte[16];
        b6[10] = (byte) 0xff;
        b6[11] = (byte) 0xff;
        System.arraycopy(b4, 0, b6, 12, 4);
        assertEquals(AddressClassifier.classifyV4(b4), AddressClassifier.classifyV6(b6));
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1, true", "[::1], true", "[::ffff:7f00:1], true", "example.com, false",
            "999.1.1.1, false", "[fe80::1%eth0], false", "localhost, false"})
    void literalsAreReadWithoutALookup(String host, boolean literal) {
        assertEquals(literal, AddressClassifier.literal(host).isPresent(), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "2130706433", "0x7f.1", "0x7f000001", "017700000001", "example.123"})
    void shorthandNumericHostsAreRecognised(String host) {
        assertTrue(AddressClassifier.looksNumeric(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "example.com", "a1.example", "cimd.test", "1password.com"})
    void namesAndPlainAddressesAreNotShorthand(String host) {
        assertFalse(AddressClassifier.looksNumeric(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUBLIC", "LOOPBACK", "PRIVATE", "SHARED", "LINK_LOCAL", "UNIQUE_LOCAL"})
    void onlyUnicastKindsCanEverBeAllowed(AddressKind kind) {
        assertTrue(kind.unicast());
        assertFalse(AddressKind.UNSPECIFIED.unicast() || AddressKind.MULTICAST.unicast()
                || AddressKind.RESERVED.unicast());
    }
}
