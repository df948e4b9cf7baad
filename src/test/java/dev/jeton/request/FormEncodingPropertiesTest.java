package dev.jeton.request;

import dev.jeton.hostile.HostileForms;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FormEncoding} on hostile bodies (RFC 6749 Appendix B): it decodes exactly what a correct
 * encoder produced, refuses everything else with {@link FormEncoding.MalformedFormException}, and
 * never throws anything else.
 */
class FormEncodingPropertiesTest {

    @Property(tries = 2000)
    void anyBodyDecodesOrIsRefusedNeverAnotherException(@ForAll("bodies") byte[] body) {
        try {
            FormParameters parameters = FormEncoding.parse(body);
            // what was accepted holds only non-empty names
            parameters.names().forEach(n -> assertTrue(!n.isEmpty()));
        } catch (FormEncoding.MalformedFormException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isBlank());
        }
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        return HostileForms.hostileBodies();
    }

    @Property(tries = 1000)
    void correctlyEncodedParametersDecodeToWhatWasSent(@ForAll("parameters") List<Map.Entry<String, String>> sent)
            throws Exception {
        List<Map.Entry<String, String>> pairs = HostileForms.sendable(sent).stream()
                .filter(p -> !p.getKey().isEmpty()).toList();
        FormParameters decoded = FormEncoding.parse(HostileForms.encodeBody(pairs).getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, String> pair : pairs) {
            assertTrue(decoded.names().contains(pair.getKey()), pair.getKey());
        }
        assertEquals(pairs.stream().map(Map.Entry::getKey).distinct().count(), decoded.names().size());
        // a repeated name stays visible, so the core can refuse it (RFC 6749 §3.1)
        boolean repeated = pairs.stream().map(Map.Entry::getKey).distinct().count() < pairs.size();
        assertEquals(repeated, decoded.firstRepeated(java.util.Set.of()).isPresent());
    }

    @Provide
    Arbitrary<List<Map.Entry<String, String>>> parameters() {
        return HostileForms.hostileParameters();
    }

    @Property
    void invalidPercentEscapesAreRefused(@ForAll @StringLength(max = 20) @CharRange(from = 'a', to = 'z') String prefix,
                                         @ForAll("badEscapes") String escape) {
        assertThrows(FormEncoding.MalformedFormException.class,
                () -> FormEncoding.parse(("a=" + prefix + escape).getBytes(StandardCharsets.US_ASCII)));
    }

    @Provide
    Arbitrary<String> badEscapes() {
        return Arbitraries.oneOf(
                Arbitraries.of("%", "%0", "%G0", "%0G", "%%", "%-1", "% 1", "%+1", "%x0"),
                // bytes that are not UTF-8: a lone continuation byte, an overlong encoding, a surrogate half
                Arbitraries.of("%80", "%C0%AF", "%ED%A0%80", "%FF", "%F8%88%80%80%80", "%C3"));
    }

    @Property
    void rawControlCharactersAndNonAsciiAreRefused(@ForAll @StringLength(max = 10) @CharRange(from = 'a', to = 'z') String v,
                                                   @ForAll("unprintable") char c) {
        // a raw CR/LF (header injection) or any byte outside printable ASCII is not form encoding
        assertThrows(FormEncoding.MalformedFormException.class,
                () -> FormEncoding.parse(("client_id=" + v + c + v).getBytes(StandardCharsets.UTF_8)));
    }

    @Provide
    Arbitrary<Character> unprintable() {
        return Arbitraries.oneOf(Arbitraries.chars().range('\u0000', '\u001f'), Arbitraries.of('\u007f'),
                Arbitraries.chars().range('\u0080', '\uffff').filter(ch -> !Character.isSurrogate(ch)));
    }
}
