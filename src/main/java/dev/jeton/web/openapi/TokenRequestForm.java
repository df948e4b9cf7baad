package dev.jeton.web.openapi;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The form body of a token request, for the OpenAPI document only. */
@Schema(name = "TokenRequest", description = "RFC 6749 section 3.2 token request, form-encoded. Each parameter at most "
        + "once; nothing in the query string. Client credentials go in the Authorization header "
        + "(client_secret_basic) or in the body (client_secret_post), never both.")
public class TokenRequestForm {

    @Schema(name = "grant_type", required = true,
            enumeration = {"authorization_code", "refresh_token", "client_credentials",
                    "urn:ietf:params:oauth:grant-type:device_code", "urn:ietf:params:oauth:grant-type:token-exchange"},
            description = "The grant: authorization_code (RFC 6749 section 4.1.3), refresh_token (section 6), "
                    + "client_credentials (section 4.4), device_code (RFC 8628 section 3.4), token-exchange "
                    + "(RFC 8693 section 2.1). Each grant's parameters are listed below.")
    public String grantType;

    @Schema(description = "authorization_code: the code from the authorization response.")
    public String code;

    @Schema(name = "redirect_uri", format = "uri",
            description = "authorization_code: the redirect_uri of the authorization request, exactly.")
    public String redirectUri;

    @Schema(name = "code_verifier", minLength = 43, maxLength = 128,
            description = "authorization_code: the PKCE verifier (RFC 7636 section 4.5) of the S256 challenge.")
    public String codeVerifier;

    @Schema(name = "refresh_token", description = "refresh_token: the refresh token; it is rotated on use.")
    public String refreshToken;

    @Schema(description = "Space-separated scopes, each allowed to the client. When absent, the server's default "
            + "scopes that the client has.", example = "api.read api.write")
    public String scope;

    @Schema(name = "client_id", description = "The client, for client_secret_post or a public client (or matching "
            + "the Basic header). With jeton.clients.metadata-documents.enabled it may be the https URL of the client's "
            + "metadata document (draft-ietf-oauth-client-id-metadata-document); a refused document is invalid_client "
            + "with the reason in error_description.")
    public String clientId;

    @Schema(name = "client_secret", type = SchemaType.STRING, format = "password",
            description = "The client secret, for client_secret_post only.")
    public String clientSecret;

    @Schema(name = "device_code", description = "urn:ietf:params:oauth:grant-type:device_code (RFC 8628 section "
            + "3.4): the device code from the device authorization endpoint.")
    public String deviceCode;

    @Schema(name = "subject_token", description = "urn:ietf:params:oauth:grant-type:token-exchange (RFC 8693 "
            + "section 2.1): the token that names the subject.")
    public String subjectToken;

    @Schema(name = "subject_token_type", description = "urn:ietf:params:oauth:token-type:access_token, "
            + "...:id_token or ...:jwt.")
    public String subjectTokenType;

    @Schema(name = "actor_token", description = "Token exchange: the acting party's token (delegation, act claim).")
    public String actorToken;

    @Schema(name = "actor_token_type", description = "Token exchange: required with actor_token.")
    public String actorTokenType;

    @Schema(name = "requested_token_type", description = "Token exchange: ...:access_token (default) or "
            + "...:refresh_token where the operator allows it.")
    public String requestedTokenType;

    @Schema(description = "Token exchange: a target audience; may repeat.", example = "https://api.example.com")
    public String audience;

    @Schema(description = "RFC 8707: an absolute URI (no fragment) of the resource the access token is for; may "
            + "repeat. Every grant: the token's aud is the resource(s) named. authorization_code, device_code and "
            + "refresh_token may only name resources of the grant (none: all of them); client_credentials those the "
            + "client is registered for; token exchange those of token_exchange_audiences. Otherwise invalid_target.",
            example = "https://mcp.example.com/")
    public String resource;
}
