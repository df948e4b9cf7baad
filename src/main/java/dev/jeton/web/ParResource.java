package dev.jeton.web;

import dev.jeton.web.openapi.OpenApiRefs;
import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.authorize.PushedAuthorizations;
import dev.jeton.client.ClientAuthRequest;
import dev.jeton.config.JetonSettings;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.request.FormParameters;
import dev.jeton.web.openapi.ParResponseBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
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

import java.io.InputStream;
import java.time.Clock;
import java.util.List;

/**
 * {@code POST /oauth/par} (RFC 9126 §2): HTTP framing only, as strict as the token endpoint (one
 * media type, nothing in the query, a size limit, strict form decoding); the client authenticates
 * exactly as there. The core decides; this class renders 201 or the §2.3 error.
 */
@Path("/oauth/par")
@ApplicationScoped
@Tag(name = "OAuth 2.0")
public class ParResource {

    private static final JsonProvider JSONP = JsonProvider.provider();
    private static final String FORM = MediaType.APPLICATION_FORM_URLENCODED;

    @Inject
    ClientCertificates certificates;
    @Inject
    PushedAuthorizations pushed;
    @Inject
    StateChanges changes;
    @Inject
    Event<AuditEvent> audit;
    @Inject
    JetonSettings settings;
    @Inject
    Clock clock;

    @POST
    @Operation(operationId = "pushAuthorizationRequest", summary = "Pushed authorization request (RFC 9126)",
            description = "Takes the parameters of an authorization request (or a signed request object in "
                    + "'request', RFC 9101) from an authenticated client, validates them as the authorization "
                    + "endpoint would, and answers a request_uri (spent when its authorization completes) to send "
                    + "the user's browser to "
                    + "/oauth/authorize with client_id and request_uri. The client authenticates as at the token "
                    + "endpoint (client_secret_basic, client_secret_post, private_key_jwt; public clients name "
                    + "their client_id). resource (RFC 8707) may repeat, and be an array of strings in a request "
                    + "object; a resource that is malformed or not allowed to the client is invalid_target.")
    @Parameter(name = "DPoP", in = ParameterIn.HEADER, required = false, description = "A DPoP proof (RFC 9449 "
            + "section 10.1): the code will be bound to its key, as dpop_jkt binds it; with both, they must name "
            + "the same key (else invalid_dpop_proof).", schema = @Schema(implementation = String.class))
    @Parameter(name = "Authorization", in = ParameterIn.HEADER, required = false,
            description = "Basic credentials for client_secret_basic.", schema = @Schema(implementation = String.class))
    @RequestBody(required = true, content = @Content(mediaType = FORM,
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.OBJECT,
                    description = "Authorization request parameters (RFC 6749 section 4.1.1, OIDC Core section "
                            + "3.1.2.1) or 'request', plus client authentication.")))
    @APIResponse(responseCode = "201", description = "The request_uri and its lifetime (RFC 9126 section 2.2).",
            headers = @Header(name = "Cache-Control", description = "Always no-store.",
                    schema = @Schema(implementation = String.class)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ParResponseBody.class)))
    @APIResponse(responseCode = "400", description = "invalid_request, invalid_scope, unauthorized_client, "
            + "invalid_request_object (RFC 9126 section 2.3), invalid_dpop_proof or use_dpop_nonce (RFC 9449).",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = OpenApiRefs.ERROR)))
    @APIResponse(responseCode = "401", description = "invalid_client: client authentication failed.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = OpenApiRefs.ERROR)))
    @APIResponse(responseCode = "429", ref = OpenApiRefs.OAUTH_429)
    @APIResponse(responseCode = "413", description = "invalid_request: the body is larger than the limit.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = OpenApiRefs.ERROR)))
    @APIResponse(responseCode = "415", description = "invalid_request: the body is not a form.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = OpenApiRefs.ERROR)))
    public Response push(@Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServletRequest servlet,
                         InputStream body) {
        String address = servlet.getRemoteAddr();
        FormParameters parameters;
        try {
            parameters = ClientRequestForm.read(headers, uri, body, settings.maxBodyBytes(),
                    ClientRequestForm.NotAForm.UNSUPPORTED_MEDIA_TYPE);
        } catch (ClientRequestForm.Refused refused) {
            return refuse(refused.error, refused.reason.name(), address);
        }
        ClientAuthRequest request = new ClientAuthRequest(parameters, ClientRequestForm.authorization(headers),
                uri.getRequestUri(), clock.instant(), certificates.of(servlet).orElse(null));
        // the pushed request and its events commit together (AuditedTransaction)
        // RFC 9449 §10.1: a DPoP proof binds the pushed request's code to its key
        List<String> proofs = DpopHeaders.values(headers);
        PushedAuthorizations.PushOutcome outcome = changes.commit(() -> pushed.push(request, proofs, address),
                PushedAuthorizations.PushOutcome::events, ParResource::faulted,
                () -> pushed.serverFault(request, address));
        if (outcome instanceof PushedAuthorizations.PushOutcome.Created created) {
            String json = JSONP.createObjectBuilder().add("request_uri", created.requestUri())
                    .add("expires_in", created.expiresIn()).build().toString();
            return OAuthResponses.noStore(Response.status(201).entity(json).type(OAuthResponses.JSON)).build();
        }
        return OAuthResponses.error(((PushedAuthorizations.PushOutcome.Denied) outcome).error());
    }

    private static boolean faulted(PushedAuthorizations.PushOutcome outcome) {
        return outcome instanceof PushedAuthorizations.PushOutcome.Denied denied
                && denied.error().code() == OAuthErrorCode.SERVER_ERROR;
    }

    private Response refuse(OAuthError error, String reason, String address) {
        audit.fire(AuditEvent.failure(AuditEventName.PAR_DENIED, clock.instant(), null, null,
                error.code().wireValue(), reason, address));
        return OAuthResponses.error(error);
    }
}
