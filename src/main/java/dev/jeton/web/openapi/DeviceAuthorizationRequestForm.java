package dev.jeton.web.openapi;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The form body of a device authorization request, for the OpenAPI document only. */
@Schema(name = "DeviceAuthorizationRequest", description = "RFC 8628 section 3.1, form-encoded. The client "
        + "authenticates as at the token endpoint; a public client sends only client_id.")
public class DeviceAuthorizationRequestForm {

    @Schema(name = "client_id", description = "The client (public clients; or matching the Basic header); may be "
            + "the https URL of a client ID metadata document when they are enabled.")
    public String clientId;

    @Schema(description = "Space-separated scopes, each allowed to the client.", example = "openid offline_access")
    public String scope;

    @Schema(description = "RFC 8707: an absolute URI (no fragment) of a resource the tokens will be for; may "
            + "repeat; each allowed to the client, else invalid_target.", example = "https://mcp.example.com/")
    public String resource;

    @Schema(name = "client_secret", type = SchemaType.STRING, format = "password",
            description = "The client secret, for client_secret_post only.")
    public String clientSecret;
}
