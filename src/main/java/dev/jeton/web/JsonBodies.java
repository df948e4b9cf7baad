package dev.jeton.web;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.core.HttpHeaders;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Reads a JSON object request body (RFC 7591 §3.1 metadata, the admin API) within bounds: at
 * most the configured body size and {@link #MAX_DEPTH} levels of nesting. The depth is counted
 * on the streaming parser first, so a body nested thousands of levels deep (RFC 8259 §9 lets a
 * parser limit nesting) never reaches the recursive tree builder: it is a 400, not a 500 with a
 * stack trace in the log. Callers authenticate the request before reading its body.
 */
final class JsonBodies {

    /** Client metadata and user records are at most three levels deep; this leaves room. */
    static final int MAX_DEPTH = 16;
    private static final JsonProvider JSONP = JsonProvider.provider();

    /** Why the body was not read; {@code message} is safe to show. */
    static final class Refused extends Exception {
        final int status;
        /** true when the body was read but is not an acceptable JSON object (the endpoint's own error code). */
        final boolean badContent;

        private Refused(int status, boolean badContent, String message) {
            super(message, null, false, false);
            this.status = status;
            this.badContent = badContent;
        }
    }

    private JsonBodies() {
    }

    static JsonObject readObject(HttpHeaders headers, InputStream body, int maxBytes) throws Refused {
        List<String> types = headers.getRequestHeader(HttpHeaders.CONTENT_TYPE);
        if (types == null || types.size() != 1 || !isJson(types.get(0))) {
            throw new Refused(415, false, "Send the body as application/json.");
        }
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(maxBytes + 1);
        } catch (IOException e) {
            throw new Refused(400, false, "The body could not be read.");
        }
        if (bytes.length > maxBytes) {
            throw new Refused(413, false, "The body is too large.");
        }
        return parseObject(bytes);
    }

    /** One JSON object, nothing after it, nested at most {@link #MAX_DEPTH} deep. */
    static JsonObject parseObject(byte[] bytes) throws Refused {
        try {
            checkShape(bytes);
            try (JsonReader reader = JSONP.createReader(reader(bytes))) {
                return reader.readObject();
            }
        } catch (RuntimeException e) {
            // JsonException, JsonParsingException, IllegalStateException, NoSuchElementException,
            // NumberFormatException: the parser's ways of saying the text is not JSON. The input
            // is the client's; none of them is a server error.
            throw new Refused(400, true, "The body is not a JSON object.");
        }
    }

    private static void checkShape(byte[] bytes) throws Refused {
        try (JsonParser parser = JSONP.createParser(reader(bytes))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new Refused(400, true, "The body is not a JSON object.");
            }
            int depth = 1;
            while (depth > 0) {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> {
                        if (++depth > MAX_DEPTH) {
                            throw new Refused(400, true, "The body is nested more than " + MAX_DEPTH
                                    + " levels deep.");
                        }
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    default -> {
                    }
                }
            }
            if (parser.hasNext()) {
                throw new Refused(400, true, "The body has more than one JSON value.");
            }
        }
    }

    private static InputStreamReader reader(byte[] bytes) {
        return new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8);
    }

    private static boolean isJson(String contentType) {
        String type = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].strip();
        return type.equals("application/json");
    }
}
