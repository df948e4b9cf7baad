package dev.jeton.web.openapi;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The RFC 6749 §5.2 error body, for the OpenAPI document only. */
@Schema(name = "OAuthError", description = "RFC 6749 section 5.2 error response.")
public class ErrorBody {

    @Schema(required = true, enumeration = {"invalid_request", "invalid_client", "invalid_grant",
            "unauthorized_client", "unsupported_grant_type", "invalid_scope", "server_error"})
    public String error;

    @Schema(name = "error_description", description = "Human-readable, safe to show; never internal detail.")
    public String errorDescription;
}
