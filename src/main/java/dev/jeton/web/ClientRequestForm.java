package dev.jeton.web;

import dev.jeton.error.OAuthError;
import dev.jeton.request.FormEncoding;
import dev.jeton.request.FormParameters;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

/**
 * The one reader of a client's form POST (token, device authorization, PAR, introspection,
 * revocation): exactly one Content-Type and it is a form (RFC 6749 Appendix B), no parameter in
 * the query string (RFC 6749 §3.2: parameters go in the body; query-string credentials end up in
 * logs), at most one Authorization header, a body no longer than the limit, strict decoding.
 * Each check is made before the body is read, the size before it is decoded.
 */
final class ClientRequestForm {

    /** Why the request was refused before anything else looked at it: the audit reason and the answer. */
    static final class Refused extends Exception {
        final FramingRefusal reason;
        final OAuthError error;

        Refused(FramingRefusal reason, OAuthError error) {
            super(error.description(), null, false, false);
            this.reason = reason;
            this.error = error;
        }
    }

    /**
     * How an endpoint answers a body that is not a form. RFC 6749 §5.2 makes every malformed
     * token request (and RFC 8628 §3.1 every device authorization request) a 400
     * {@code invalid_request}; the endpoints that only borrow its error format (PAR, introspection,
     * revocation) have always answered 415, the HTTP status for it (RFC 9110 §15.5.16).
     */
    enum NotAForm {
        BAD_REQUEST(400, "The body must be application/x-www-form-urlencoded."),
        UNSUPPORTED_MEDIA_TYPE(415, "The form was not sent as application/x-www-form-urlencoded.");

        private final int status;
        private final String description;

        NotAForm(int status, String description) {
            this.status = status;
            this.description = description;
        }
    }

    private ClientRequestForm() {
    }

    /** The form's parameters; a parameter may repeat (the core decides which may, RFC 6749 §3.1). */
    static FormParameters read(HttpHeaders headers, UriInfo uri, InputStream body, int limit, NotAForm notAForm)
            throws Refused {
        List<String> contentTypes = headers.getRequestHeader(HttpHeaders.CONTENT_TYPE);
        if (contentTypes == null || contentTypes.size() != 1 || !FormMediaType.matches(contentTypes.get(0))) {
            throw new Refused(FramingRefusal.WRONG_MEDIA_TYPE,
                    OAuthError.invalidRequest(notAForm.description).withStatus(notAForm.status));
        }
        if (uri.getRequestUri().getRawQuery() != null) {
            String names = String.join(", ", uri.getQueryParameters().keySet());
            throw new Refused(FramingRefusal.QUERY_PARAMETERS, OAuthError.invalidRequest(
                    "Parameters are not accepted in the query string" + (names.isEmpty() ? "." : ": " + names + ".")));
        }
        List<String> authorization = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.size() > 1) {
            throw new Refused(FramingRefusal.REPEATED_AUTHORIZATION,
                    OAuthError.invalidRequest("More than one Authorization header was sent."));
        }
        try {
            byte[] bytes = readAtMost(body, limit);
            if (bytes == null) {
                throw new Refused(FramingRefusal.BODY_TOO_LARGE,
                        OAuthError.invalidRequest("The request body is too large.").withStatus(413));
            }
            return FormEncoding.parse(bytes);
        } catch (FormEncoding.MalformedFormException e) {
            throw new Refused(FramingRefusal.MALFORMED_BODY, OAuthError.invalidRequest(e.getMessage()));
        } catch (IOException e) {
            throw new Refused(FramingRefusal.MALFORMED_BODY,
                    OAuthError.invalidRequest("The request body could not be read."));
        }
    }

    /** As {@link #read}, for endpoints none of whose parameters may repeat (RFC 7009 §2.1, RFC 7662 §2.1). */
    static FormParameters readSingleValued(HttpHeaders headers, UriInfo uri, InputStream body, int limit)
            throws Refused {
        FormParameters parameters = read(headers, uri, body, limit, NotAForm.UNSUPPORTED_MEDIA_TYPE);
        if (parameters.firstRepeated(Set.of()).isPresent()) {
            throw new Refused(FramingRefusal.REPEATED_PARAMETER,
                    OAuthError.invalidRequest("A parameter was sent more than once."));
        }
        return parameters;
    }

    /** The body, or null when it is longer than {@code limit} (read up to limit + 1 bytes, no further). */
    static byte[] readAtMost(InputStream in, int limit) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }

    /** The one Authorization header (the reader refused more than one), or null. */
    static String authorization(HttpHeaders headers) {
        List<String> authorization = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        return authorization == null || authorization.isEmpty() ? null : authorization.get(0);
    }

    static boolean isBearer(String authorization) {
        return authorization != null && authorization.strip().regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /** An access token by either scheme our protected endpoints take: Bearer (RFC 6750 §2.1) or DPoP (RFC 9449 §7.1). */
    static boolean isAccessToken(String authorization) {
        return isBearer(authorization) || (authorization != null
                && authorization.strip().regionMatches(true, 0, "DPoP ", 0, 5));
    }
}
