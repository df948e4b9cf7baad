package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientAuthRequest;
import dev.jeton.client.ClientAuthentication;
import dev.jeton.throttle.ClientAuthenticationGate;
import dev.jeton.web.openapi.OpenApiRefs;
import dev.jeton.config.JetonSettings;
import dev.jeton.error.OAuthError;
import dev.jeton.lifecycle.TokenRevocation;
import dev.jeton.request.FormParameters;
import dev.jeton.web.openapi.TokenParameterForm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
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
import java.time.Instant;
import java.util.Optional;

/**
 * {@code POST /oauth/revoke} (RFC 7009): HTTP framing around {@link TokenRevocation}. Any
 * registered client may revoke its own tokens, public clients included (§2.1, §5).
 */
@Path("/oauth/revoke")
@ApplicationScoped
@Tag(name = "OAuth 2.0")
public class RevocationResource {

    @Inject
    ClientCertificates certificates;
    @Inject
    TokenRevocation revocation;
    @Inject
    ClientAuthentication clientAuthentication;
    @Inject
    ClientAuthenticationGate gate;
    @Inject
    JetonSettings settings;
    @Inject
    Event<AuditEvent> audit;
    @Inject
    Clock clock;

    @POST
    @Operation(operationId = "revoke", summary = "Token revocation (RFC 7009)",
            description = "Revokes a refresh token together with its whole grant (every refresh and access token "
                    + "issued in it), or one access token. The client authenticates as at the token endpoint. A token "
                    + "that is unknown, expired or another client's is answered the same way (200, empty body), "
                    + "as RFC 7009 section 2.2 says.")
    @Parameter(name = "Authorization", in = ParameterIn.HEADER, required = false,
            description = "Basic credentials for client_secret_basic.", schema = @Schema(implementation = String.class))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
            schema = @Schema(implementation = TokenParameterForm.class)))
    @APIResponse(responseCode = "200", description = "Done, or nothing to do; the body is empty.",
            headers = @Header(name = "Cache-Control", description = "Always no-store.",
                    schema = @Schema(implementation = String.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: no token, a parameter twice, or parameters "
            + "in the query string.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = OpenApiRefs.ERROR)))
    @APIResponse(responseCode = "401", description = "invalid_client: client authentication failed.",
            headers = @Header(name = "WWW-Authenticate", description = "Basic realm=\"jeton\"",
                    schema = @Schema(implementation = String.class)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = OpenApiRefs.ERROR)))
    @APIResponse(responseCode = "429", ref = OpenApiRefs.OAUTH_429)
    @APIResponse(responseCode = "413", description = "invalid_request: the body is larger than the limit.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = OpenApiRefs.ERROR)))
    @APIResponse(responseCode = "415", description = "invalid_request: not a form body.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = OpenApiRefs.ERROR)))
    public Response revoke(@Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServletRequest servlet,
                           InputStream body) {
        Instant now = clock.instant();
        String address = servlet.getRemoteAddr();
        FormParameters parameters;
        try {
            parameters = ClientRequestForm.readSingleValued(headers, uri, body, settings.maxBodyBytes());
        } catch (ClientRequestForm.Refused refused) {
            return denied(refused.error, null, refused.reason.name(), now, address);
        }
        // the same throttle as the token endpoint: 429 slow_down after too many failures
        ClientAuthenticationGate.Gated gated = gate.authenticate(clientAuthentication, new ClientAuthRequest(
                parameters, ClientRequestForm.authorization(headers), uri.getRequestUri(), now,
                certificates.of(servlet).orElse(null)), address);
        gated.events().forEach(audit::fire);
        ClientAuthentication.Result result = gated.result();
        if (result instanceof ClientAuthentication.Result.Failed failed) {
            return denied(failed.error(), failed.claimedClientId(), failed.reason().name(), now, address);
        }
        ClientAuthentication.Result.Authenticated client = (ClientAuthentication.Result.Authenticated) result;
        Optional<String> token = parameters.get("token");
        if (token.isEmpty() || token.get().isEmpty()) {
            return denied(OAuthError.invalidRequest("The token parameter is required."), client.client().clientId(),
                    "NO_TOKEN", now, address);
        }
        audit.fire(revocation.revoke(token.get(), parameters.get("token_type_hint").orElse(null), client.client(),
                now, address));
        return OAuthResponses.noStore(Response.ok()).build();
    }

    private Response denied(OAuthError error, String clientId, String reason, Instant now, String address) {
        audit.fire(AuditEvent.failure(AuditEventName.TOKEN_REVOKED, now, clientId, null, error.code().wireValue(),
                reason, address));
        return OAuthResponses.error(error);
    }
}
