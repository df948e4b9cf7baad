package dev.jeton.authorize;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the browser goes at the end: the client's redirect URI with the code (RFC 6749
 * §4.1.2) or the error (§4.1.2.1), the state unchanged, and the issuer (RFC 9207 §2), which
 * lets a client that talks to several servers tell which one answered (mix-up attacks).
 */
public final class AuthorizationResponse {

    private AuthorizationResponse() {
    }

    public static String success(AuthorizationRequest request, String code, String issuer) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("code", code);
        parameters.put("state", request.state());
        parameters.put("iss", issuer);
        return RedirectUris.withParameters(request.redirectUri(), parameters);
    }

    public static String error(String redirectUri, String state, AuthorizationError error, String issuer) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("error", error.code().wireValue());
        parameters.put("error_description", error.description());
        parameters.put("state", state);
        parameters.put("iss", issuer);
        return RedirectUris.withParameters(redirectUri, parameters);
    }
}
