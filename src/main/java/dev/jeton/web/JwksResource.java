package dev.jeton.web;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
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
    @APIResponse(responseCode = "200", description = "Every published key - next, active and retired - with kid "
            + "(RFC 7638 thumbprint), use and alg. A removed key is not here, and its tokens do not verify.",
            headers = @Header(name = "Cache-Control", description = "public, max-age=jeton.jwks.max-age-seconds: "
                    + "shorter than the pre-publication window of the next key.", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "JwkSet")))
    public Response jwks() {
        return Response.ok(keys.current().publicJwkSet().toString(), MediaType.APPLICATION_JSON + ";charset=UTF-8")
                .header("Cache-Control", "public, max-age=" + settings.jwksMaxAge().toSeconds())
                .build();
    }
}
