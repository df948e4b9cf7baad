package dev.jeton.web.openapi;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The form body of an introspection (RFC 7662 §2.1) or revocation (RFC 7009 §2.1) request. */
@Schema(name = "TokenParameterRequest", description = "Form-encoded; each parameter at most once; nothing in the "
        + "query string. Client credentials in the Authorization header (client_secret_basic) or the body "
        + "(client_secret_post).")
public class TokenParameterForm {

    @Schema(required = true, description = "The access token or refresh token.")
    public String token;

    @Schema(name = "token_type_hint", enumeration = {"access_token", "refresh_token"},
            description = "A hint only: the other kind is looked up too.")
    public String tokenTypeHint;

    @Schema(name = "client_id", description = "The client, for client_secret_post or a public client (revocation).")
    public String clientId;

    @Schema(name = "client_secret", type = SchemaType.STRING, format = "password",
            description = "The client secret, for client_secret_post only.")
    public String clientSecret;
}
