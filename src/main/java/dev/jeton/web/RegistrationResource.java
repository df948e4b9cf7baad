package dev.jeton.web;

import dev.jeton.web.openapi.OpenApiRefs;
import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.registration.ClientRegistration;
import dev.jeton.client.registration.RegistrationError;
import dev.jeton.config.JetonSettings;
import dev.jeton.lifecycle.LifecycleSettings;
import dev.jeton.web.openapi.RegistrationErrorBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Dynamic client registration (RFC 7591) at {@code /oauth/register} and client management
 * (RFC 7592) at {@code /oauth/register/{client_id}}: HTTP framing around {@link ClientRegistration}.
 * Registering needs an initial access token (RFC 7591 §3: one of our access tokens with the
 * registration scope) unless the operator opened registration; management needs the client's
 * registration access token.
 */
@Path("/oauth/register")
@ApplicationScoped
@Tag(name = "Client registration")
public class RegistrationResource {

    private static final JsonProvider JSONP = JsonProvider.provider();
    private static final String JSON = MediaType.APPLICATION_JSON;

    @Inject
    ClientRegistration registration;
    @Inject
    BearerAuthentication bearer;
    @Inject
    LifecycleSettings lifecycle;
    @Inject
    JetonSettings settings;
    @Inject
    StateChanges changes;
    @Inject
    Event<AuditEvent> audit;
    @Inject
    Clock clock;

    @POST
    @Operation(operationId = "register", summary = "Register a client (RFC 7591)",
            description = "Creates a client from its metadata. Needs Authorization: Bearer with an access token from "
                    + "this server's token endpoint carrying the registration scope (jeton.register by default), "
                    + "unless jeton.registration.open is true. The client secret and the registration access token "
                    + "are in this response only.")
    @Parameter(name = "Authorization", in = ParameterIn.HEADER, required = false,
            description = "Bearer initial access token.", schema = @Schema(implementation = String.class))
    @RequestBody(required = true, content = @Content(mediaType = JSON,
            schema = @Schema(ref = "ClientMetadata")))
    @APIResponse(responseCode = "201", description = "The client information response (RFC 7591 section 3.2.1).",
            headers = @Header(name = "Cache-Control", description = "Always no-store.",
                    schema = @Schema(implementation = String.class)),
            content = @Content(mediaType = JSON, schema = @Schema(ref = "ClientMetadata")))
    @APIResponse(responseCode = "400", description = "invalid_redirect_uri or invalid_client_metadata "
            + "(RFC 7591 section 3.2.2).",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = RegistrationErrorBody.class)))
    @APIResponse(responseCode = "401", description = "No or an invalid initial access token "
            + "(WWW-Authenticate: Bearer).", headers = @Header(name = "WWW-Authenticate",
            schema = @Schema(implementation = String.class)),
            content = @Content(mediaType = JSON, schema = @Schema(implementation = RegistrationErrorBody.class)))
    @APIResponse(responseCode = "403", description = "insufficient_scope: the token lacks the registration scope.",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = RegistrationErrorBody.class)))
    @APIResponse(responseCode = "413", description = "invalid_request: the body is larger than the limit.",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = RegistrationErrorBody.class)))
    @APIResponse(responseCode = "415", description = "invalid_request: the body is not application/json.",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = RegistrationErrorBody.class)))
    public Response register(@Context HttpHeaders headers, @Context HttpServletRequest servlet, InputStream body) {
        Instant now = clock.instant();
        String address = servlet.getRemoteAddr();
        if (!lifecycle.registrationOpen()) {
            BearerAuthentication.Result access = bearer.check(headers, lifecycle.registrationScope());
            if (access instanceof BearerAuthentication.Result.Refused refused) {
                audit.fire(AuditEvent.failure(AuditEventName.REGISTRATION_DENIED, now, null, null, "invalid_token",
                        "NO_INITIAL_ACCESS_TOKEN", address));
                return refused.response();
            }
        }
        Object input = readJson(headers, body);
        if (input instanceof Response refusal) {
            return refusal;
        }
        // before the transaction: a sector_identifier_uri is fetched (OIDC Registration §5) with no connection held
        var validated = registration.validate((JsonObject) input);
        return render(commit(() -> registration.register(validated, now, address), null, now, address));
    }

    @GET
    @Path("{clientId}")
    @Operation(operationId = "readRegistration", summary = "Read a client's registration (RFC 7592 section 2.1)")
    @Parameter(name = "Authorization", in = ParameterIn.HEADER, required = true,
            description = "Bearer registration access token.", schema = @Schema(implementation = String.class))
    @APIResponse(responseCode = "200", description = "The client information response, without the client secret.",
            content = @Content(mediaType = JSON, schema = @Schema(ref = "ClientMetadata")))
    @APIResponse(responseCode = "401", description = "invalid_token: no, or not this client's, registration token.",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = RegistrationErrorBody.class)))
    public Response read(@Context HttpHeaders headers, @Context HttpServletRequest servlet,
                         @PathParam("clientId") String clientId) {
        return render(recorded(registration.read(clientId, registrationToken(headers), clock.instant(),
                servlet.getRemoteAddr())));
    }

    @PUT
    @Path("{clientId}")
    @Operation(operationId = "updateRegistration", summary = "Replace a client's metadata (RFC 7592 section 2.2)",
            description = "The body is the complete metadata, with the client's own client_id.")
    @Parameter(name = "Authorization", in = ParameterIn.HEADER, required = true,
            description = "Bearer registration access token.", schema = @Schema(implementation = String.class))
    @RequestBody(required = true, content = @Content(mediaType = JSON,
            schema = @Schema(ref = "ClientMetadata")))
    @APIResponse(responseCode = "200", description = "The client information response.",
            content = @Content(mediaType = JSON, schema = @Schema(ref = "ClientMetadata")))
    @APIResponse(responseCode = "400", description = "invalid_redirect_uri or invalid_client_metadata.",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = RegistrationErrorBody.class)))
    @APIResponse(responseCode = "401", description = "invalid_token.",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = RegistrationErrorBody.class)))
    @APIResponse(responseCode = "415", description = "invalid_request: the body is not application/json.",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = RegistrationErrorBody.class)))
    public Response update(@Context HttpHeaders headers, @Context HttpServletRequest servlet,
                           @PathParam("clientId") String clientId, InputStream body) {
        Instant now = clock.instant();
        String token = registrationToken(headers);
        String address = servlet.getRemoteAddr();
        // authenticate before the body is read: an anonymous caller gets no JSON parsed
        Optional<ClientRegistration.Outcome> refused = registration.refusal(clientId, token, now, address);
        if (refused.isPresent()) {
            return render(recorded(refused.get()));
        }
        Object input = readJson(headers, body);
        if (input instanceof Response refusal) {
            return refusal;
        }
        var validated = registration.validate((JsonObject) input);
        return render(commit(() -> registration.update(clientId, token, (JsonObject) input, validated, now, address),
                clientId, now, address));
    }

    @DELETE
    @Path("{clientId}")
    @Operation(operationId = "deleteRegistration", summary = "Delete a client (RFC 7592 section 2.3)",
            description = "The client can no longer authenticate; every grant it holds is revoked.")
    @Parameter(name = "Authorization", in = ParameterIn.HEADER, required = true,
            description = "Bearer registration access token.", schema = @Schema(implementation = String.class))
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "401", description = "invalid_token.",
            content = @Content(mediaType = JSON, schema = @Schema(implementation = RegistrationErrorBody.class)))
    public Response delete(@Context HttpHeaders headers, @Context HttpServletRequest servlet,
                           @PathParam("clientId") String clientId) {
        Instant now = clock.instant();
        String address = servlet.getRemoteAddr();
        String token = registrationToken(headers);
        return render(commit(() -> registration.delete(clientId, token, now, address), clientId, now, address));
    }

    /** The Bearer value of the one Authorization header, or null. */
    private static String registrationToken(HttpHeaders headers) {
        List<String> values = headers.getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (values == null || values.size() != 1 || !ClientRequestForm.isBearer(values.get(0))) {
            return null;
        }
        return values.get(0).strip().substring(7).strip();
    }

    /** The JSON object of the body (bounded in size and depth), or the response refusing it. */
    private Object readJson(HttpHeaders headers, InputStream body) {
        try {
            return JsonBodies.readObject(headers, body, settings.maxBodyBytes());
        } catch (JsonBodies.Refused refused) {
            // RFC 7591 §3.2.2: metadata that is not a usable JSON object is invalid_client_metadata
            return error(refused.badContent ? RegistrationError.invalidMetadata(refused.getMessage())
                    : new RegistrationError("invalid_request", refused.getMessage(), refused.status));
        }
    }

    /** A change of the registry commits with its audit event (AuditedTransaction), or neither does. */
    private ClientRegistration.Outcome commit(Supplier<ClientRegistration.Outcome> change, String clientId,
                                              Instant now, String address) {
        return changes.commit(change, RegistrationResource::events, outcome -> outcome.status() >= 500,
                () -> registration.serverFault(clientId, now, address));
    }

    /** An outcome that changed nothing: its event is recorded on its own. */
    private ClientRegistration.Outcome recorded(ClientRegistration.Outcome outcome) {
        events(outcome).forEach(audit::fire);
        return outcome;
    }

    private static List<AuditEvent> events(ClientRegistration.Outcome outcome) {
        return outcome.event() == null ? List.of() : List.of(outcome.event());
    }

    private Response render(ClientRegistration.Outcome outcome) {
        if (!outcome.succeeded()) {
            return error(outcome.error());
        }
        Response.ResponseBuilder response = Response.status(outcome.status());
        if (outcome.body() != null) {
            response.entity(outcome.body().toString()).type(OAuthResponses.JSON);
        }
        return OAuthResponses.noStore(response).build();
    }

    private static Response error(RegistrationError error) {
        Response.ResponseBuilder response = OAuthResponses.noStore(Response.status(error.status())
                .entity(JSONP.createObjectBuilder().add("error", error.code())
                        .add("error_description", error.description()).build().toString())
                .type(OAuthResponses.JSON));
        if (error.status() == 401) {
            // RFC 6750 §3: the registration access token is a Bearer token
            response.header("WWW-Authenticate", "Bearer realm=\"jeton\", error=\"invalid_token\"");
        }
        return response.build();
    }
}
