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
import dev.jeton.vocabulary.JsonValues;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import dev.jeton.logout.SessionEnding;
import dev.jeton.session.EndReason;
import dev.jeton.session.UserSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
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
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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

    static final String ADMIN_SCOPE = AdminRequests.ADMIN_SCOPE;
    private static final JsonProvider JSONP = JsonProvider.provider();

    @Inject
    BearerAuthentication bearer;
    @Inject
    UserStore users;
    @Inject
    JetonSettings settings;
    @Inject
    SessionEnding ending;
    @Inject
    SessionEnds ends;
    @Inject
    Clock clock;

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
            // typed as sent (OIDC Core §5.1: address an object, updated_at a number)
            claims.putAll(JsonValues.toMap(c));
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

    @GET
    @Path("{username}/sessions")
    @Operation(summary = "List a user's active sessions (scope jeton.admin)")
    @SecurityRequirement(name = OpenApiRefs.BEARER)
    @APIResponse(responseCode = "200", description = "The sessions: sid, auth_time, created_at, last_seen_at, "
            + "expires_at (the earlier of the idle and absolute ends), clients.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "SessionList")))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.BEARER_400)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.BEARER_401)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.BEARER_403)
    @APIResponse(responseCode = "404", description = "No such user (error not_found).",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "OAuthError")))
    public Response sessions(@Context HttpHeaders headers, @PathParam("username") String username) {
        Response denied = authorize(headers);
        if (denied != null) {
            return denied;
        }
        Optional<UserAccount> user = users.findByUsername(username);
        if (user.isEmpty()) {
            return notFound();
        }
        JsonArrayBuilder array = JSONP.createArrayBuilder();
        for (UserSession s : ending.activeSessionsOf(user.get().subject(), clock.instant())) {
            Instant expires = s.idleExpiresAt().isBefore(s.absoluteExpiresAt()) ? s.idleExpiresAt()
                    : s.absoluteExpiresAt();
            JsonArrayBuilder clients = JSONP.createArrayBuilder();
            ending.clientsOf(s.sid()).forEach(clients::add);
            array.add(JSONP.createObjectBuilder().add("sid", s.sid())
                    .add("auth_time", s.authTime().getEpochSecond())
                    .add("created_at", s.createdAt().getEpochSecond())
                    .add("last_seen_at", s.lastSeenAt().getEpochSecond())
                    .add("expires_at", expires.getEpochSecond())
                    .add("clients", clients));
        }
        return ok(JSONP.createObjectBuilder().add("sessions", array).build().toString());
    }

    @DELETE
    @Path("{username}/sessions/{sid}")
    @Operation(summary = "End one of a user's sessions (scope jeton.admin); its clients get back-channel logout tokens")
    @SecurityRequirement(name = OpenApiRefs.BEARER)
    @APIResponse(responseCode = "204", description = "Ended.")
    @APIResponse(responseCode = "400", ref = OpenApiRefs.BEARER_400)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.BEARER_401)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.BEARER_403)
    @APIResponse(responseCode = "404", description = "No such user, or no such active session of the user "
            + "(error not_found).", content = @Content(mediaType = "application/json",
            schema = @Schema(ref = "OAuthError")))
    public Response endSession(@Context HttpHeaders headers, @Context HttpServletRequest servlet,
                               @PathParam("username") String username, @PathParam("sid") String sid) {
        BearerAuthentication.Result caller = bearer.check(headers, ADMIN_SCOPE);
        if (caller instanceof BearerAuthentication.Result.Refused refused) {
            return refused.response();
        }
        Optional<UserAccount> user = users.findByUsername(username);
        Instant now = clock.instant();
        if (user.isEmpty() || ending.activeSessionsOf(user.get().subject(), now).stream()
                .noneMatch(s -> s.sid().equals(sid))) {
            return notFound();
        }
        SessionEnding.Actor actor = adminActor(caller, servlet);
        List<SessionEnding.Ended> ended = ends.commit(() -> ending.end(sid, actor, now).map(List::of)
                .orElse(List.of()), all -> List.of());
        return ended.isEmpty() ? notFound() : done();
    }

    @DELETE
    @Path("{username}/sessions")
    @Operation(summary = "End all of a user's sessions (scope jeton.admin); their clients get back-channel logout "
            + "tokens")
    @SecurityRequirement(name = OpenApiRefs.BEARER)
    @APIResponse(responseCode = "200", description = "{\"ended\": n}.",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "SessionsEnded")))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.BEARER_400)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.BEARER_401)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.BEARER_403)
    @APIResponse(responseCode = "404", description = "No such user (error not_found).",
            content = @Content(mediaType = "application/json", schema = @Schema(ref = "OAuthError")))
    public Response endSessions(@Context HttpHeaders headers, @Context HttpServletRequest servlet,
                                @PathParam("username") String username) {
        BearerAuthentication.Result caller = bearer.check(headers, ADMIN_SCOPE);
        if (caller instanceof BearerAuthentication.Result.Refused refused) {
            return refused.response();
        }
        Optional<UserAccount> user = users.findByUsername(username);
        if (user.isEmpty()) {
            return notFound();
        }
        SessionEnding.Actor actor = adminActor(caller, servlet);
        Instant now = clock.instant();
        List<SessionEnding.Ended> ended = ends.commit(() -> ending.endAll(user.get().subject(), actor, now),
                all -> List.of());
        return ok(JSONP.createObjectBuilder().add("ended", ended.size()).build().toString());
    }

    /** Who ends a session through this API: the admin client (session_ended's client_id, the session's ended_by). */
    private static SessionEnding.Actor adminActor(BearerAuthentication.Result caller, HttpServletRequest servlet) {
        String clientId = AdminRequests.callerClientId(caller);
        return new SessionEnding.Actor(EndReason.ADMIN, clientId, clientId, servlet.getRemoteAddr());
    }

    /** Null when the caller may administer users; the refusal otherwise (RFC 6750 §3). */
    private Response authorize(HttpHeaders headers) {
        return AdminRequests.refusal(bearer, headers);
    }

    private JsonObject parse(HttpHeaders headers, InputStream body) {
        return AdminRequests.parse(headers, body, settings.maxBodyBytes());
    }

    private static JsonObject json(UserAccount user) {
        JsonObject claims = JSONP.createObjectBuilder(user.claims()).build();
        return JSONP.createObjectBuilder().add("username", user.username()).add("subject", user.subject())
                .add("enabled", user.enabled()).add("claims", claims).build();
    }

    private static Response ok(String json) {
        return AdminRequests.ok(json);
    }

    private static Response done() {
        return AdminRequests.done();
    }

    private static Response notFound() {
        return AdminRequests.notFound();
    }

    private static Response bad(String description) {
        return AdminRequests.bad(description);
    }
}
