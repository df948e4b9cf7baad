package dev.jeton.web.openapi;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The RFC 9126 §2.2 success body, for the OpenAPI document only. */
@Schema(name = "PushedAuthorizationResponse", description = "RFC 9126 section 2.2 pushed authorization response.")
public class ParResponseBody {

    @Schema(name = "request_uri", required = true, description = "Single-use reference to the pushed request.",
            example = "urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c")
    public String requestUri;

    @Schema(name = "expires_in", required = true, description = "Lifetime of the request_uri in seconds.",
            example = "60")
    public long expiresIn;
}
