package dev.jeton.web;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.ByteArrayInputStream;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FormMediaType} and the token endpoint's body limit on hostile input: random
 * Content-Type values never throw and match only the form type; a body over the configured
 * limit is never read past it.
 */
class FormMediaTypePropertiesTest {

    @Property(tries = 2000)
    void onlyTheFormTypeMatchesAndNothingThrows(@ForAll("contentTypes") String contentType) {
        if (FormMediaType.matches(contentType)) {
            String lower = contentType.toLowerCase(Locale.ROOT);
            assertTrue(lower.strip().startsWith("application/x-www-form-urlencoded"), contentType);
            assertTrue(!lower.contains(",") && (!lower.contains("charset") || lower.contains("utf-8")
                    || lower.contains("us-ascii")), contentType);
        }
    }

    @Provide
    Arbitrary<String> contentTypes() {
        String form = "application/x-www-form-urlencoded";
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("; =\"\r\n,").ofMaxLength(20).map(s -> form + s),
                Arbitraries.strings().ofMaxLength(20).map(s -> form + "; charset=" + s),
                Arbitraries.strings().ofMaxLength(20).map(s -> form + ";" + s + "=utf-8"),
                Arbitraries.of(form + "\r\nX-Injected: 1", form + ", application/json", form + "; charset=utf-8, text/plain",
                        "application/x-www-form-urlencoded\u0000", "application/x-www-form-urlencodeD; charset=UTF-7"));
    }

    @Property(tries = 200)
    void aBodyIsReadUpToTheLimitAndRefusedBeyondIt(@ForAll("sizes") int size, @ForAll("limits") int limit)
            throws Exception {
        byte[] body = new byte[size];
        byte[] read = ClientRequestForm.readAtMost(new ByteArrayInputStream(body), limit);
        if (size > limit) {
            assertNull(read, "a body over the limit is refused (413 invalid_request)");
        } else {
            assertArrayEquals(body, read);
        }
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 70_000), Arbitraries.of(4095, 4096, 4097,
                65535, 65536, 65537, 2_000_000));
    }

    @Provide
    Arbitrary<Integer> limits() {
        return Arbitraries.of(1, 4096, 65536);
    }

    @Property(tries = 10)
    void aNullBodyIsAnEmptyOne(@ForAll("limits") int limit) throws Exception {
        assertEquals(0, ClientRequestForm.readAtMost(null, limit).length);
    }
}
