package dev.jeton.web;

import dev.jeton.error.OAuthError;
import dev.jeton.request.FormParameters;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import java.io.InputStream;
import java.util.List;
import java.util.Set;

/**
 * The framing shared by the endpoints where clients authenticate with form parameters
 * (introspection, revocation): a form body read strictly, no parameter in the query string
 * (credentials there end up in logs), no parameter twice, at most one Authorization header.
 */
final class ClientRequestForm {

    /** Why the request was refused before anything else looked at it. */
    static final class Refused extends Exception {
        final OAuthError error;

        Refused(OAuthError error) {
            super(error.description(), null, false, false);
            this.error = error;
        }
    }

    private ClientRequestForm() {
    }

    static FormParameters read(HttpHeaders headers, UriInfo uri, InputStream body, int limit) throws Refused {
        FormParameters parameters;
        try {
            parameters = FormBody.read(headers, body, limit);
        } catch (FormBody.Refused e) {
            throw new Refused(OAuthError.invalidRequest(e.getMessage()).withStatus(e.status));
        }
        if (uri.getRequestUri().getRawQuery() != null) {
            throw new Refused(OAuthError.invalidRequest("Parameters go in the request body, not the query string."));
        }
        List<String> authorization = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.size() > 1) {
            throw new Refused(OAuthError.invalidRequest("Send at most one Authorization header."));
        }
        if (parameters.firstRepeated(Set.of()).isPresent()) {
            throw new Refused(OAuthError.invalidRequest("A parameter was sent more than once."));
        }
        return parameters;
    }

    /** The one Authorization header, or null. */
    static String authorization(HttpHeaders headers) {
        List<String> authorization = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        return authorization == null || authorization.isEmpty() ? null : authorization.get(0);
    }

    static boolean isBearer(String authorization) {
        return authorization != null && authorization.strip().regionMatches(true, 0, "Bearer ", 0, 7);
    }
}
