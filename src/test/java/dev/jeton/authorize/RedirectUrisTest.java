package dev.jeton.authorize;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Building the response redirect (RFC 6749 §4.1.2, §4.1.2.1, §3.1.2; RFC 9207). */
class RedirectUrisTest {

    static final AuthorizationRequest REQUEST = new AuthorizationRequest("web", "https://app.example.com/cb",
            "openid", "a b&c=d\u00e9", "c".repeat(43), null, Set.of(), null, null, null);

    @Test
    void successCarriesCodeStateAndIssuerFormEncoded() {
        assertEquals("https://app.example.com/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=a+b%26c%3Dd%C3%A9"
                        + "&iss=https%3A%2F%2Fas.example.com",
                AuthorizationResponse.success(REQUEST, "SplxlOBeZQQYbYS6WxSbIA", "https://as.example.com")
                        .location());
    }

    @Test
    void withoutStateNoStateIsSent() {
        AuthorizationRequest noState = new AuthorizationRequest("web", "https://app.example.com/cb", "openid", null,
                "c".repeat(43), null, Set.of(), null, null, null);
        assertEquals("https://app.example.com/cb?code=x&iss=https%3A%2F%2Fas.example.com",
                AuthorizationResponse.success(noState, "x", "https://as.example.com").location());
    }

    @Test
    void errorsCarryCodeDescriptionStateAndIssuer() {
        assertEquals("https://app.example.com/cb?error=access_denied&error_description=The+user+said+no."
                        + "&state=s&iss=https%3A%2F%2Fas.example.com%2Ft1",
                AuthorizationResponse.error("https://app.example.com/cb", "s", ResponseMode.QUERY,
                        AuthorizationError.of(AuthorizationErrorCode.ACCESS_DENIED, "The user said no."),
                        "https://as.example.com/t1").location());
    }

    @Test
    void aFormPostResponseKeepsTheParametersForTheFormAndTheRedirectUriAsItIs() {
        // OAuth 2.0 Form Post Response Mode §2: the parameters go in the body, the redirect URI stays as registered
        AuthorizationRequest formPost = new AuthorizationRequest("web", "https://app.example.com/cb?tenant=1",
                "openid", "s", "c".repeat(43), null, Set.of(), null, null, null, ResponseMode.FORM_POST);
        AuthorizationResponse response = AuthorizationResponse.success(formPost, "x", "https://as.example.com");
        assertEquals(ResponseMode.FORM_POST, response.mode());
        assertEquals("https://app.example.com/cb?tenant=1", response.redirectUri());
        assertEquals(Map.of("code", "x", "state", "s", "iss", "https://as.example.com"), response.parameters());
        assertEquals(java.util.List.of("code", "state", "iss"), java.util.List.copyOf(response.parameters().keySet()));
    }

    @Test
    void anExistingQueryIsKept() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("code", "x");
        assertEquals("https://a/cb?tenant=1&code=x", RedirectUris.withParameters("https://a/cb?tenant=1", p));
        assertEquals("https://a/cb?code=x", RedirectUris.withParameters("https://a/cb?", p));
        assertEquals("https://a/cb?t=1&code=x", RedirectUris.withParameters("https://a/cb?t=1&", p));
        assertEquals("com.example.app:/oauth?code=x", RedirectUris.withParameters("com.example.app:/oauth", p));
    }

    @Test
    void onlyAbsoluteUrisWithoutFragmentOrScriptSchemesAreUsable() {
        assertTrue(RedirectUris.usable("https://app.example.com/cb"));
        assertTrue(RedirectUris.usable("http://127.0.0.1:9876/callback"));
        assertTrue(RedirectUris.usable("com.example.app:/oauth2redirect"));
        assertFalse(RedirectUris.usable("/cb"));
        assertFalse(RedirectUris.usable("https://app.example.com/cb#"));
        assertFalse(RedirectUris.usable("https://app.example.com/cb#x"));
        assertFalse(RedirectUris.usable("JavaScript:alert(1)"));
        assertFalse(RedirectUris.usable("data:text/html,hi"));
        assertFalse(RedirectUris.usable("https://app.example.com/a b"));
    }

    @Test
    void theCspSourceIsTheOriginOrTheScheme() {
        assertEquals(Optional.of("https://app.example.com"), RedirectUris.cspSource("https://app.example.com/cb?x=1"));
        assertEquals(Optional.of("http://127.0.0.1:9876"), RedirectUris.cspSource("http://127.0.0.1:9876/callback"));
        assertEquals(Optional.of("http://[::1]:9876"), RedirectUris.cspSource("http://[::1]:9876/callback"));
        assertEquals(Optional.of("com.example.app:"), RedirectUris.cspSource("com.example.app:/oauth"));
        assertEquals(Optional.empty(), RedirectUris.cspSource("https://user@x;y/cb"));
    }
}
