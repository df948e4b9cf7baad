package dev.jeton.client.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one HTTP/1.1 response (RFC 9112) strictly and with limits: status line, at most 100
 * header fields of at most 8 KB each, and a body framed by {@code Content-Length}, by chunked
 * transfer coding or by the end of the connection, never more than the caller's limit. Only a 200
 * answer yields a body: a redirect or any other status is refused before its body is read. For a POST only the
 * status is read ({@link #status}).
 */
final class Http11Response {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] ([1-5][0-9][0-9])(?: .*)?");
    private static final Pattern FIELD_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final int MAX_LINE = 8192;
    private static final int MAX_FIELDS = 100;

    private Http11Response() {
    }

    static Fetched read(InputStream in, int maxBytes) throws IOException, FetchRefused {
        int status = finalStatus(in);
        Map<String, String> headers = fields(in);
        Instant received = Instant.now();
        if (status / 100 == 3) {
            throw new FetchRefused(FetchRefused.Reason.REDIRECT, "the server answered with a redirect (" + status
                    + "); redirects are not followed");
        }
        if (status != 200) {
            throw new FetchRefused(FetchRefused.Reason.BAD_STATUS, "the server answered " + status);
        }
        String transferEncoding = headers.get("transfer-encoding");
        byte[] body;
        if (transferEncoding != null) {
            if (!transferEncoding.strip().equalsIgnoreCase("chunked")) {
                throw malformed("unsupported transfer coding");
            }
            body = chunked(in, maxBytes);
        } else if (headers.containsKey("content-length")) {
            body = sized(in, contentLength(headers.get("content-length"), maxBytes));
        } else {
            body = untilClose(in, maxBytes);
        }
        return new Fetched(headers, body, received);
    }

    /**
     * The status of the final answer and its header section, checked like {@link #read}'s; the body is left
     * unread (the connection is closed after one exchange anyway).
     */
    static int status(InputStream in) throws IOException, FetchRefused {
        int status = finalStatus(in);
        fields(in);
        return status;
    }

    /** Reads status lines up to the final one's (interim 1xx answers, RFC 9110 §15.2, are skipped). */
    private static int finalStatus(InputStream in) throws IOException, FetchRefused {
        while (true) {
            Matcher m = STATUS_LINE.matcher(line(in));
            if (!m.matches()) {
                throw malformed("the status line is not HTTP/1.1");
            }
            int status = Integer.parseInt(m.group(1));
            if (status / 100 != 1) {
                return status;
            }
            skipFields(in); // an interim answer: the real one follows
        }
    }

    private static long contentLength(String value, int maxBytes) throws FetchRefused {
        if (!value.strip().matches("[0-9]{1,18}")) {
            throw malformed("Content-Length is not a number");
        }
        long length = Long.parseLong(value.strip());
        if (length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return length;
    }

    private static byte[] sized(InputStream in, long length) throws IOException, FetchRefused {
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw malformed("the body ended before Content-Length");
        }
        return body;
    }

    private static byte[] untilClose(InputStream in, int maxBytes) throws IOException, FetchRefused {
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return body;
    }

    /** RFC 9112 §7.1. */
    private static byte[] chunked(InputStream in, int maxBytes) throws IOException, FetchRefused {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip();
            if (!hex.matches("[0-9A-Fa-f]{1,8}")) {
                throw malformed("a chunk size is not hexadecimal");
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                skipFields(in); // trailer section
                return body.toByteArray();
            }
            if (body.size() + size > maxBytes) {
                throw tooLarge(maxBytes);
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length < size) {
                throw malformed("a chunk ended early");
            }
            body.write(chunk);
            if (!line(in).isEmpty()) {
                throw malformed("a chunk is not followed by CRLF");
            }
        }
    }

    private static Map<String, String> fields(InputStream in) throws IOException, FetchRefused {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int n = 0; ; n++) {
            String line = line(in);
            if (line.isEmpty()) {
                return headers;
            }
            if (n >= MAX_FIELDS) {
                throw malformed("too many header fields");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !FIELD_NAME.matcher(line.substring(0, colon)).matches()) {
                // also refuses obsolete line folding (RFC 9112 §5.2): a line that starts with white space
                throw malformed("a header field is malformed");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            String previous = headers.putIfAbsent(name, value);
            if (previous != null && name.equals("content-length") && !previous.equals(value)) {
                throw malformed("conflicting Content-Length fields"); // RFC 9112 §6.3 (5)
            }
            if (previous != null && name.equals("transfer-encoding")) {
                headers.put(name, previous + ", " + value);
            }
        }
    }

    private static void skipFields(InputStream in) throws IOException, FetchRefused {
        fields(in);
    }

    /** A line ending in CRLF (a bare LF is tolerated, RFC 9112 §2.2), as ISO-8859-1, without the ending. */
    private static String line(InputStream in) throws IOException, FetchRefused {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw malformed("the connection closed in the middle of the answer");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) {
                throw malformed("a line of the answer is too long");
            }
            line.write(b);
        }
    }

    private static FetchRefused malformed(String message) {
        return new FetchRefused(FetchRefused.Reason.MALFORMED_RESPONSE, "the answer is not valid HTTP/1.1: "
                + message);
    }

    private static FetchRefused tooLarge(int maxBytes) {
        return new FetchRefused(FetchRefused.Reason.TOO_LARGE, "the document is larger than " + maxBytes + " bytes");
    }
}
