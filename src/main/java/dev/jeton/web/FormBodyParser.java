package dev.jeton.web;

import dev.jeton.request.FormParameters;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Strict {@code application/x-www-form-urlencoded} parsing (RFC 6749 Appendix B): the body must be
 * printable ASCII, every {@code %} must start a valid escape, and the decoded bytes must be
 * UTF-8. Anything else is refused rather than guessed at.
 */
final class FormBodyParser {

    static final class MalformedBodyException extends Exception {
        MalformedBodyException(String message) {
            super(message, null, false, false);
        }
    }

    private FormBodyParser() {
    }

    static FormParameters parse(byte[] body) throws MalformedBodyException {
        for (byte b : body) {
            if (b < 0x20 || b > 0x7E) {
                throw new MalformedBodyException("The body is not application/x-www-form-urlencoded.");
            }
        }
        String text = new String(body, StandardCharsets.US_ASCII);
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        if (text.isEmpty()) {
            return FormParameters.of(pairs);
        }
        for (String segment : text.split("&", -1)) {
            if (segment.isEmpty()) {
                continue;
            }
            int eq = segment.indexOf('=');
            String name = decode(eq < 0 ? segment : segment.substring(0, eq));
            String value = eq < 0 ? "" : decode(segment.substring(eq + 1));
            if (name.isEmpty()) {
                throw new MalformedBodyException("The body has a parameter without a name.");
            }
            pairs.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
        }
        return FormParameters.of(pairs);
    }

    static String decode(String encoded) throws MalformedBodyException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new MalformedBodyException("The body has an incomplete percent-escape.");
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new MalformedBodyException("The body has an invalid percent-escape.");
                }
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedBodyException("The body does not decode as UTF-8.");
        }
    }
}
