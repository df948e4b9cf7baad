package dev.jeton.web.openapi;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The RFC 7591 §3.2.2 error body, for the OpenAPI document only. */
@Schema(name = "RegistrationError", description = "RFC 7591 section 3.2.2 error response.")
public class RegistrationErrorBody {

    @Schema(required = true, enumeration = {"invalid_redirect_uri", "invalid_client_metadata", "invalid_request",
            "invalid_token", "insufficient_scope"})
    public String error;

    @Schema(name = "error_description")
    public String errorDescription;
}
