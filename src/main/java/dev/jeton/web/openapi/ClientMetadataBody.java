package dev.jeton.web.openapi;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Client metadata (RFC 7591 §2) and the client information response (§3.2.1, RFC 7592 §3). */
@Schema(name = "ClientMetadata", description = "RFC 7591 client metadata. In a response also client_id, "
        + "client_secret (once, at registration), client_id_issued_at, client_secret_expires_at (0: never), "
        + "registration_access_token and registration_client_uri. Unknown members are ignored.")
public class ClientMetadataBody {

    @Schema(name = "client_id", description = "Response; in an update request it must be the client's own id.")
    public String clientId;
    @Schema(name = "client_secret", description = "Response only, at registration (or when a public client becomes "
            + "confidential); stored hashed, never shown again.")
    public String clientSecret;
    @Schema(name = "registration_access_token", description = "Response only: the Bearer token for "
            + "registration_client_uri (RFC 7592).")
    public String registrationAccessToken;
    @Schema(name = "registration_client_uri")
    public String registrationClientUri;
    @Schema(name = "client_name")
    public String clientName;
    @Schema(name = "redirect_uris", description = "Absolute, no fragment, https (http only for a loopback address).")
    public List<String> redirectUris;
    @Schema(name = "token_endpoint_auth_method", enumeration = {"client_secret_basic", "client_secret_post", "none"},
            defaultValue = "client_secret_basic")
    public String tokenEndpointAuthMethod;
    @Schema(name = "grant_types", description = "Grants the server supports; default [authorization_code].")
    public List<String> grantTypes;
    @Schema(name = "response_types", description = "[code] with authorization_code, else [].")
    public List<String> responseTypes;
    @Schema(description = "Space-separated; only scopes the server allows, never jeton.*.")
    public String scope;
    @Schema(name = "id_token_signed_response_alg", enumeration = {"RS256", "ES256"})
    public String idTokenSignedResponseAlg;
}
