package dev.jeton.request;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FormEncodingTest {

    private static FormParameters parse(String body) throws FormEncoding.MalformedFormException {
        return FormEncoding.parse(body.getBytes(StandardCharsets.US_ASCII));
    }

    private static void assertRejected(byte[] body) {
        assertThrows(FormEncoding.MalformedFormException.class, () -> FormEncoding.parse(body));
    }

    private static void assertRejected(String body) {
        assertRejected(body.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void pairsAreKeptInBodyOrder() throws Exception {
        FormParameters p = parse("grant_type=client_credentials&scope=a&client_id=c");

        assertEquals(List.of("grant_type", "scope", "client_id"), List.copyOf(p.names()));
        assertEquals(Optional.of("client_credentials"), p.get("grant_type"));
        assertEquals(Optional.of("a"), p.get("scope"));
        assertEquals(Optional.of("c"), p.get("client_id"));
    }

    @Test
    void repeatedNamesAreKeptSoTheCoreCanRefuseThem() throws Exception {
        // RFC 6749 §3.1: parameters MUST NOT be included more than once
        FormParameters p = parse("scope=a&grant_type=x&scope=b&grant_type=y");

        assertEquals(List.of("a", "b"), p.all("scope"));
        assertEquals(Optional.of("scope"), p.firstRepeated(Set.of()));
        assertEquals(Optional.of("grant_type"), p.firstRepeated(Set.of("scope")));
        assertEquals(Optional.empty(), p.firstRepeated(Set.of("scope", "grant_type")));
    }

    @Test
    void plusDecodesToSpace() throws Exception {
        // RFC 6749 Appendix B / WHATWG urlencoded: '+' stands for a space
        assertEquals(Optional.of("a b c"), parse("scope=a+b+c").get("scope"));
    }

    @Test
    void percentEscapesDecodeAsUtf8() throws Exception {
        // RFC 6749 Appendix B: names and values are UTF-8, then percent-encoded
        FormParameters p = parse("x=caf%C3%A9&y=%2B%26%3D%25&z=%e2%82%ac&%73cope=s");

        assertEquals(Optional.of("café"), p.get("x"));
        assertEquals(Optional.of("+&=%"), p.get("y"));
        assertEquals(Optional.of("€"), p.get("z"), "lower-case hex digits");
        assertEquals(Optional.of("s"), p.get("scope"), "names are decoded too");
    }

    @Test
    void escapedSeparatorsDoNotSplit() throws Exception {
        FormParameters p = parse("a=1%262%3D3");

        assertEquals(List.of("a"), List.copyOf(p.names()));
        assertEquals(Optional.of("1&2=3"), p.get("a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%zz", "a=%", "a=%4", "a=b%", "a=%g1", "%=1", "a=1&b=%4&c=2"})
    void invalidPercentEscapesAreRejected(String body) {
        assertRejected(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%C3%28", "a=%C3", "a=%FF", "a=%ED%A0%80", "a=%C0%AF"})
    void percentEscapesThatAreNotUtf8AreRejected(String body) {
        // RFC 6749 Appendix B: the octets must be UTF-8; invalid, truncated, surrogate, overlong
        assertRejected(body);
    }

    @Test
    void rawLineFeedIsRejected() {
        assertRejected("a=1\nb=2");
    }

    @Test
    void rawNonAsciiByteIsRejected() {
        assertRejected(new byte[]{'a', '=', (byte) 0xC3, (byte) 0xA9});
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x7F, 0x80, 0xC3, 0xFF})
    void rawControlAndNonAsciiBytesAreRejected(int b) {
        assertRejected(new byte[]{'a', '=', 'x', (byte) b, 'y'});
    }

    @Test
    void emptyBodyHasNoParameters() throws Exception {
        FormParameters p = FormEncoding.parse(new byte[0]);

        assertTrue(p.names().isEmpty());
        assertEquals(Optional.empty(), p.get("grant_type"));
    }

    @Test
    void parameterWithoutEqualsSignHasEmptyValueAndCountsAsOmitted() throws Exception {
        // RFC 6749 §3.1: parameters sent without a value MUST be treated as if omitted
        FormParameters p = parse("scope&grant_type=client_credentials&audience=");

        assertTrue(p.names().contains("scope"));
        assertEquals(Optional.empty(), p.get("scope"));
        assertFalse(p.has("scope"));
        assertEquals(Optional.empty(), p.get("audience"));
        assertEquals(Optional.of("client_credentials"), p.get("grant_type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"=x", "a=1&=x", "=", "a=1&="})
    void segmentWithEmptyNameIsRejected(String body) {
        assertRejected(body);
    }

    @Test
    void emptySegmentsBetweenAmpersandsAreSkipped() throws Exception {
        FormParameters p = parse("a=1&&b=2&");

        assertEquals(List.of("a", "b"), List.copyOf(p.names()));
        assertEquals(Optional.of("1"), p.get("a"));
        assertEquals(Optional.of("2"), p.get("b"));
    }

    @Test
    void onlyTheFirstEqualsSignSeparatesNameFromValue() throws Exception {
        assertEquals(Optional.of("b=c"), parse("a=b=c").get("a"));
    }
}
