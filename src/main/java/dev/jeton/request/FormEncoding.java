package dev.jeton.request;

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
 * Strict {@code application/x-www-form-urlencoded} decoding (RFC 6749 Appendix B), for request
 * bodies and for the credentials inside a Basic header (§2.3.1): the text must be printable
 * ASCII, every {@code %} must start a valid escape, and the decoded bytes must be UTF-8.
 * Anything else is refused rather than guessed at, so two different byte strings never decode
 * to the same value.
 */
public final class FormEncoding {

    public static final class MalformedFormException extends Exception {
        MalformedFormException(String message) {
            super(message, null, false, false);
        }
    }

    private FormEncoding() {
    }

    public static FormParameters parse(byte[] body) throws MalformedFormException {
        for (byte b : body) {
            if (b < 0x20 || b > 0x7E) {
                throw new MalformedFormException("The body is not application/x-www-form-urlencoded.");
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
                throw new MalformedFormException("The body has a parameter without a name.");
            }
            pairs.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
        }
        return FormParameters.of(pairs);
    }

    public static String decode(String encoded) throws MalformedFormException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new MalformedFormException("The text is not form-encoded.");
            }
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    throw new MalformedFormException("The body has an incomplete percent-escape.");
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new MalformedFormException("The body has an invalid percent-escape.");
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
            throw new MalformedFormException("The body does not decode as UTF-8.");
        }
    }
}
