package dev.jeton.web.openapi;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The RFC 7662 §2.2 introspection response, for the OpenAPI document only. */
@Schema(name = "IntrospectionResponse", description = "RFC 7662 section 2.2. An inactive, unknown or foreign token "
        + "is {\"active\":false} and nothing else.")
public class IntrospectionBody {

    @Schema(required = true)
    public boolean active;
    @Schema(description = "Space-separated scopes.")
    public String scope;
    @Schema(name = "client_id")
    public String clientId;
    public String sub;
    @Schema(description = "A string, or an array of strings when the token has several audiences (access tokens only).")
    public String aud;
    public String iss;
    @Schema(description = "Seconds since the epoch.")
    public long exp;
    @Schema(description = "Seconds since the epoch.")
    public long iat;
    @Schema(description = "The access token's JWT id.")
    public String jti;
    @Schema(name = "token_type", enumeration = {"Bearer", "DPoP", "refresh_token"})
    public String tokenType;
    @Schema(type = SchemaType.OBJECT, description = "Confirmation (RFC 7800), e.g. {\"jkt\": ...} for a DPoP-bound "
            + "token (RFC 9449 section 6).")
    public Object cnf;
}
