package dev.jeton.web.openapi;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The form body of a token request, for the OpenAPI document only. */
@Schema(name = "TokenRequest", description = "RFC 6749 section 3.2 token request, form-encoded. Each parameter at most "
        + "once; nothing in the query string. Client credentials go in the Authorization header "
        + "(client_secret_basic) or in the body (client_secret_post), never both.")
public class TokenRequestForm {

    @Schema(name = "grant_type", required = true, enumeration = {"client_credentials"},
            description = "The grant. client_credentials is RFC 6749 section 4.4.")
    public String grantType;

    @Schema(description = "Space-separated scopes, each allowed to the client. When absent, the server's default "
            + "scopes that the client has.", example = "api.read api.write")
    public String scope;

    @Schema(name = "client_id", description = "The client, for client_secret_post (or matching the Basic header).")
    public String clientId;

    @Schema(name = "client_secret", type = SchemaType.STRING, format = "password",
            description = "The client secret, for client_secret_post only.")
    public String clientSecret;
}
