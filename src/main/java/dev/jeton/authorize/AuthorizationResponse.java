package dev.jeton.authorize;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What goes back to the client at the end: the code (RFC 6749 §4.1.2) or the error (§4.1.2.1),
 * the state unchanged, and the issuer (RFC 9207 §2), which lets a client that talks to several
 * servers tell which one answered (mix-up attacks); delivered to the (verified) redirect URI in
 * the request's response mode.
 *
 * @param parameters the response parameters in order; a null value is left out
 */
public record AuthorizationResponse(String redirectUri, ResponseMode mode, Map<String, String> parameters) {

    public AuthorizationResponse {
        Objects.requireNonNull(redirectUri, "redirectUri");
        Objects.requireNonNull(mode, "mode");
        Map<String, String> present = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (value != null) {
                present.put(name, value);
            }
        });
        parameters = Collections.unmodifiableMap(present);
    }

    public static AuthorizationResponse success(AuthorizationRequest request, String code, String issuer) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("code", code);
        parameters.put("state", request.state());
        parameters.put("iss", issuer);
        return new AuthorizationResponse(request.redirectUri(), request.responseMode(), parameters);
    }

    public static AuthorizationResponse error(AuthorizationRequest request, AuthorizationError error, String issuer) {
        return error(request.redirectUri(), request.state(), request.responseMode(), error, issuer);
    }

    public static AuthorizationResponse error(String redirectUri, String state, ResponseMode mode,
                                              AuthorizationError error, String issuer) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("error", error.code().wireValue());
        parameters.put("error_description", error.description());
        parameters.put("state", state);
        parameters.put("iss", issuer);
        return new AuthorizationResponse(redirectUri, mode, parameters);
    }

    /**
     * Where a redirect goes: the redirect URI with the parameters in its query (RFC 6749 §4.1.2), or in its
     * fragment for the fragment mode (OIDC Core §3.2.2.5, RFC 6749 §4.2.2).
     */
    public String location() {
        return mode == ResponseMode.FRAGMENT ? RedirectUris.withFragment(redirectUri, parameters)
                : RedirectUris.withParameters(redirectUri, parameters);
    }

    /** The tokens of an implicit response (OIDC Core §3.2.2.5), the state and the issuer (RFC 9207). */
    public static AuthorizationResponse tokens(AuthorizationRequest request, Map<String, String> tokens,
                                               String issuer) {
        Map<String, String> parameters = new LinkedHashMap<>(tokens);
        parameters.put("state", request.state());
        parameters.put("iss", issuer);
        return new AuthorizationResponse(request.redirectUri(), request.responseMode(), parameters);
    }
}
