package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.config.JetonSettings;
import dev.jeton.error.OAuthError;
import dev.jeton.request.FormEncoding;
import dev.jeton.request.FormParameters;
import dev.jeton.token.TokenEndpoint;
import dev.jeton.token.TokenOutcome;
import dev.jeton.token.TokenRequest;
import dev.jeton.web.openapi.ErrorBody;
import dev.jeton.web.openapi.TokenRequestForm;
import dev.jeton.web.openapi.TokenResponseBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;

/**
 * {@code POST /oauth/token} (RFC 6749 §3.2): HTTP framing only. It checks method, media type
 * and body, lifts the request into a {@link TokenRequest}, calls the core, fires the events the
 * core returns, and renders §5.1 or §5.2.
 */
@Path("/oauth/token")
@ApplicationScoped
@Tag(name = "OAuth 2.0")
public class TokenResource {

    private static final String FORM = MediaType.APPLICATION_FORM_URLENCODED;

    @Inject
    TokenEndpoint endpoint;
    @Inject
    Event<AuditEvent> audit;
    @Inject
    JetonSettings settings;
    @Inject
    Clock clock;

    @POST
    @Operation(operationId = "token", summary = "Token endpoint (RFC 6749 section 3.2)",
            description = "Issues an access token for the client_credentials grant (RFC 6749 section 4.4). The "
                    + "client authenticates with HTTP Basic (client_secret_basic, RFC 6749 section 2.3.1: id and "
                    + "secret form-encoded before Base64) or with client_id and client_secret in the body "
                    + "(client_secret_post). Every response carries Cache-Control: no-store and Pragma: no-cache.")
    @Parameter(name = "Authorization", in = ParameterIn.HEADER, required = false,
            description = "Basic credentials for client_secret_basic.", schema = @Schema(implementation = String.class))
    @RequestBody(required = true, content = @Content(mediaType = FORM,
            schema = @Schema(implementation = TokenRequestForm.class)))
    @APIResponse(responseCode = "200", description = "The token (RFC 6749 section 5.1).",
            headers = {@Header(name = "Cache-Control", description = "Always no-store.",
                    schema = @Schema(implementation = String.class)),
                    @Header(name = "Pragma", description = "Always no-cache.",
                            schema = @Schema(implementation = String.class))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TokenResponseBody.class)))
    @APIResponse(responseCode = "400", description = "invalid_request, invalid_grant, unauthorized_client, "
            + "unsupported_grant_type or invalid_scope (RFC 6749 section 5.2).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "invalid_client: client authentication failed.",
            headers = @Header(name = "WWW-Authenticate", description = "Basic realm=\"jeton\"",
                    schema = @Schema(implementation = String.class)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "413", description = "invalid_request: the body is larger than the limit.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "500", description = "server_error, without detail.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ErrorBody.class)))
    public Response token(@Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServletRequest servlet,
                          InputStream body) {
        var received = clock.instant();
        String address = servlet.getRemoteAddr();
        FramingRefusal refusal = checkFraming(headers, uri);
        if (refusal != null) {
            return refuse(refusal.error(uri), refusal, address);
        }
        FormParameters parameters;
        try {
            byte[] bytes = readAtMost(body, settings.maxBodyBytes());
            if (bytes == null) {
                return refuse(OAuthError.invalidRequest("The request body is too large.").withStatus(413),
                        FramingRefusal.BODY_TOO_LARGE, address);
            }
            parameters = FormEncoding.parse(bytes);
        } catch (FormEncoding.MalformedFormException e) {
            return refuse(OAuthError.invalidRequest(e.getMessage()), FramingRefusal.MALFORMED_BODY, address);
        } catch (IOException e) {
            return refuse(OAuthError.invalidRequest("The request body could not be read."),
                    FramingRefusal.MALFORMED_BODY, address);
        }
        TokenRequest request = new TokenRequest(parameters, headers.getHeaderString(HttpHeaders.AUTHORIZATION),
                uri.getRequestUri(), address, received);
        TokenOutcome outcome = endpoint.process(request);
        outcome.events().forEach(audit::fire);
        if (outcome instanceof TokenOutcome.Issued issued) {
            return OAuthResponses.success(issued.response());
        }
        return OAuthResponses.error(((TokenOutcome.Denied) outcome).error());
    }

    /** RFC 6749 §3.2: the client MUST use POST; anything else is a malformed request. */
    @GET
    @Operation(hidden = true)
    public Response get(@Context HttpServletRequest servlet) {
        return wrongMethod(servlet);
    }

    @PUT
    @Operation(hidden = true)
    public Response put(@Context HttpServletRequest servlet) {
        return wrongMethod(servlet);
    }

    @DELETE
    @Operation(hidden = true)
    public Response delete(@Context HttpServletRequest servlet) {
        return wrongMethod(servlet);
    }

    @PATCH
    @Operation(hidden = true)
    public Response patch(@Context HttpServletRequest servlet) {
        return wrongMethod(servlet);
    }

    @OPTIONS
    @Operation(hidden = true)
    public Response options(@Context HttpServletRequest servlet) {
        return wrongMethod(servlet);
    }

    private Response wrongMethod(HttpServletRequest servlet) {
        return refuse(OAuthError.invalidRequest("The token endpoint accepts only POST."), FramingRefusal.WRONG_METHOD,
                servlet.getRemoteAddr());
    }

    /** A request refused before the core saw it is a denial too, and is audited as one. */
    private Response refuse(OAuthError error, FramingRefusal reason, String address) {
        audit.fire(AuditEvent.failure(AuditEventName.TOKEN_DENIED, clock.instant(), null, null,
                error.code().wireValue(), reason.name(), address));
        return OAuthResponses.error(error);
    }

    /**
     * Media type, parameters in the query string (RFC 6749 §3.2: parameters go in the body;
     * query-string credentials end up in logs), and more than one Authorization header.
     */
    static FramingRefusal checkFraming(HttpHeaders headers, UriInfo uri) {
        List<String> contentTypes = headers.getRequestHeader(HttpHeaders.CONTENT_TYPE);
        if (contentTypes == null || contentTypes.size() != 1 || !FormMediaType.matches(contentTypes.get(0))) {
            return FramingRefusal.WRONG_MEDIA_TYPE;
        }
        if (uri.getRequestUri().getRawQuery() != null) {
            return FramingRefusal.QUERY_PARAMETERS;
        }
        List<String> authorization = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.size() > 1) {
            return FramingRefusal.REPEATED_AUTHORIZATION;
        }
        return null;
    }

    /** The body, or null when it is longer than {@code limit}. */
    static byte[] readAtMost(InputStream in, int limit) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        byte[] bytes = in.readNBytes(limit + 1);
        return bytes.length > limit ? null : bytes;
    }
}
