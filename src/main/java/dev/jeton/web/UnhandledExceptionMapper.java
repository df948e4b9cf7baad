package dev.jeton.web;

import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The last line: whatever escapes a resource becomes a JSON error without detail. The stack
 * trace goes to the log, never to the client.
 */
@Provider
public class UnhandledExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(UnhandledExceptionMapper.class.getName());

    @Override
    public Response toResponse(Throwable exception) {
        if (exception instanceof NotAllowedException) {
            // RFC 6749 §3.2 endpoints answer a wrong method as a malformed request
            return OAuthResponses.error(OAuthError.invalidRequest("The HTTP method is not allowed here."));
        }
        if (exception instanceof WebApplicationException web && web.getResponse().getStatus() < 500) {
            int status = web.getResponse().getStatus();
            if (status == 404) {
                return OAuthResponses.noStore(Response.status(404)
                        .entity("{\"error\":\"not_found\"}").type(OAuthResponses.JSON)).build();
            }
            return OAuthResponses.error(OAuthError.invalidRequest("The request could not be processed.")
                    .withStatus(status));
        }
        LOG.log(Level.SEVERE, "unhandled error", exception);
        return OAuthResponses.error(OAuthError.of(OAuthErrorCode.SERVER_ERROR, "The server could not process the request."));
    }
}
