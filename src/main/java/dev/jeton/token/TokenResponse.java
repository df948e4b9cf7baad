package dev.jeton.token;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The RFC 6749 §5.1 success body. Optional members are null when absent; build one with
 * {@link #of} and the named {@code with...} steps, so no call site passes a row of nulls.
 */
public record TokenResponse(String accessToken, String tokenType, long expiresIn, String scope,
                            String refreshToken, String idToken, String issuedTokenType) {

    public TokenResponse {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(tokenType, "tokenType");
    }

    /** The three required members (RFC 6749 §5.1); add the optional ones with the {@code with...} steps. */
    public static TokenResponse of(String accessToken, String tokenType, long expiresIn) {
        return new TokenResponse(accessToken, tokenType, expiresIn, null, null, null, null);
    }

    public static TokenResponse bearer(String accessToken, long expiresIn, String scope) {
        return of(accessToken, "Bearer", expiresIn).withScope(scope);
    }

    public TokenResponse withScope(String value) {
        return new TokenResponse(accessToken, tokenType, expiresIn, value, refreshToken, idToken, issuedTokenType);
    }

    public TokenResponse withRefreshToken(String value) {
        return new TokenResponse(accessToken, tokenType, expiresIn, scope, value, idToken, issuedTokenType);
    }

    /** OIDC Core §3.1.3.3; null (no ID token) leaves the member out. */
    public TokenResponse withIdToken(String value) {
        return new TokenResponse(accessToken, tokenType, expiresIn, scope, refreshToken, value, issuedTokenType);
    }

    /** RFC 8693 §2.2.1. */
    public TokenResponse withIssuedTokenType(String value) {
        return new TokenResponse(accessToken, tokenType, expiresIn, scope, refreshToken, idToken, value);
    }

    /** RFC 9449 §5: the token_type of a DPoP-bound access token. */
    public static final String DPOP = "DPoP";

    /** "DPoP" when the access token is bound to a DPoP key, "Bearer" otherwise. */
    public static String tokenType(boolean dpopBound) {
        return dpopBound ? DPOP : "Bearer";
    }

    /** The members in wire order, absent ones left out. */
    public Map<String, Object> members() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("access_token", accessToken);
        m.put("token_type", tokenType);
        m.put("expires_in", expiresIn);
        putIfPresent(m, "scope", scope);
        putIfPresent(m, "refresh_token", refreshToken);
        putIfPresent(m, "id_token", idToken);
        putIfPresent(m, "issued_token_type", issuedTokenType);
        return m;
    }

    private static void putIfPresent(Map<String, Object> m, String name, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(name, value);
        }
    }
}
