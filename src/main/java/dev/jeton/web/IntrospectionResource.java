package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientAuthRequest;
import dev.jeton.web.openapi.OpenApiRefs;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.error.OAuthError;
import dev.jeton.lifecycle.Introspection;
import dev.jeton.lifecycle.IntrospectionCallers;
import dev.jeton.lifecycle.TokenIntrospection;
import dev.jeton.request.FormParameters;
import dev.jeton.web.openapi.IntrospectionBody;
import dev.jeton.web.openapi.TokenParameterForm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
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
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /oauth/introspect} (RFC 7662): HTTP framing around {@link IntrospectionCallers} (who
 * may ask, §2.1) and {@link TokenIntrospection} (the answer). It reads the form, tells a Bearer
 * credential from client authentication, verifies the Bearer token, and renders §2.2 or the error.
 */
@Path("/oauth/introspect")
@ApplicationScoped
@Tag(name = "OAuth 2.0")
public class IntrospectionResource {

    private static final JsonProvider JSONP = JsonProvider.provider();

    @Inject
    ClientCertificates certificates;
    @Inject
    TokenIntrospection introspection;
    @Inject
    IntrospectionCallers callers;
    @Inject
    BearerAuthentication bearer;
    @Inject
    JetonSettings settings;
    @Inject
    Event<AuditEvent> audit;
    @Inject
    Clock clock;
    @Inject
    OneReadTransaction lookups;

    @POST
    @Operation(operationId = "introspect", summary = "Token introspection (RFC 7662)",
            description = "Says whether an access token or refresh token is active and, if it is, what it carries. "
                    + "The caller authenticates as a client (client_secret_basic or client_secret_post) or presents "
                    + "a Bearer access token with the introspection scope (jeton.introspect by default). A client "
                    + "learns only about its own tokens and access tokens whose audience is its client id or its "
                    + "registered audience; anything else is {\"active\":false}.")
    @Parameter(name = "Authorization", in = ParameterIn.HEADER, required = false,
            description = "Basic credentials (client_secret_basic) or Bearer access token with the introspection scope.",
            schema = @Schema(implementation = String.class))
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED,
            schema = @Schema(implementation = TokenParameterForm.class)))
    @APIResponse(responseCode = "200", description = "The token's state (RFC 7662 section 2.2).",
            headers = @Header(name = "Cache-Control", description = "Always no-store.",
                    schema = @Schema(implementation = String.class)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = IntrospectionBody.class)))
    @APIResponse(responseCode = "400", description = "invalid_request: no token, a parameter twice, or parameters "
            + "in the query string.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = OpenApiRefs.ERROR)))
    @APIResponse(responseCode = "401", description = "invalid_client (WWW-Authenticate: Basic) or invalid_token "
            + "(WWW-Authenticate: Bearer).",
            headers = @Header(name = "WWW-Authenticate", schema = @Schema(implementation = String.class)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = OpenApiRefs.ERROR)))
    @APIResponse(responseCode = "403", description = "insufficient_scope: the Bearer token lacks the introspection "
            + "scope.", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = OpenApiRefs.ERROR)))
    @APIResponse(responseCode = "429", ref = OpenApiRefs.OAUTH_429)
    @APIResponse(responseCode = "413", description = "invalid_request: the body is larger than the limit.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = OpenApiRefs.ERROR)))
    @APIResponse(responseCode = "415", description = "invalid_request: not a form body.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(ref = OpenApiRefs.ERROR)))
    public Response introspect(@Context HttpHeaders headers, @Context UriInfo uri,
                               @Context HttpServletRequest servlet, InputStream body) {
        Instant now = clock.instant();
        String address = servlet.getRemoteAddr();
        FormParameters parameters;
        try {
            parameters = ClientRequestForm.readSingleValued(headers, uri, body, settings.maxBodyBytes());
        } catch (ClientRequestForm.Refused refused) {
            return denied(refused.error, null, refused.reason.name(), now, address);
        }
        FormParameters form = parameters;
        return lookups.run(() -> answer(headers, uri, servlet, form, now, address));
    }

    private Response answer(HttpHeaders headers, UriInfo uri, HttpServletRequest servlet, FormParameters parameters,
                            Instant now, String address) {
        String authorization = ClientRequestForm.authorization(headers);
        IntrospectionCallers.Decision decision;
        // RFC 7662 §2.1: the caller may present an access token instead of authenticating, DPoP-bound or not
        if (ClientRequestForm.isAccessToken(authorization)) {
            BearerAuthentication.Result result = bearer.check(headers, callers.requiredScope());
            if (result instanceof BearerAuthentication.Result.Refused refused) {
                audit.fire(AuditEvent.failure(AuditEventName.INTROSPECTION_DENIED, now, null, null,
                        "invalid_token", "BEARER_REFUSED", address));
                return refused.response();
            }
            Object clientId = ((BearerAuthentication.Result.Allowed) result).claims().getClaim("client_id");
            decision = callers.byAccessToken(clientId == null ? null : String.valueOf(clientId), now, address);
        } else {
            decision = callers.byClientAuthentication(
                    new ClientAuthRequest(parameters, authorization, uri.getRequestUri(), now,
                            certificates.of(servlet).orElse(null)), address);
        }
        decision.events().forEach(audit::fire);
        if (decision instanceof IntrospectionCallers.Decision.Refused refused) {
            return OAuthResponses.error(refused.error());
        }
        RegisteredClient caller = ((IntrospectionCallers.Decision.Allowed) decision).caller();
        Optional<String> token = parameters.get("token");
        if (token.isEmpty() || token.get().isEmpty()) {
            return denied(OAuthError.invalidRequest("The token parameter is required."), caller.clientId(),
                    "NO_TOKEN", now, address);
        }
        Introspection answer = introspection.introspect(token.get(), parameters.get("token_type_hint").orElse(null),
                caller, now);
        return OAuthResponses.noStore(Response.ok(json(answer), OAuthResponses.JSON)).build();
    }

    private Response denied(OAuthError error, String clientId, String reason, Instant now, String address) {
        audit.fire(AuditEvent.failure(AuditEventName.INTROSPECTION_DENIED, now, clientId, null,
                error.code().wireValue(), reason, address));
        return OAuthResponses.error(error);
    }

    static String json(Introspection answer) {
        JsonObjectBuilder body = JSONP.createObjectBuilder().add("active", answer.active());
        answer.members().forEach((name, value) -> add(body, name, value));
        return body.build().toString();
    }

    private static void add(JsonObjectBuilder body, String name, Object value) {
        if (value instanceof Number n) {
            body.add(name, n.longValue());
        } else if (value instanceof Boolean b) {
            body.add(name, b);
        } else if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder nested = JSONP.createObjectBuilder();
            map.forEach((k, v) -> add(nested, String.valueOf(k), v));
            body.add(name, nested);
        } else if (value instanceof Collection<?> list) {
            JsonArrayBuilder array = JSONP.createArrayBuilder();
            list.forEach(v -> array.add(String.valueOf(v)));
            body.add(name, array);
        } else if (value != null) {
            body.add(name, String.valueOf(value));
        }
    }
}
