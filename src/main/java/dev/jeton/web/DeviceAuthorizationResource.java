package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.config.JetonSettings;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.grant.devicecode.DeviceAuthorizationEndpoint;
import dev.jeton.grant.devicecode.DeviceAuthorizationOutcome;
import dev.jeton.request.FormParameters;
import dev.jeton.vocabulary.GrantType;
import dev.jeton.token.TokenRequest;
import dev.jeton.web.openapi.DeviceAuthorizationRequestForm;
import dev.jeton.web.openapi.DeviceAuthorizationResponseBody;
import dev.jeton.web.openapi.ErrorBody;
import dev.jeton.web.openapi.OpenApiRefs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
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
import java.util.Map;

/**
 * {@code POST /oauth/device_authorization} (RFC 8628 §3.1, §3.2): HTTP framing only, read by the
 * token endpoint's {@link ClientRequestForm}.
 */
@Path("/oauth/device_authorization")
@ApplicationScoped
@Tag(name = "OAuth 2.0")
public class DeviceAuthorizationResource {

    private static final JsonProvider JSONP = JsonProvider.provider();
    private static final String FORM = MediaType.APPLICATION_FORM_URLENCODED;

    @Inject
    ClientCertificates certificates;
    @Inject
    DeviceAuthorizationEndpoint endpoint;
    @Inject
    StateChanges changes;
    @Inject
    Event<AuditEvent> audit;
    @Inject
    JetonSettings settings;
    @Inject
    Clock clock;

    @POST
    @Operation(operationId = "deviceAuthorization", summary = "Device authorization endpoint (RFC 8628 section 3.1)",
            description = "A device without a browser asks for a device code and a user code; the user enters the "
                    + "code at verification_uri (or opens verification_uri_complete), signs in and approves, while "
                    + "the device polls the token endpoint with grant_type "
                    + "urn:ietf:params:oauth:grant-type:device_code. Clients authenticate as at the token endpoint; "
                    + "public clients send client_id. Responses carry Cache-Control: no-store.")
    @Parameter(name = "Authorization", in = ParameterIn.HEADER, required = false,
            description = "Basic credentials for client_secret_basic.", schema = @Schema(implementation = String.class))
    @RequestBody(required = true, content = @Content(mediaType = FORM,
            schema = @Schema(implementation = DeviceAuthorizationRequestForm.class)))
    @APIResponse(responseCode = "200", description = "The codes (RFC 8628 section 3.2).",
            headers = @Header(name = "Cache-Control", description = "Always no-store.",
                    schema = @Schema(implementation = String.class)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeviceAuthorizationResponseBody.class)))
    @APIResponse(responseCode = "400", description = "invalid_request, unauthorized_client or invalid_scope.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "401", description = "invalid_client: client authentication failed.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "429", ref = OpenApiRefs.OAUTH_429)
    @APIResponse(responseCode = "500", description = "server_error, without detail.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ErrorBody.class)))
    public Response authorize(@Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServletRequest servlet,
                              InputStream body) {
        var received = clock.instant();
        String address = servlet.getRemoteAddr();
        FormParameters parameters;
        try {
            parameters = ClientRequestForm.read(headers, uri, body, settings.maxBodyBytes(),
                    ClientRequestForm.NotAForm.BAD_REQUEST);
        } catch (ClientRequestForm.Refused refused) {
            return refuse(refused.error, refused.reason, address);
        }
        TokenRequest request = new TokenRequest(parameters, ClientRequestForm.authorization(headers),
                uri.getRequestUri(), address, received, java.util.List.of(), servlet.getMethod(), null,
                certificates.of(servlet).orElse(null), null);
        // the device code and its events commit together (AuditedTransaction)
        DeviceAuthorizationOutcome outcome = changes.commit(() -> endpoint.process(request),
                DeviceAuthorizationOutcome::events, o -> o instanceof DeviceAuthorizationOutcome.Denied denied
                        && denied.error().code() == OAuthErrorCode.SERVER_ERROR,
                () -> endpoint.serverFault(request));
        if (outcome instanceof DeviceAuthorizationOutcome.Started started) {
            JsonObjectBuilder json = JSONP.createObjectBuilder();
            for (Map.Entry<String, Object> member : started.response().members().entrySet()) {
                if (member.getValue() instanceof Long n) {
                    json.add(member.getKey(), n);
                } else {
                    json.add(member.getKey(), String.valueOf(member.getValue()));
                }
            }
            return OAuthResponses.noStore(Response.ok(json.build().toString(), OAuthResponses.JSON)).build();
        }
        return OAuthResponses.error(((DeviceAuthorizationOutcome.Denied) outcome).error());
    }

    /** RFC 8628 §3.1: the client makes a POST. */
    @GET
    @Operation(hidden = true)
    public Response get(@Context HttpServletRequest servlet) {
        return refuse(OAuthError.invalidRequest("The device authorization endpoint accepts only POST."),
                FramingRefusal.WRONG_METHOD, servlet.getRemoteAddr());
    }

    private Response refuse(OAuthError error, FramingRefusal reason, String address) {
        audit.fire(AuditEvent.failure(AuditEventName.DEVICE_AUTHORIZATION_REFUSED, clock.instant(), null,
                GrantType.DEVICE_CODE.wireValue(), error.code().wireValue(), reason.name(), address));
        return OAuthResponses.error(error);
    }
}
