package dev.jeton.authorize;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.OidcClientOptions;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.SecurityProfile;
import dev.jeton.request.FormParameters;
import dev.jeton.token.ResourcePolicy;
import dev.jeton.token.ScopePolicy;
import org.junit.jupiter.api.Test;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The implicit response types of OIDC Core §3.2 (issue #14): off unless the operator turns them on (RFC 9700 §2.1.2),
 * then only for clients registered for them, never for FAPI 2.0 or sender-constrained clients; nonce required; the
 * answer in the fragment or by form post, never in the query.
 */
class ImplicitRequestValidationTest {

    static final String CALLBACK = "https://rp.example.com/cb";

    static RegisteredClient client(String id, Set<String> grants, Set<String> implicitTypes, SecurityProfile security) {
        return new RegisteredClient(id, null, "sha256:x", ClientAuthMethod.CLIENT_SECRET_BASIC, grants,
                Set.of("openid", "profile"), List.of(CALLBACK), null, null, null, true, false, null, security)
                .withOidc(new OidcClientOptions(null, implicitTypes, List.of()));
    }

    static final RegisteredClient RP = client("rp", Set.of("authorization_code", "implicit"),
            Set.of("id_token", "id_token token"), SecurityProfile.NONE);
    static final RegisteredClient ID_TOKEN_ONLY = client("only-id-token", Set.of("implicit"), Set.of("id_token"),
            SecurityProfile.NONE);
    static final RegisteredClient CODE_ONLY = client("code-only", Set.of("authorization_code"), Set.of(),
            SecurityProfile.NONE);
    static final RegisteredClient FAPI = client("fapi", Set.of("authorization_code", "implicit"),
            Set.of("id_token", "id_token token"), SecurityProfile.NONE.withFapi2(true));
    static final RegisteredClient DPOP_BOUND = client("dpop", Set.of("authorization_code", "implicit"),
            Set.of("id_token", "id_token token"), new SecurityProfile(null, null, null, null, true, false, false));

    private static AuthorizationRequestValidator validator(boolean enabled) {
        Map<String, RegisteredClient> clients = Map.of("rp", RP, "only-id-token", ID_TOKEN_ONLY,
                "code-only", CODE_ONLY, "fapi", FAPI, "dpop", DPOP_BOUND);
        return new AuthorizationRequestValidator(id -> Optional.ofNullable(clients.get(id)), id -> Optional.empty(),
                new ScopePolicy(Set.of(), Set.of()), new ResourcePolicy(null), enabled);
    }

    private static final AuthorizationRequestValidator ENABLED = validator(true);

    private static FormParameters request(String... overrides) {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("response_type", "id_token token");
        base.put("client_id", "rp");
        base.put("redirect_uri", CALLBACK);
        base.put("scope", "openid profile");
        base.put("state", "s1");
        base.put("nonce", "n-0S6_WzA2Mj");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                base.remove(overrides[i]);
            } else {
                base.put(overrides[i], overrides[i + 1]);
            }
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        base.forEach((k, v) -> pairs.add(new AbstractMap.SimpleImmutableEntry<>(k, v)));
        return FormParameters.of(pairs);
    }

    private static ValidationOutcome.RedirectError redirected(AuthorizationRequestValidator validator, FormParameters p,
                                                              AuthorizationErrorCode code) {
        ValidationOutcome.RedirectError error = assertInstanceOf(ValidationOutcome.RedirectError.class,
                validator.validate(p));
        assertEquals(code, error.error().code());
        return error;
    }

    @Test
    void aRegisteredClientGetsAnImplicitRequestAnsweredInTheFragment() {
        AuthorizationRequest request = assertInstanceOf(ValidationOutcome.Valid.class, ENABLED.validate(request()))
                .request();
        assertTrue(request.implicit());
        assertEquals("id_token token", request.responseType());
        assertEquals(ResponseMode.FRAGMENT, request.responseMode());
        assertEquals("n-0S6_WzA2Mj", request.nonce());
        assertNull(request.codeChallenge(), "no code, so no PKCE");
    }

    @Test
    void idTokenAloneAndFormPostAreServedToo() {
        AuthorizationRequest request = assertInstanceOf(ValidationOutcome.Valid.class, ENABLED.validate(request(
                "client_id", "only-id-token", "response_type", "id_token", "response_mode", "form_post"))).request();
        assertEquals("id_token", request.responseType());
        assertEquals(ResponseMode.FORM_POST, request.responseMode());
    }

    @Test
    void theCodeFlowIsUnchanged() {
        AuthorizationRequest request = assertInstanceOf(ValidationOutcome.Valid.class, ENABLED.validate(request(
                "response_type", "code", "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                "code_challenge_method", "S256"))).request();
        assertFalse(request.implicit());
        assertEquals(ResponseMode.QUERY, request.responseMode());
    }

    @Test
    void implicitWhileDisabledIsAnUnsupportedResponseTypeInTheFragment() {
        ValidationOutcome.RedirectError error = redirected(validator(false), request(),
                AuthorizationErrorCode.UNSUPPORTED_RESPONSE_TYPE);
        assertEquals(ResponseMode.FRAGMENT, error.responseMode(), "the client asked for tokens: it reads the fragment");
        redirected(validator(false), request("response_type", "id_token"),
                AuthorizationErrorCode.UNSUPPORTED_RESPONSE_TYPE);
    }

    @Test
    void aClientNotRegisteredForTheResponseTypeIsUnauthorized() {
        redirected(ENABLED, request("client_id", "code-only"), AuthorizationErrorCode.UNAUTHORIZED_CLIENT);
        redirected(ENABLED, request("client_id", "only-id-token"), AuthorizationErrorCode.UNAUTHORIZED_CLIENT);
    }

    @Test
    void aFapiClientNeverUsesTheImplicitFlow() {
        redirected(ENABLED, request("client_id", "fapi"), AuthorizationErrorCode.UNAUTHORIZED_CLIENT);
        redirected(ENABLED, request("client_id", "fapi", "response_type", "id_token"),
                AuthorizationErrorCode.UNAUTHORIZED_CLIENT);
    }

    @Test
    void aClientWhoseTokensMustBeSenderConstrainedGetsNoBearerTokenThroughTheBrowser() {
        redirected(ENABLED, request("client_id", "dpop"), AuthorizationErrorCode.UNAUTHORIZED_CLIENT);
        assertInstanceOf(ValidationOutcome.Valid.class, ENABLED.validate(request("client_id", "dpop",
                "response_type", "id_token")), "an ID token alone is no access token");
    }

    @Test
    void theNonceIsRequired() {
        ValidationOutcome.RedirectError error = redirected(ENABLED, request("nonce", null),
                AuthorizationErrorCode.INVALID_REQUEST);
        assertTrue(error.error().description().contains("nonce"));
        redirected(ENABLED, request("nonce", ""), AuthorizationErrorCode.INVALID_REQUEST);
    }

    @Test
    void tokensNeverGoInTheQuery() {
        ValidationOutcome.RedirectError error = redirected(ENABLED, request("response_mode", "query"),
                AuthorizationErrorCode.INVALID_REQUEST);
        assertEquals(ResponseMode.FRAGMENT, error.responseMode(), "not even the error");
    }

    @Test
    void aCodeIsNeverSentInTheFragment() {
        redirected(ENABLED, request("response_type", "code", "response_mode", "fragment",
                "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"),
                AuthorizationErrorCode.INVALID_REQUEST);
    }

    @Test
    void theScopeMustBeAnOpenIdOne() {
        redirected(ENABLED, request("scope", "profile"), AuthorizationErrorCode.INVALID_REQUEST);
    }

    @Test
    void aBareTokenOrAHybridResponseTypeIsStillUnsupported() {
        for (String type : List.of("token", "code id_token", "code token", "code id_token token")) {
            redirected(ENABLED, request("response_type", type), AuthorizationErrorCode.UNSUPPORTED_RESPONSE_TYPE);
        }
    }

    @Test
    void anImplicitOnlyClientIsNotAllowedACode() {
        ValidationOutcome outcome = ENABLED.validate(request("client_id", "only-id-token", "response_type", "code",
                "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method", "S256"));
        assertInstanceOf(ValidationOutcome.RedirectError.class, outcome,
                "a client without the authorization_code grant gets no code");
    }
}
