package dev.jeton.web;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import dev.jeton.web.openapi.OpenApiRefs;
import dev.jeton.user.UserAccount;
import dev.jeton.user.UserStore;
import dev.jeton.config.JetonSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Administration of the default user store, for operators (server-config/users.sh wraps it).
 * Callers present an access token from our own token endpoint carrying the scope
 * {@code jeton.admin} — typically client_credentials of an admin client.
 */
@Path("/admin/users")
@ApplicationScoped
@Tag(name = "Administration")
public class AdminUsersResource {

    static final String ADMIN_SCOPE = "jeton.admin";
    private static final JsonProvider JSONP = JsonProvider.provider();

    @Inject
    BearerAuthentication bearer;
    @Inject
    UserStore users;
    @Inject
    JetonSettings settings;

    @GET
    @Operation(summary = "List users (scope jeton.admin)")
    @SecurityRequirement(name = OpenApiRefs.BEARER)
    @APIResponse(responseCode = "200", description = "The users, without password hashes.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "UserList")))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.BEARER_400)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.BEARER_401)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.BEARER_403)
    public Response list(@Context HttpHeaders headers) {
        Response denied = authorize(headers);
        if (denied != null) {
            return denied;
        }
        JsonArrayBuilder array = JSONP.createArrayBuilder();
        users.list().forEach(u -> array.add(json(u)));
        return ok(JSONP.createObjectBuilder().add("users", array).build().toString());
    }

    @POST
    @Operation(summary = "Create a user: {\"username\", \"password\", \"claims\": {...}} (scope jeton.admin)")
    @SecurityRequirement(name = OpenApiRefs.BEARER)
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(ref = "UserChange")))
    @APIResponse(responseCode = "201", description = "Created.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "UserDetails")))
    @APIResponse(responseCode = "400", description = "invalid_request: bad input, or the username is taken; or a "
            + "Bearer invalid_request.", content = @Content(mediaType = "application/json",
            schema = @Schema(ref = "OAuthError")))
    @APIResponse(responseCode = "401", ref = OpenApiRefs.BEARER_401)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.BEARER_403)
    public Response create(@Context HttpHeaders headers, InputStream body) {
        Response denied = authorize(headers);
        if (denied != null) {
            return denied;
        }
        JsonObject input = parse(headers, body);
        if (input == null || !(input.get("username") instanceof JsonString)
                || !(input.get("password") instanceof JsonString)) {
            return bad("Send {\"username\": ..., \"password\": ..., \"claims\": {...}}.");
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        if (input.get("claims") instanceof JsonObject c) {
            c.forEach((k, v) -> claims.put(k, plain(v)));
        }
        try {
            UserAccount user = users.create(input.getString("username"), input.getString("password").toCharArray(),
                    claims);
            return OAuthResponses.noStore(Response.status(201).entity(json(user).toString())
                    .type(OAuthResponses.JSON)).build();
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
    }

    @PUT
    @Path("{username}/password")
    @Operation(summary = "Set a user's password: {\"password\": ...} (scope jeton.admin)")
    @SecurityRequirement(name = OpenApiRefs.BEARER)
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(ref = "UserChange")))
    @APIResponse(responseCode = "204", description = "Done.")
    @APIResponse(responseCode = "400", ref = OpenApiRefs.BEARER_400)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.BEARER_401)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.BEARER_403)
    @APIResponse(responseCode = "404", description = "No such user (error not_found).",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "OAuthError")))
    public Response password(@Context HttpHeaders headers, @PathParam("username") String username, InputStream body) {
        Response denied = authorize(headers);
        if (denied != null) {
            return denied;
        }
        JsonObject input = parse(headers, body);
        if (input == null || !(input.get("password") instanceof JsonString p)) {
            return bad("Send {\"password\": ...}.");
        }
        try {
            return users.setPassword(username, p.getString().toCharArray()) ? done() : notFound();
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        }
    }

    @PUT
    @Path("{username}/enabled")
    @Operation(summary = "Enable or disable a user: {\"enabled\": true|false} (scope jeton.admin)")
    @SecurityRequirement(name = OpenApiRefs.BEARER)
    @RequestBody(required = true, content = @Content(mediaType = "application/json",
            schema = @Schema(ref = "UserChange")))
    @APIResponse(responseCode = "204", description = "Done.")
    @APIResponse(responseCode = "400", ref = OpenApiRefs.BEARER_400)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.BEARER_401)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.BEARER_403)
    @APIResponse(responseCode = "404", description = "No such user (error not_found).",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "OAuthError")))
    public Response enabled(@Context HttpHeaders headers, @PathParam("username") String username, InputStream body) {
        Response denied = authorize(headers);
        if (denied != null) {
            return denied;
        }
        JsonObject input = parse(headers, body);
        if (input == null || !(input.get("enabled") == JsonValue.TRUE || input.get("enabled") == JsonValue.FALSE)) {
            return bad("Send {\"enabled\": true} or {\"enabled\": false}.");
        }
        return users.setEnabled(username, input.getBoolean("enabled")) ? done() : notFound();
    }

    /** Null when the caller may administer users; the refusal otherwise (RFC 6750 §3). */
    private Response authorize(HttpHeaders headers) {
        return bearer.check(headers, ADMIN_SCOPE) instanceof BearerAuthentication.Result.Refused refused
                ? refused.response() : null;
    }

    /** The body as a JSON object (bounded in size and depth, read only after authorization), or null. */
    private JsonObject parse(HttpHeaders headers, InputStream body) {
        try {
            return JsonBodies.readObject(headers, body, settings.maxBodyBytes());
        } catch (JsonBodies.Refused refused) {
            return null;
        }
    }

    private static Object plain(JsonValue v) {
        return switch (v.getValueType()) {
            case TRUE -> true;
            case FALSE -> false;
            case STRING -> ((JsonString) v).getString();
            default -> v.toString();
        };
    }

    private static JsonObject json(UserAccount user) {
        JsonObjectBuilder claims = JSONP.createObjectBuilder();
        user.claims().forEach((k, v) -> {
            if (v instanceof Boolean b) {
                claims.add(k, b);
            } else {
                claims.add(k, String.valueOf(v));
            }
        });
        return JSONP.createObjectBuilder().add("username", user.username()).add("subject", user.subject())
                .add("enabled", user.enabled()).add("claims", claims).build();
    }

    private static Response ok(String json) {
        return OAuthResponses.noStore(Response.ok(json, OAuthResponses.JSON)).build();
    }

    private static Response done() {
        return OAuthResponses.noStore(Response.noContent()).build();
    }

    private static Response notFound() {
        return OAuthResponses.noStore(Response.status(404).entity("{\"error\":\"not_found\"}")
                .type(OAuthResponses.JSON)).build();
    }

    private static Response bad(String description) {
        return OAuthResponses.noStore(Response.status(400).entity(JSONP.createObjectBuilder()
                .add("error", "invalid_request").add("error_description", description).build().toString())
                .type(OAuthResponses.JSON)).build();
    }
}
