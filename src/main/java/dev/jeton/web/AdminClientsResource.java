package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientSwitch;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.web.openapi.OpenApiRefs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The operator's switch for registered clients (issue #19), with the same callers as {@code /admin/users}: an
 * access token with the scope {@code jeton.admin}. A disabled client is refused by the next request on every
 * node, wherever an enabled client is required (client authentication answers {@code invalid_client}; PAR,
 * the authorization endpoint, introspection, revocation) - the one check a client the clients file disables
 * meets. Disabling revokes nothing; the switch and its audit event commit together.
 */
@Path("/admin/clients")
@ApplicationScoped
@Tag(name = "Administration")
public class AdminClientsResource {

    private static final Logger LOG = Logger.getLogger(AdminClientsResource.class.getName());
    private static final JsonProvider JSONP = JsonProvider.provider();

    @Inject
    BearerAuthentication bearer;
    @Inject
    ClientSwitch clients;
    @Inject
    JetonSettings settings;
    @Inject
    AuditedTransaction transaction;
    @Inject
    Clock clock;

    @GET
    @Path("{client_id}")
    @Operation(summary = "A registered client: client_id, client_name, enabled, token_endpoint_auth_method, "
            + "grant_types, scope (scope jeton.admin)")
    @SecurityRequirement(name = OpenApiRefs.BEARER)
    @APIResponse(responseCode = "200", description = "The client, without its secret or keys.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "ClientDetails")))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.BEARER_400)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.BEARER_401)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.BEARER_403)
    @APIResponse(responseCode = "404", description = "No such registered client (error not_found).",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "OAuthError")))
    public Response get(@Context HttpHeaders headers, @PathParam("client_id") String clientId) {
        Response denied = AdminRequests.refusal(bearer, headers);
        if (denied != null) {
            return denied;
        }
        Optional<RegisteredClient> client = clients.find(clientId);
        return client.isEmpty() ? AdminRequests.notFound() : AdminRequests.ok(json(client.get()).toString());
    }

    @PUT
    @Path("{client_id}/enabled")
    @Operation(summary = "Enable or disable a registered client: {\"enabled\": true|false} (scope jeton.admin)",
            description = "Seen by the next request on every node. A disabled client is refused (invalid_client "
                    + "at the token endpoint). Its tokens are not revoked, but while it is disabled Jeton's own "
                    + "endpoints refuse its access tokens (userinfo, introspection answers active=false, token "
                    + "exchange) and its refresh tokens; they work again once it is enabled. It stays disabled "
                    + "over the clients file "
                    + "at a node's start and over its own RFC 7592 updates until enabled here.")
    @SecurityRequirement(name = OpenApiRefs.BEARER)
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(ref = "ClientEnabledChange")))
    @APIResponse(responseCode = "204", description = "Done.")
    @APIResponse(responseCode = "400", description = "invalid_request: the body is not {\"enabled\": true|false}; "
            + "or a Bearer invalid_request.", content = @Content(mediaType = "application/json",
            schema = @Schema(ref = "OAuthError")))
    @APIResponse(responseCode = "401", ref = OpenApiRefs.BEARER_401)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.BEARER_403)
    @APIResponse(responseCode = "404", description = "No such registered client (error not_found).",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "OAuthError")))
    @APIResponse(responseCode = "503", description = "temporarily_unavailable: the change could not be stored "
            + "(nothing changed).", content = @Content(mediaType = "application/json",
            schema = @Schema(ref = "OAuthError")))
    public Response enabled(@Context HttpHeaders headers, @Context HttpServletRequest servlet,
                            @PathParam("client_id") String clientId, InputStream body) {
        BearerAuthentication.Result caller = bearer.check(headers, AdminRequests.ADMIN_SCOPE);
        Response denied = AdminRequests.refusal(caller);
        if (denied != null) {
            return denied;
        }
        Optional<Boolean> enabled = enabledIn(AdminRequests.parse(headers, body, settings.maxBodyBytes()));
        if (enabled.isEmpty()) {
            return AdminRequests.bad("Send {\"enabled\": true} or {\"enabled\": false}.");
        }
        Instant now = clock.instant();
        String admin = AdminRequests.callerClientId(caller);
        boolean found;
        try {
            found = transaction.commit(() -> clients.setEnabled(clientId, enabled.get(), now),
                    changed -> changed ? List.of(event(clientId, enabled.get(), admin, now, servlet.getRemoteAddr()))
                            : List.of(), changed -> false);
        } catch (RuntimeException e) {
            // the row and its audit event commit together or not at all (AuditedTransaction)
            LOG.log(Level.SEVERE, "Client switch through /admin/clients rolled back: " + e);
            return AdminRequests.error(503, "temporarily_unavailable", "The change could not be stored; "
                    + "nothing changed.");
        }
        return found ? AdminRequests.done() : AdminRequests.notFound();
    }

    /** The value of {@code {"enabled": true|false}}; empty for any other body. */
    static Optional<Boolean> enabledIn(JsonObject input) {
        if (input == null) {
            return Optional.empty();
        }
        JsonValue value = input.get("enabled");
        return value == JsonValue.TRUE ? Optional.of(true) : value == JsonValue.FALSE ? Optional.of(false)
                : Optional.empty();
    }

    /**
     * {@code client_disabled} or {@code client_enabled}: the client the switch is about as client_id (as
     * {@code client_deleted}), the admin client that threw it as subject (as {@code key_rotated}).
     */
    static AuditEvent event(String clientId, boolean enabled, String admin, Instant now, String address) {
        return new AuditEvent(UUID.randomUUID().toString(), now,
                enabled ? AuditEventName.CLIENT_ENABLED : AuditEventName.CLIENT_DISABLED, clientId, null,
                AuditEvent.Outcome.SUCCESS, null, null, admin, null, address);
    }

    private static JsonObject json(RegisteredClient client) {
        JsonArrayBuilder grants = JSONP.createArrayBuilder();
        client.grantTypes().stream().sorted().forEach(grants::add);
        var builder = JSONP.createObjectBuilder().add("client_id", client.clientId())
                .add("enabled", client.enabled())
                .add("token_endpoint_auth_method", client.authMethod().wireValue())
                .add("grant_types", grants)
                .add("scope", String.join(" ", client.scopes().stream().sorted().toList()));
        if (client.clientName() != null) {
            builder.add("client_name", client.clientName());
        }
        return builder.build();
    }
}
