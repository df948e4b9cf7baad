package dev.jeton.web;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.jose.SigningKeySet;
import dev.jeton.jose.SigningKeys;
import dev.jeton.web.openapi.OpenApiRefs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's signing keys, for operators (issue #14: the OpenID conformance module oidcc-server-rotate-keys asks
 * the tester to rotate them while it waits, and KEYS.md's tool needs a shell on the server). Callers present an access
 * token with the scope {@code jeton.admin}, as at {@code /admin/users}. A rotation is the operator tool's
 * {@code rotate}, run by the server ({@link SigningKeys#rotateNow}), and an audit event says who asked for it.
 */
@Path("/admin/keys")
@ApplicationScoped
@Tag(name = "Administration")
public class AdminKeysResource {

    private static final Logger LOG = Logger.getLogger(AdminKeysResource.class.getName());
    private static final JsonProvider JSONP = JsonProvider.provider();

    @Inject
    BearerAuthentication bearer;
    @Inject
    SigningKeys keys;
    @Inject
    Clock clock;
    @Inject
    Event<AuditEvent> audit;

    @GET
    @Operation(summary = "The signing keys with their states (scope jeton.admin)")
    @SecurityRequirement(name = OpenApiRefs.BEARER)
    @APIResponse(responseCode = "200", description = "{\"keys\": [{\"kid\", \"alg\", \"state\", \"activation\", "
            + "\"retired_at\", \"removed_at\"}]}; public facts only, never key material.",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.BEARER_400)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.BEARER_401)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.BEARER_403)
    public Response list(@Context HttpHeaders headers) {
        BearerAuthentication.Result access = bearer.check(headers, AdminUsersResource.ADMIN_SCOPE);
        if (access instanceof BearerAuthentication.Result.Refused refused) {
            return refused.response();
        }
        return ok(describe(keys.current()));
    }

    @POST
    @Path("rotate")
    @Operation(summary = "Rotate every algorithm's signing key now (scope jeton.admin)",
            description = "For each algorithm with an active key: the next key (or a new one) signs from now, the "
                    + "active one retires (still published for the retention), and a new next key is published.")
    @SecurityRequirement(name = OpenApiRefs.BEARER)
    @APIResponse(responseCode = "200", description = "{\"done\": [...], \"keys\": [...]}.",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.BEARER_400)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.BEARER_401)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.BEARER_403)
    @APIResponse(responseCode = "503", description = "temporarily_unavailable: the keystore could not be written "
            + "(nothing changed).", content = @Content(mediaType = "application/json",
            schema = @Schema(ref = "OAuthError")))
    public Response rotateAll(@Context HttpHeaders headers, @Context HttpServletRequest servlet) {
        return rotate(headers, servlet, EnumSet.noneOf(SigningAlgorithm.class));
    }

    @POST
    @Path("rotate/{algorithm}")
    @Operation(summary = "Rotate the signing key of one algorithm now (scope jeton.admin)")
    @SecurityRequirement(name = OpenApiRefs.BEARER)
    @APIResponse(responseCode = "200", description = "{\"done\": [...], \"keys\": [...]}.",
            content = @Content(mediaType = "application/json", schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "invalid_request: not an algorithm Jeton signs with; or a Bearer "
            + "invalid_request.", content = @Content(mediaType = "application/json",
            schema = @Schema(ref = "OAuthError")))
    @APIResponse(responseCode = "401", ref = OpenApiRefs.BEARER_401)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.BEARER_403)
    @APIResponse(responseCode = "503", description = "temporarily_unavailable: the keystore could not be written "
            + "(nothing changed).", content = @Content(mediaType = "application/json",
            schema = @Schema(ref = "OAuthError")))
    public Response rotateOne(@Context HttpHeaders headers, @Context HttpServletRequest servlet,
                              @PathParam("algorithm") String algorithm) {
        Optional<SigningAlgorithm> parsed = SigningAlgorithm.parse(algorithm);
        if (parsed.isEmpty()) {
            // authorization first: an anonymous caller learns nothing, not even which names are algorithms
            BearerAuthentication.Result access = bearer.check(headers, AdminUsersResource.ADMIN_SCOPE);
            if (access instanceof BearerAuthentication.Result.Refused refused) {
                return refused.response();
            }
            return error(400, "invalid_request", "The algorithm must be one of " + List.of(SigningAlgorithm.values())
                    + ".");
        }
        return rotate(headers, servlet, EnumSet.of(parsed.get()));
    }

    private Response rotate(HttpHeaders headers, HttpServletRequest servlet, Set<SigningAlgorithm> algorithms) {
        BearerAuthentication.Result access = bearer.check(headers, AdminUsersResource.ADMIN_SCOPE);
        if (access instanceof BearerAuthentication.Result.Refused refused) {
            return refused.response();
        }
        JWTClaimsSet caller = ((BearerAuthentication.Result.Allowed) access).claims();
        String clientId = caller.getClaim("client_id") instanceof String id ? id : null;
        String which = algorithms.isEmpty() ? "all" : algorithms.toString();
        Instant now = clock.instant();
        List<String> done;
        try {
            done = keys.rotateNow(algorithms);
        } catch (Exception e) {
            // a read-only keystore (no jeton.keys.rotation-period-seconds deployment needs it writable), a full disk
            LOG.log(Level.SEVERE, "Key rotation through /admin/keys failed: " + e.getMessage());
            audit.fire(new AuditEvent(UUID.randomUUID().toString(), now, AuditEventName.KEY_ROTATION_FAILED, clientId,
                    null, AuditEvent.Outcome.FAILURE, "temporarily_unavailable", which, caller.getSubject(), null,
                    servlet.getRemoteAddr()));
            return error(503, "temporarily_unavailable", "The keystore could not be written; nothing changed.");
        }
        done.forEach(line -> LOG.info("Key rotation through /admin/keys by " + clientId + ": " + line));
        audit.fire(new AuditEvent(UUID.randomUUID().toString(), now, AuditEventName.KEY_ROTATED, clientId, null,
                AuditEvent.Outcome.SUCCESS, null, which, caller.getSubject(), null, servlet.getRemoteAddr()));
        JsonArrayBuilder lines = JSONP.createArrayBuilder();
        done.forEach(lines::add);
        return ok(describe(keys.current()).add("done", lines));
    }

    /** Public facts about each key (RFC 7638 kid, algorithm, state and its instants); never key material. */
    private static JsonObjectBuilder describe(SigningKeySet set) {
        JsonArrayBuilder array = JSONP.createArrayBuilder();
        for (SigningKeySet.Entry e : set.entries()) {
            JsonObjectBuilder key = JSONP.createObjectBuilder().add("kid", e.key().kid())
                    .add("alg", e.key().algorithm().name()).add("state", e.state().wireValue());
            if (e.key().activation() != null) {
                key.add("activation", e.key().activation().toString());
            }
            if (e.retiredAt() != null) {
                key.add("retired_at", e.retiredAt().toString());
            }
            if (e.removedAt() != null) {
                key.add("removed_at", e.removedAt().toString());
            }
            array.add(key);
        }
        return JSONP.createObjectBuilder().add("keys", array);
    }

    private static Response ok(JsonObjectBuilder body) {
        return OAuthResponses.noStore(Response.ok(body.build().toString(), OAuthResponses.JSON)).build();
    }

    private static Response error(int status, String code, String description) {
        return OAuthResponses.noStore(Response.status(status).entity(JSONP.createObjectBuilder().add("error", code)
                .add("error_description", description).build().toString()).type(OAuthResponses.JSON)).build();
    }
}
