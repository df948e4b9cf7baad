package dev.jeton.web.openapi;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The RFC 6749 §5.1 success body, for the OpenAPI document only. */
@Schema(name = "TokenResponse", description = "RFC 6749 section 5.1 access token response.")
public class TokenResponseBody {

    @Schema(name = "access_token", required = true,
            description = "A JWT access token (RFC 9068, typ at+jwt), signed with a key from the JWKS.")
    public String accessToken;

    @Schema(name = "token_type", required = true, enumeration = {"Bearer", "DPoP"},
            description = "RFC 6750 Bearer, or DPoP for a token bound to the DPoP proof's key (RFC 9449 section 5).")
    public String tokenType;

    @Schema(name = "expires_in", required = true, description = "Lifetime of the access token in seconds.",
            example = "600")
    public long expiresIn;

    @Schema(description = "The granted scopes, space-separated.", example = "api.read")
    public String scope;

    @Schema(name = "refresh_token", description = "authorization_code and refresh_token grants, when the client may "
            + "refresh (offline_access for OpenID requests): a new refresh token; the one presented is spent.")
    public String refreshToken;

    @Schema(name = "id_token", description = "OpenID requests: the ID token (OIDC Core section 3.1.3.3), a JWT.")
    public String idToken;
}
