package dev.jeton.web.openapi;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The device authorization response, for the OpenAPI document only. */
@Schema(name = "DeviceAuthorizationResponse", description = "RFC 8628 section 3.2.")
public class DeviceAuthorizationResponseBody {

    @Schema(name = "device_code", required = true, description = "The device's secret for the token endpoint.")
    public String deviceCode;

    @Schema(name = "user_code", required = true, example = "BCDF-GHJK",
            description = "What the user types at verification_uri: 8 consonants, case and dash do not matter.")
    public String userCode;

    @Schema(name = "verification_uri", required = true, example = "https://as.example.com/activate")
    public String verificationUri;

    @Schema(name = "verification_uri_complete", example = "https://as.example.com/activate?user_code=BCDF-GHJK",
            description = "verification_uri with the user code, for a QR code.")
    public String verificationUriComplete;

    @Schema(name = "expires_in", required = true, description = "Seconds the codes stay valid.")
    public long expiresIn;

    @Schema(required = true, description = "Seconds to wait between token requests (grows by 5 on slow_down).")
    public long interval;
}
