package dev.jeton.web;

import dev.jeton.request.FormEncoding;
import dev.jeton.request.FormParameters;
import jakarta.ws.rs.core.HttpHeaders;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads the form body of a browser POST (or the query of a GET) with the same strict decoding
 * as the token endpoint (RFC 6749 Appendix B): printable ASCII, valid escapes, UTF-8.
 */
final class FormBody {

    /** Why a form could not be read; {@code message} is safe to show. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private FormBody() {
    }

    static FormParameters read(HttpHeaders headers, InputStream body, int limit) throws Refused {
        List<String> types = headers.getRequestHeader(HttpHeaders.CONTENT_TYPE);
        if (types == null || types.size() != 1 || !FormMediaType.matches(types.get(0))) {
            throw new Refused(415, "The form was not sent as application/x-www-form-urlencoded.");
        }
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(limit + 1);
        } catch (IOException e) {
            throw new Refused(400, "The form could not be read.");
        }
        if (bytes.length > limit) {
            throw new Refused(413, "The form is too large.");
        }
        return parse(bytes);
    }

    /** A raw (still encoded) query string; null is an empty one. */
    static FormParameters query(String rawQuery) throws Refused {
        return parse(rawQuery == null ? new byte[0] : rawQuery.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static FormParameters parse(byte[] bytes) throws Refused {
        try {
            return FormEncoding.parse(bytes);
        } catch (FormEncoding.MalformedFormException e) {
            throw new Refused(400, "The request's parameters are not correctly encoded.");
        }
    }
}
