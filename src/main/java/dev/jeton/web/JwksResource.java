package dev.jeton.web;

import dev.jeton.config.JetonSettings;
import dev.jeton.jose.SigningKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The public signing keys (RFC 7517 §5), for verifying Jeton's tokens. */
@Path("/oauth/jwks")
@ApplicationScoped
@Tag(name = "Discovery")
public class JwksResource {

    @Inject
    SigningKeys keys;
    @Inject
    JetonSettings settings;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "JSON Web Key Set (RFC 7517)")
    @APIResponse(responseCode = "200", description = "Every public key that may verify a live token, with kid, "
            + "use and alg.")
    public Response jwks() {
        return Response.ok(keys.current().publicJwkSet().toString(), MediaType.APPLICATION_JSON + ";charset=UTF-8")
                .header("Cache-Control", "public, max-age=" + settings.jwksMaxAge().toSeconds())
                .build();
    }
}
