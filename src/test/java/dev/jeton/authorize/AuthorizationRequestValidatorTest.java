package dev.jeton.authorize;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.SecurityProfile;
import dev.jeton.request.FormParameters;
import dev.jeton.token.ScopePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

/** The checks of an authorization request and their order (RFC 6749 §4.1.1, §4.1.2.1; RFC 7636; OIDC Core §3.1.2). */
class AuthorizationRequestValidatorTest {

    static final String CALLBACK = "https://app.example.com/cb";
    /** RFC 7636 Appendix B. */
    static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    static final RegisteredClient WEB = new RegisteredClient("web", "Web", null, ClientAuthMethod.NONE,
            Set.of("authorization_code"), Set.of("openid", "profile", "api.read"),
            List.of(CALLBACK, "https://app.example.com/other?tenant=1"), null, null, null, true);
    static final RegisteredClient SERVICE = new RegisteredClient("service", null, "sha256:x",
            ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of("client_credentials"), Set.of("api.read"), List.of(CALLBACK),
            null, null, null, true);
    static final RegisteredClient DISABLED = new RegisteredClient("off", null, null, ClientAuthMethod.NONE,
            Set.of("authorization_code"), Set.of("openid"), List.of(CALLBACK), null, null, null, false);
    /** Confidential, PKCE left at its default: required. */
    static final RegisteredClient CONFIDENTIAL = new RegisteredClient("confidential", null, "sha256:x",
            ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of("authorization_code"), Set.of("openid", "api.read"),
            List.of(CALLBACK), null, null, null, true, false, null);
    /** Confidential, registered with require_pkce: false. */
    static final RegisteredClient RELAXED = new RegisteredClient("relaxed", null, "sha256:x",
            ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of("authorization_code"), Set.of("openid", "api.read"),
            List.of(CALLBACK), null, null, null, true, false, null, SecurityProfile.NONE.withRequirePkce(false));
    /** Relaxed, but under the FAPI 2.0 profile, which never relaxes PKCE. */
    static final RegisteredClient RELAXED_FAPI = new RegisteredClient("relaxed-fapi", null, "sha256:x",
            ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of("authorization_code"), Set.of("openid"),
            List.of(CALLBACK), null, null, null, true, false, null,
            SecurityProfile.NONE.withRequirePkce(false).withFapi2(true));
    /** RFC 8707: registered for two resources. */
    static final RegisteredClient AGENT = new RegisteredClient("agent", null, null, ClientAuthMethod.NONE,
            Set.of("authorization_code"), Set.of("openid", "profile"), List.of(CALLBACK), null, null, null, true)
            .withResources(new dev.jeton.client.ResourceAccess(List.of("https://api.example.com",
                    "https://other.example.com"), false));
    static final RegisteredClient SCRIPTED = new RegisteredClient("scripted", null, null, ClientAuthMethod.NONE,
            Set.of("authorization_code"), Set.of("openid"), List.of("javascript:alert(1)//"), null, null, null, true);

    private final AuthorizationRequestValidator validator = new AuthorizationRequestValidator(
            id -> Optional.ofNullable(Map.of("web", WEB, "service", SERVICE, "off", DISABLED, "scripted", SCRIPTED,
                    "confidential", CONFIDENTIAL, "relaxed", RELAXED, "relaxed-fapi", RELAXED_FAPI, "agent", AGENT)
                    .get(id)),
            new ScopePolicy(Set.of(), Set.of()));

    /** A valid request; pairs after it replace (value non-null) or remove (value null) parameters. */
    private static FormParameters request(String... overrides) {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("response_type", "code");
        base.put("client_id", "web");
        base.put("redirect_uri", CALLBACK);
        base.put("scope", "openid profile");
        base.put("state", "xyz");
        base.put("code_challenge", CHALLENGE);
        base.put("code_challenge_method", "S256");
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

    /** A valid request with one more {@code name=value} pair at the end (repeating or adding a parameter). */
    private static FormParameters withExtra(String name, String value, String... overrides) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        FormParameters p = request(overrides);
        for (String n : p.names()) {
            pairs.add(new AbstractMap.SimpleImmutableEntry<>(n, p.get(n).orElse("")));
        }
        pairs.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
        return FormParameters.of(pairs);
    }

    private AuthorizationRequest valid(FormParameters p) {
        return assertInstanceOf(ValidationOutcome.Valid.class, validator.validate(p)).request();
    }

    private void page(FormParameters p) {
        ValidationOutcome.ShowError error = assertInstanceOf(ValidationOutcome.ShowError.class, validator.validate(p));
        assertFalse(error.message().isBlank());
    }

    private ValidationOutcome.RedirectError redirected(FormParameters p, AuthorizationErrorCode code) {
        ValidationOutcome.RedirectError error = assertInstanceOf(ValidationOutcome.RedirectError.class,
                validator.validate(p));
        assertEquals(code, error.error().code(), error.error().description());
        return error;
    }

    @Test
    void aCompleteRequestIsValid() {
        AuthorizationRequest r = valid(request("nonce", "n-0S6", "login_hint", "alice"));
        assertEquals("web", r.clientId());
        assertEquals(CALLBACK, r.redirectUri());
        assertEquals("openid profile", r.scope());
        assertEquals("xyz", r.state());
        assertEquals(CHALLENGE, r.codeChallenge());
        assertEquals("n-0S6", r.nonce());
        assertEquals("alice", r.loginHint());
        assertTrue(r.openId());
        assertTrue(r.prompts().isEmpty());
        assertNull(r.maxAge());
    }

    @Test
    void stateIsOptional() {
        assertNull(valid(request("state", null)).state());
    }

    // RFC 6749 §4.1.2.1: client and redirect URI problems are shown to the user, never redirected

    @Test
    void missingUnknownDisabledOrNonCodeClientsGetAPage() {
        page(request("client_id", null));
        page(request("client_id", "nobody"));
        page(request("client_id", "off"));
        page(request("client_id", "service"));
    }

    /** A refused client ID metadata document: its reason on the page, never a redirect to its unverified URIs. */
    @Test
    void aRefusedMetadataDocumentShowsWhyOnThePage() {
        AuthorizationRequestValidator documents = new AuthorizationRequestValidator(id -> Optional.empty(),
                id -> id.startsWith("https://") ? Optional.of("The client metadata document was not accepted: "
                        + "it is too large.") : Optional.empty(), new ScopePolicy(Set.of(), Set.of()),
                new dev.jeton.token.ResourcePolicy(null));
        ValidationOutcome.ShowError error = assertInstanceOf(ValidationOutcome.ShowError.class,
                documents.validate(request("client_id", "https://agent.example/client.json")));
        assertEquals("The client metadata document was not accepted: it is too large.", error.message());
        ValidationOutcome.ShowError unknown = assertInstanceOf(ValidationOutcome.ShowError.class,
                documents.validate(request("client_id", "nobody")));
        assertTrue(unknown.message().contains("not known"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com/cb/", "https://app.example.com/CB", "https://APP.example.com/cb",
            "https://app.example.com/cb?x=1", "https://app.example.com/cb#f", "https://evil.example.com/cb",
            "https://app.example.com/other", "https://app.example.com/other?tenant=2", "http://app.example.com/cb",
            "https://app.example.com:443/cb"})
    void aRedirectUriThatIsNotExactlyRegisteredGetsAPage(String redirectUri) {
        page(request("redirect_uri", redirectUri));
    }

    @Test
    void aMissingRedirectUriGetsAPage() {
        page(request("redirect_uri", null));
    }

    @Test
    void aRegisteredRedirectUriWithAQueryIsAccepted() {
        assertEquals("https://app.example.com/other?tenant=1",
                valid(request("redirect_uri", "https://app.example.com/other?tenant=1")).redirectUri());
    }

    @Test
    void aRegisteredScriptUriIsNeverUsed() {
        page(request("client_id", "scripted", "redirect_uri", "javascript:alert(1)//"));
    }

    @Test
    void aRepeatedClientIdOrRedirectUriGetsAPageEvenIfTheValuesAgree() {
        page(withExtra("client_id", "web"));
        page(withExtra("redirect_uri", CALLBACK));
    }

    @Test
    void clientProblemsComeBeforeEverythingElse() {
        page(request("client_id", "nobody", "response_type", "token", "code_challenge", null));
        page(request("redirect_uri", "https://evil.example.com/", "response_type", "token"));
    }

    // errors the client can correct go to its redirect URI, with the state

    @Test
    void redirectedErrorsCarryTheRedirectUriAndState() {
        ValidationOutcome.RedirectError e = redirected(request("response_type", "token"),
                AuthorizationErrorCode.UNSUPPORTED_RESPONSE_TYPE);
        assertEquals(CALLBACK, e.redirectUri());
        assertEquals("xyz", e.state());
    }

    @Test
    void responseTypeIsRequiredAndMustBeCode() {
        redirected(request("response_type", null), AuthorizationErrorCode.INVALID_REQUEST);
        redirected(request("response_type", "token"), AuthorizationErrorCode.UNSUPPORTED_RESPONSE_TYPE);
        redirected(request("response_type", "code id_token"), AuthorizationErrorCode.UNSUPPORTED_RESPONSE_TYPE);
    }

    @Test
    void queryAndFormPostAreTheResponseModes() {
        assertEquals(ResponseMode.QUERY, valid(request()).responseMode(), "the default of response_type=code");
        assertEquals(ResponseMode.QUERY, valid(request("response_mode", "query")).responseMode());
        assertEquals(ResponseMode.FORM_POST, valid(request("response_mode", "form_post")).responseMode());
        // fragment is for response types that return tokens; Jeton returns only a code
        ValidationOutcome.RedirectError fragment = redirected(request("response_mode", "fragment"),
                AuthorizationErrorCode.INVALID_REQUEST);
        assertEquals(ResponseMode.QUERY, fragment.responseMode(), "an unusable mode: the default delivers the error");
        redirected(request("response_mode", "FORM_POST"), AuthorizationErrorCode.INVALID_REQUEST);
    }

    @Test
    void errorsOfAFormPostRequestGoBackAsAFormPost() {
        ValidationOutcome.RedirectError e = redirected(request("response_mode", "form_post", "response_type", "token"),
                AuthorizationErrorCode.UNSUPPORTED_RESPONSE_TYPE);
        assertEquals(ResponseMode.FORM_POST, e.responseMode());
        assertEquals(ResponseMode.QUERY, redirected(withExtra("response_mode", "query", "response_mode", "form_post"),
                AuthorizationErrorCode.INVALID_REQUEST).responseMode(), "a repeated mode is not trusted");
    }

    @Test
    void errorsOfAPromptNoneRequestSayPromptNone() {
        // OIDC Core §3.1.2.6: the caller answers login_required to such a request from a browser without a sign-in
        assertTrue(redirected(request("prompt", "none", "code_challenge", null, "code_challenge_method", null),
                AuthorizationErrorCode.INVALID_REQUEST).promptNone());
        assertTrue(redirected(request("prompt", "none", "scope", "openid admin"), AuthorizationErrorCode.INVALID_SCOPE)
                .promptNone());
        assertFalse(redirected(request("scope", "openid admin"), AuthorizationErrorCode.INVALID_SCOPE).promptNone());
        assertFalse(redirected(request("prompt", "none login"), AuthorizationErrorCode.INVALID_REQUEST).promptNone(),
                "an invalid prompt is not prompt=none");
        assertFalse(redirected(withExtra("prompt", "none", "prompt", "none"), AuthorizationErrorCode.INVALID_REQUEST)
                .promptNone(), "nor is a repeated one");
    }

    @Test
    void pkceWithS256IsMandatory() {
        redirected(request("code_challenge", null), AuthorizationErrorCode.INVALID_REQUEST);
        // RFC 7636 §4.3: a missing method means plain
        redirected(request("code_challenge_method", null), AuthorizationErrorCode.INVALID_REQUEST);
        redirected(request("code_challenge_method", "plain"), AuthorizationErrorCode.INVALID_REQUEST);
        redirected(request("code_challenge_method", "s256"), AuthorizationErrorCode.INVALID_REQUEST);
        redirected(request("code_challenge_method", "S512"), AuthorizationErrorCode.INVALID_REQUEST);
    }

    @Test
    void pkceIsRequiredOfPublicClientsAndOfConfidentialClientsByDefault() {
        // RFC 9700 §2.1.1: public clients MUST; confidential clients: Jeton's default
        redirected(request("code_challenge", null, "code_challenge_method", null), AuthorizationErrorCode.INVALID_REQUEST);
        redirected(request("client_id", "confidential", "scope", "openid", "code_challenge", null,
                "code_challenge_method", null),
                AuthorizationErrorCode.INVALID_REQUEST);
        assertEquals(CHALLENGE, valid(request("client_id", "confidential", "scope", "openid")).codeChallenge());
    }

    @Test
    void aConfidentialClientWithPkceRelaxedMayLeaveItOutOfAnOpenIdRequest() {
        AuthorizationRequest r = valid(request("client_id", "relaxed", "scope", "openid", "code_challenge", null,
                "code_challenge_method", null, "nonce", "n-1"));
        assertNull(r.codeChallenge());
        // OIDC Core §3.1.2.1: nonce stays optional for the code flow; the client decides to rely on it
        assertNull(valid(request("client_id", "relaxed", "scope", "openid", "code_challenge", null,
                "code_challenge_method", null)).codeChallenge());
        // relaxed is not forbidden: PKCE sent is PKCE checked
        assertEquals(CHALLENGE, valid(request("client_id", "relaxed", "scope", "openid")).codeChallenge());
        redirected(request("client_id", "relaxed", "scope", "openid", "code_challenge_method", "plain"),
                AuthorizationErrorCode.INVALID_REQUEST);
    }

    @Test
    void withoutOpenIdNothingReplacesPkceSoARelaxedClientStillNeedsIt() {
        // RFC 9700 §2.1.1: the nonce is the only other defence against code injection
        redirected(request("client_id", "relaxed", "scope", "api.read", "code_challenge", null,
                "code_challenge_method", null), AuthorizationErrorCode.INVALID_REQUEST);
    }

    @Test
    void aClientUnderTheFapi2ProfileNeverGoesWithoutPkce() {
        redirected(request("client_id", "relaxed-fapi", "scope", "openid", "code_challenge", null,
                "code_challenge_method", null), AuthorizationErrorCode.INVALID_REQUEST);
    }

    @Test
    void aMethodWithoutAChallengeIsInvalid() {
        redirected(request("client_id", "relaxed", "scope", "openid", "code_challenge", null),
                AuthorizationErrorCode.INVALID_REQUEST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM=",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw cM"})
    void aMalformedChallengeIsInvalid(String challenge) {
        redirected(request("code_challenge", challenge), AuthorizationErrorCode.INVALID_REQUEST);
    }

    @Test
    void challengesOf43To128UnreservedCharactersAreAccepted() {
        valid(request("code_challenge", "a".repeat(43)));
        valid(request("code_challenge", "A-._~".repeat(25) + "abc"));
        redirected(request("code_challenge", "a".repeat(129)), AuthorizationErrorCode.INVALID_REQUEST);
    }

    @Test
    void dpopJktIsAThumbprintKeptWithTheRequest() {
        // RFC 9449 §10
        assertEquals("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I",
                valid(request("dpop_jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I")).dpopJkt());
        assertNull(valid(request()).dpopJkt());
        for (String bad : List.of("short", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I=",
                "0ZcOCORZNYy+DWpqq30jZyJGHTN0d2HglBV3uiguA4I")) {
            redirected(request("dpop_jkt", bad), AuthorizationErrorCode.INVALID_REQUEST);
        }
    }

    @Test
    void scopeIsCheckedAgainstTheClient() {
        redirected(request("scope", "openid admin"), AuthorizationErrorCode.INVALID_SCOPE);
        redirected(request("scope", "openid  profile"), AuthorizationErrorCode.INVALID_SCOPE);
        assertEquals("api.read openid profile", valid(request("scope", null)).scope(), "RFC 6749 §3.3 default");
    }

    @Test
    void anyRepeatedParameterIsInvalidAndTheStateIsKeptWhenSingle() {
        ValidationOutcome.RedirectError e = redirected(withExtra("scope", "openid"),
                AuthorizationErrorCode.INVALID_REQUEST);
        assertEquals("xyz", e.state());
        assertTrue(e.error().description().contains("scope"));
    }

    @Test
    void resourceMayRepeatAndTheRequestKeepsEachOnce() {
        // RFC 8707 §2
        AuthorizationRequest request = valid(withExtra("resource", "https://other.example.com", "client_id", "agent",
                "resource", "https://api.example.com"));
        assertEquals(List.of("https://api.example.com", "https://other.example.com"), request.resources());
    }

    @Test
    void aResourceTheClientIsNotRegisteredForIsAnInvalidTargetRedirect() {
        // RFC 8707 §2: "invalid_target" at the authorization endpoint, to the (verified) redirect URI
        ValidationOutcome.RedirectError e = redirected(request("resource", "https://elsewhere.example.com"),
                AuthorizationErrorCode.INVALID_TARGET);
        assertEquals("xyz", e.state());
        redirected(request("client_id", "agent", "resource", "https://api.example.com/sub"),
                AuthorizationErrorCode.INVALID_TARGET);
    }

    @Test
    void aMalformedResourceIsAnInvalidTargetRedirect() {
        for (String bad : List.of("https://api.example.com#top", "/relative", "api.example.com")) {
            redirected(request("client_id", "agent", "resource", bad), AuthorizationErrorCode.INVALID_TARGET);
        }
    }

    @Test
    void withoutResourceTheRequestNamesNone() {
        assertEquals(List.of(), valid(request("client_id", "agent")).resources());
    }

    @Test
    void aRepeatedStateIsNotEchoed() {
        assertNull(redirected(withExtra("state", "other"), AuthorizationErrorCode.INVALID_REQUEST).state());
    }

    @Test
    void anUnknownRepeatedParameterIsNotNamed() {
        ValidationOutcome.RedirectError e = redirected(withExtra("<b>", "1", "<b>", "2"),
                AuthorizationErrorCode.INVALID_REQUEST);
        assertFalse(e.error().description().contains("<"));
    }

    @Test
    void requestObjectsAndRegistrationAreNotSupported() {
        redirected(request("request", "eyJ.e30."), AuthorizationErrorCode.REQUEST_NOT_SUPPORTED);
        redirected(request("request_uri", "urn:ietf:params:oauth:request_uri:x"),
                AuthorizationErrorCode.REQUEST_URI_NOT_SUPPORTED);
        redirected(request("registration", "{}"), AuthorizationErrorCode.REGISTRATION_NOT_SUPPORTED);
    }

    // OpenID Connect parameters

    @Test
    void promptValuesAreParsed() {
        assertEquals(Set.of(Prompt.LOGIN, Prompt.CONSENT), valid(request("prompt", "login consent")).prompts());
        assertEquals(Set.of(Prompt.NONE), valid(request("prompt", "none")).prompts());
        assertEquals(Set.of(Prompt.SELECT_ACCOUNT), valid(request("prompt", "select_account")).prompts());
    }

    @Test
    void promptNoneWithAnotherValueOrAnUnknownValueIsInvalid() {
        redirected(request("prompt", "none login"), AuthorizationErrorCode.INVALID_REQUEST);
        redirected(request("prompt", "consent none"), AuthorizationErrorCode.INVALID_REQUEST);
        redirected(request("prompt", "sometimes"), AuthorizationErrorCode.INVALID_REQUEST);
    }

    @Test
    void maxAgeIsANonNegativeWholeNumber() {
        assertEquals(0L, valid(request("max_age", "0")).maxAge());
        assertEquals(3600L, valid(request("max_age", "3600")).maxAge());
        for (String bad : List.of("-1", "1.5", "abc", "12345678901", "+5", " 5")) {
            redirected(request("max_age", bad), AuthorizationErrorCode.INVALID_REQUEST);
        }
    }

    @Test
    void claimsMustBeAJsonObjectAndAreKeptAsJson() {
        String claims = valid(request("claims", "{\"userinfo\": {\"email\": {\"essential\": true}}}")).claims();
        assertEquals("{\"userinfo\":{\"email\":{\"essential\":true}}}", claims);
        for (String bad : List.of("[]", "\"x\"", "{", "{\"userinfo\": 1}", "{\"id_token\": []}", "not json")) {
            redirected(request("claims", bad), AuthorizationErrorCode.INVALID_REQUEST);
        }
    }

    @Test
    void anEssentialAcrThatNoSignInReachesIsUnmetAuthenticationRequirements() {
        // OIDC Core §5.5.1.1: "MUST treat that outcome as a failed authentication attempt"
        redirected(request("claims", "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"urn:x:mfa\"]}}}"),
                AuthorizationErrorCode.UNMET_AUTHENTICATION_REQUIREMENTS);
        redirected(request("claims", "{\"id_token\":{\"acr\":{\"essential\":true,\"value\":\"urn:x:mfa\"}}}"),
                AuthorizationErrorCode.UNMET_AUTHENTICATION_REQUIREMENTS);
        // the value Jeton reaches, an essential acr without values, a voluntary one, acr_values: all fine
        valid(request("claims", "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"urn:x:mfa\","
                + "\"urn:jeton:acr:password\"]}}}"));
        valid(request("claims", "{\"id_token\":{\"acr\":{\"essential\":true}}}"));
        valid(request("claims", "{\"id_token\":{\"acr\":{\"values\":[\"urn:x:mfa\"]}}}"));
        valid(request("acr_values", "urn:x:mfa urn:x:other"));
    }

    @Test
    void nonceAndClaimsAreKeptOnlyForOpenIdRequests() {
        AuthorizationRequest plainOAuth = valid(request("scope", "api.read", "nonce", "n", "claims", "{}",
                "prompt", "login"));
        assertFalse(plainOAuth.openId());
        assertNull(plainOAuth.nonce());
        assertNull(plainOAuth.claims());
        assertEquals(Set.of(Prompt.LOGIN), plainOAuth.prompts(), "prompt means the same without openid");
    }

    @Test
    void anOverlongNonceIsInvalidAndAnOverlongLoginHintIsIgnored() {
        redirected(request("nonce", "n".repeat(AuthorizationRequestValidator.MAX_NONCE_LENGTH + 1)),
                AuthorizationErrorCode.INVALID_REQUEST);
        assertNull(valid(request("login_hint", "a".repeat(AuthorizationRequestValidator.MAX_LOGIN_HINT_LENGTH + 1)))
                .loginHint());
    }

    @Test
    void emptyParametersCountAsAbsent() {
        // RFC 6749 §3.1: "Parameters sent without a value MUST be treated as if they were omitted"
        assertNull(valid(request("state", "", "nonce", "")).state());
        redirected(request("code_challenge", ""), AuthorizationErrorCode.INVALID_REQUEST);
    }

    @Test
    void descriptionsStayWithinTheAllowedCharacters() {
        assertEquals("a?b?c", AuthorizationError.safeDescription("a\"b\\c"));
        assertEquals("caf?", AuthorizationError.safeDescription("caf\u00e9"));
    }
}
