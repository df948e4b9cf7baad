package dev.jeton.grant.devicecode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RFC 8628 §3.2 answer.
 *
 * @param userCode the user code as shown to people ({@code XXXX-XXXX})
 */
public record DeviceAuthorizationResponse(String deviceCode, String userCode, String verificationUri,
                                          String verificationUriComplete, long expiresIn, long interval) {

    public Map<String, Object> members() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("device_code", deviceCode);
        m.put("user_code", userCode);
        m.put("verification_uri", verificationUri);
        m.put("verification_uri_complete", verificationUriComplete);
        m.put("expires_in", expiresIn);
        m.put("interval", interval);
        return m;
    }
}
