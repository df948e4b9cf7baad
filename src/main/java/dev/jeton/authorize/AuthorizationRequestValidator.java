package dev.jeton.authorize;

import dev.jeton.vocabulary.Scope;
import dev.jeton.vocabulary.SignInLevel;
import dev.jeton.client.OidcClientOptions;
import dev.jeton.client.RegisteredClient;
import dev.jeton.request.FormParameters;
import dev.jeton.vocabulary.GrantType;
import dev.jeton.token.ResourcePolicy;
import dev.jeton.token.ScopePolicy;

import java.util.List;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import static dev.jeton.authorize.AuthorizationErrorCode.INVALID_SCOPE;
import static dev.jeton.authorize.AuthorizationErrorCode.REGISTRATION_NOT_SUPPORTED;
import static dev.jeton.authorize.AuthorizationErrorCode.REQUEST_NOT_SUPPORTED;
import static dev.jeton.authorize.AuthorizationErrorCode.REQUEST_URI_NOT_SUPPORTED;
import static dev.jeton.authorize.AuthorizationErrorCode.UNSUPPORTED_RESPONSE_TYPE;

/**
 * Checks an authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, OIDC Core §3.1.2.1-2) in
 * the order that keeps the user safe: first the client and its redirect URI, which decide
 * whether an error may be redirected at all (RFC 6749 §4.1.2.1, §10.15: never an open
 * redirector), then everything the client can correct, reported to that redirect URI.
 */
public final class AuthorizationRequestValidator {

    /** RFC 7636 §4.2: code-challenge = 43*128unreserved. */
    private static final Pattern CODE_CHALLENGE = Pattern.compile("[A-Za-z0-9._~-]{43,128}");
    /** RFC 9449 §10: dpop_jkt is an RFC 7638 SHA-256 thumbprint, base64url without padding. */
    private static final Pattern JWK_THUMBPRINT = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** OIDC Core §3.1.2.1: max_age is a non-negative number of seconds; ten digits is over 300 years. */
    private static final Pattern MAX_AGE = Pattern.compile("[0-9]{1,10}");
    static final int MAX_NONCE_LENGTH = 512;
    static final int MAX_LOGIN_HINT_LENGTH = 256;
    static final int MAX_CLAIMS_LENGTH = 8192;

    /** Parameter names this endpoint knows; only these are ever named in an error description. */
    private static final Set<String> KNOWN = Set.of("client_id", "redirect_uri", "response_type", "response_mode",
            "scope", "state", "code_challenge", "code_challenge_method", "nonce", "prompt", "max_age", "claims",
            "login_hint", "id_token_hint", "display", "ui_locales", "claims_locales", "acr_values", "request",
            "request_uri", "registration", "resource", "dpop_jkt");

    private final Function<String, Optional<RegisteredClient>> clients;
    private final Function<String, Optional<String>> refusals;
    private final ScopePolicy scopes;
    private final ResourcePolicy resources;
    /** Issue #14: the implicit response types are served ({@code jeton.oidc.implicit.enabled}). */
    private final boolean implicitEnabled;

    /** @param clients looks a client up by id (e.g. {@code ClientStore::find}) */
    public AuthorizationRequestValidator(Function<String, Optional<RegisteredClient>> clients, ScopePolicy scopes,
                                         ResourcePolicy resources) {
        this(clients, id -> Optional.empty(), scopes, resources);
    }

    /**
     * @param refusals why a client id that names a client ID metadata document found no client
     *                 ({@code ClientStore::refusal}), shown on the error page
     */
    public AuthorizationRequestValidator(Function<String, Optional<RegisteredClient>> clients,
                                         Function<String, Optional<String>> refusals, ScopePolicy scopes,
                                         ResourcePolicy resources) {
        this(clients, refusals, scopes, resources, false);
    }

    /** @param implicitEnabled the operator serves the implicit response types (OIDC Core §3.2) to registered clients */
    public AuthorizationRequestValidator(Function<String, Optional<RegisteredClient>> clients,
                                         Function<String, Optional<String>> refusals, ScopePolicy scopes,
                                         ResourcePolicy resources, boolean implicitEnabled) {
        this.implicitEnabled = implicitEnabled;
        this.clients = clients;
        this.refusals = refusals;
        this.scopes = scopes;
        this.resources = resources;
    }

    /** Without a server-wide resource policy (unit tests that are not about RFC 8707). */
    public AuthorizationRequestValidator(Function<String, Optional<RegisteredClient>> clients, ScopePolicy scopes) {
        this(clients, scopes, new ResourcePolicy(null));
    }

    public ValidationOutcome validate(FormParameters p) {
        // RFC 6749 §4.1.2.1: a missing, invalid or mismatching client or redirect_uri is shown
        // to the user, never redirected
        if (repeated(p, "client_id")) {
            return new ValidationOutcome.ShowError("The request names the application more than once.");
        }
        Optional<String> clientId = p.get("client_id");
        if (clientId.isEmpty()) {
            return new ValidationOutcome.ShowError("The request does not say which application is asking "
                    + "(client_id is missing).");
        }
        Optional<RegisteredClient> found = clients.apply(clientId.get()).filter(RegisteredClient::enabled);
        if (found.isEmpty()) {
            // a client ID metadata document that was refused: say why (never redirect to its unverified URIs)
            return new ValidationOutcome.ShowError(refusals.apply(clientId.get())
                    .orElse("The application that sent you here is not known to this server."));
        }
        RegisteredClient client = found.get();
        if (!mayAuthorize(client)) {
            return new ValidationOutcome.ShowError("The application that sent you here may not ask you to sign in "
                    + "(it is not registered for the authorization code grant).");
        }
        if (repeated(p, "redirect_uri")) {
            return new ValidationOutcome.ShowError("The request names the return address more than once.");
        }
        Optional<String> redirectUri = p.get("redirect_uri");
        if (redirectUri.isEmpty()) {
            return new ValidationOutcome.ShowError("The request does not say where to return to "
                    + "(redirect_uri is missing).");
        }
        // RFC 6749 §3.1.2.3 and RFC 9700 §2.1: simple string comparison, no pattern, no prefix
        if (!client.redirectUris().contains(redirectUri.get()) || !RedirectUris.usable(redirectUri.get())) {
            return new ValidationOutcome.ShowError("The return address (redirect_uri) is not registered for "
                    + "this application.");
        }
        // FAPI 2.0 Security Profile §5.3.2.2 (8): also a client put under the profile after it registered
        if (client.security().fapi2() && !dev.jeton.client.Fapi2RedirectUris.allowed(redirectUri.get())) {
            return new ValidationOutcome.ShowError("The return address (redirect_uri) is not encrypted (http): "
                    + "this application is held to the FAPI 2.0 Security Profile.");
        }
        return validateForClient(p, client, redirectUri.get());
    }

    /**
     * Everything after the redirect URI is trusted: errors go back to the client. First what decides
     * how an error is delivered (state, response_mode) and whether OIDC Core §3.1.2.6 wants the
     * silent-authentication error instead (prompt=none), then the rest.
     */
    private ValidationOutcome validateForClient(FormParameters p, RegisteredClient client, String redirectUri) {
        String state = repeated(p, "state") ? null : p.get("state").orElse(null);
        Optional<ResponseMode> mode = repeated(p, "response_mode") ? Optional.empty()
                : p.get("response_mode").map(m -> ResponseMode.fromWire(m).orElse(null));
        boolean promptNone = !repeated(p, "prompt") && p.get("prompt")
                .flatMap(Prompt::parseList).filter(Set.of(Prompt.NONE)::equals).isPresent();
        // OIDC Core §3.2.2.5 and Multiple Response Type Encoding Practices §5: an implicit response type answers in
        // the fragment by default, and never in the query - not even with an error
        boolean implicitType = !repeated(p, "response_type") && p.get("response_type")
                .filter(OidcClientOptions.IMPLICIT_RESPONSE_TYPES::contains).isPresent();
        ResponseMode errorMode = mode.filter(m -> implicitType ? m != ResponseMode.QUERY : m != ResponseMode.FRAGMENT)
                .orElse(implicitType ? ResponseMode.FRAGMENT : ResponseMode.QUERY);
        ErrorSink fail = new ErrorSink(redirectUri, state, errorMode, promptNone);

        // RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once";
        // RFC 8707 §2 lets resource repeat
        Optional<String> repeated = p.firstRepeated(Set.of("resource"));
        if (repeated.isPresent()) {
            String name = KNOWN.contains(repeated.get()) ? "The parameter " + repeated.get() : "A parameter";
            return fail.invalidRequest(name + " is repeated.");
        }
        // Multiple Response Type Encoding Practices §2.1 (query, the default of code) and Form Post Response
        // Mode §2; fragment is for response types that return tokens, which Jeton does not issue
        if (p.has("response_mode") && mode.isEmpty()) {
            return fail.invalidRequest("response_mode must be query or form_post.");
        }
        if (!implicitType && mode.filter(ResponseMode.FRAGMENT::equals).isPresent()) {
            // the code flow answers in the query or by form post; a code in a fragment is offered to no one
            return fail.invalidRequest("response_mode must be query or form_post.");
        }
        // OIDC Core §6: request objects are not supported (yet); nor is self-registration
        if (p.has("request")) {
            return fail.with(REQUEST_NOT_SUPPORTED, "Request objects are not supported.");
        }
        if (p.has("request_uri")) {
            return fail.with(REQUEST_URI_NOT_SUPPORTED, "request_uri is not supported.");
        }
        if (p.has("registration")) {
            return fail.with(REGISTRATION_NOT_SUPPORTED, "The registration parameter is not supported.");
        }
        // RFC 6749 §4.1.1, §4.1.2.1
        Optional<String> responseType = p.get("response_type");
        if (responseType.isEmpty()) {
            return fail.invalidRequest("response_type is required.");
        }
        if (implicitType) {
            return implicit(p, client, redirectUri, state, responseType.get(), mode, fail);
        }
        if (!responseType.get().equals("code")) {
            return fail.with(UNSUPPORTED_RESPONSE_TYPE, "Only response_type=code is supported.");
        }
        if (!client.allowsGrant(GrantType.AUTHORIZATION_CODE.wireValue())) {
            // RFC 6749 §4.1.2.1: a client of the implicit flow only (issue #14) is not given codes
            return fail.with(AuthorizationErrorCode.UNAUTHORIZED_CLIENT, "The client is not registered for "
                    + "response_type=code.");
        }
        // RFC 6749 §3.3
        ScopePolicy.Decision decision = scopes.decide(p.get("scope"), client);
        if (decision instanceof ScopePolicy.Decision.Invalid) {
            return fail.with(INVALID_SCOPE, "A requested scope is not allowed for this client, or the scope "
                    + "is malformed.");
        }
        String scope = ((ScopePolicy.Decision.Granted) decision).scope();
        // RFC 8707 §2: "the authorization server ... MUST ... reject the request with invalid_target" (error redirect)
        ResourcePolicy.Decision targets = resources.decide(p.all("resource"), client);
        if (targets instanceof ResourcePolicy.Decision.Invalid invalid) {
            return fail.with(AuthorizationErrorCode.INVALID_TARGET, invalid.error().description());
        }
        List<String> granted = ((ResourcePolicy.Decision.Granted) targets).resources();
        // RFC 7636 §4.3, §4.4.1; RFC 9700 §2.1.1: PKCE with S256, unless the client may go without it
        Optional<String> challenge = p.get("code_challenge");
        if (challenge.isEmpty()) {
            if (p.has("code_challenge_method")) {
                return fail.invalidRequest("code_challenge_method was sent without code_challenge.");
            }
            if (client.pkceRequired()) {
                return fail.invalidRequest("code_challenge is required (PKCE, RFC 7636).");
            }
            if (!Scope.ofIssued(scope).contains("openid")) {
                // RFC 9700 §2.1.1: without PKCE only the ID token's nonce can stop code injection
                return fail.invalidRequest("code_challenge is required unless the request is an OpenID "
                        + "request (scope openid).");
            }
        } else {
            if (!p.get("code_challenge_method").map("S256"::equals).orElse(false)) {
                return fail.invalidRequest("code_challenge_method must be S256.");
            }
            if (!CODE_CHALLENGE.matcher(challenge.get()).matches()) {
                return fail.invalidRequest("code_challenge must be 43 to 128 characters of A-Z, a-z, 0-9, -, ., _, ~.");
            }
        }
        // RFC 9449 §10: the code is to be bound to this key
        Optional<String> dpopJkt = p.get("dpop_jkt");
        if (dpopJkt.isPresent() && !JWK_THUMBPRINT.matcher(dpopJkt.get()).matches()) {
            return fail.invalidRequest("dpop_jkt must be the base64url SHA-256 JWK thumbprint of the DPoP key.");
        }
        return openIdParameters(p, client, redirectUri, state, scope, challenge.orElse(null), dpopJkt.orElse(null),
                granted, fail);
    }

    /**
     * OIDC Core §3.1.2.1. prompt, max_age and login_hint are honoured for every request (a client
     * that says prompt=none expects no page, OpenID or not); nonce and claims only mean something
     * with an ID token, so they are kept only when the scope contains openid.
     */
    private ValidationOutcome openIdParameters(FormParameters p, RegisteredClient client, String redirectUri,
                                               String state, String scope, String challenge, String dpopJkt,
                                               List<String> resources, ErrorSink fail) {
        boolean openId = Scope.ofIssued(scope).contains("openid");
        Set<Prompt> prompts = Set.of();
        if (p.has("prompt")) {
            Optional<Set<Prompt>> parsed = Prompt.parseList(p.get("prompt").get());
            if (parsed.isEmpty()) {
                return fail.invalidRequest("prompt has an unknown value, or none together with another value.");
            }
            prompts = parsed.get();
        }
        Long maxAge = null;
        if (p.has("max_age")) {
            if (!MAX_AGE.matcher(p.get("max_age").get()).matches()) {
                return fail.invalidRequest("max_age must be a non-negative whole number of seconds.");
            }
            maxAge = Long.parseLong(p.get("max_age").get());
        }
        String nonce = null;
        String claims = null;
        if (openId) {
            nonce = p.get("nonce").orElse(null);
            if (nonce != null && nonce.length() > MAX_NONCE_LENGTH) {
                return fail.invalidRequest("nonce is longer than " + MAX_NONCE_LENGTH + " characters.");
            }
            if (p.has("claims")) {
                Optional<String> parsed = ClaimsRequest.normalize(p.get("claims").get(), MAX_CLAIMS_LENGTH);
                if (parsed.isEmpty()) {
                    return fail.invalidRequest("claims must be a JSON object as OIDC Core section 5.5 describes.");
                }
                claims = parsed.get();
                // OIDC Core §5.5.1.1: an essential acr the sign-in cannot reach "MUST" be treated as a failed
                // authentication attempt; Jeton signs users in one way, so that is known before any page
                Optional<Set<String>> demanded = ClaimsRequest.essentialAcrValues(claims);
                if (demanded.isPresent() && !demanded.get().contains(SignInLevel.achieved().acr())) {
                    return fail.with(AuthorizationErrorCode.UNMET_AUTHENTICATION_REQUIREMENTS, "The essential acr "
                            + "cannot be met; this server offers the values in acr_values_supported.");
                }
            }
        }
        String loginHint = p.get("login_hint").filter(h -> h.length() <= MAX_LOGIN_HINT_LENGTH).orElse(null);
        return new ValidationOutcome.Valid(new AuthorizationRequest(client.clientId(), redirectUri, scope, state,
                challenge, nonce, prompts, maxAge, claims, loginHint, fail.mode(), null, dpopJkt, resources));
    }

    /**
     * Whether {@code client} may send users here at all: registered for the code grant, or (while the operator serves
     * it) for the implicit flow.
     */
    public static boolean mayAuthorize(RegisteredClient client) {
        return client.allowsGrant(GrantType.AUTHORIZATION_CODE.wireValue())
                || client.allowsGrant(OidcClientOptions.IMPLICIT_GRANT);
    }

    /**
     * OIDC Core §3.2.2.1: {@code id_token} or {@code id_token token}. Served only when the operator turned the implicit
     * flow on (RFC 9700 §2.1.2: it SHOULD NOT be used), only to a client registered for that response type, never to
     * a client under the FAPI 2.0 profile (§5.3.2.2: code only) nor, with an access token, to one whose tokens must be
     * sender-constrained (the token travels as a bearer token through the browser). A nonce is required (§3.2.2.1),
     * the scope must be an OpenID one, and the answer never goes in the query (Multiple Response Types §5).
     * PKCE and dpop_jkt bind a code; there is none here, so they are not looked at.
     */
    private ValidationOutcome implicit(FormParameters p, RegisteredClient client, String redirectUri, String state,
                                       String responseType, Optional<ResponseMode> mode, ErrorSink fail) {
        if (!implicitEnabled) {
            return fail.with(UNSUPPORTED_RESPONSE_TYPE, "Only response_type=code is supported.");
        }
        boolean withToken = responseType.equals("id_token token");
        if (client.security().fapi2() || !client.allowsGrant(OidcClientOptions.IMPLICIT_GRANT)
                || !client.oidc().implicitResponseTypes().contains(responseType)
                || (withToken && client.senderConstrained())) {
            return fail.with(AuthorizationErrorCode.UNAUTHORIZED_CLIENT, "The client is not registered for "
                    + "response_type=" + responseType + ".");
        }
        if (mode.filter(ResponseMode.QUERY::equals).isPresent()) {
            return fail.invalidRequest("response_mode=query cannot carry tokens: use fragment or form_post.");
        }
        ScopePolicy.Decision decision = scopes.decide(p.get("scope"), client);
        if (decision instanceof ScopePolicy.Decision.Invalid) {
            return fail.with(INVALID_SCOPE, "A requested scope is not allowed for this client, or the scope "
                    + "is malformed.");
        }
        String scope = ((ScopePolicy.Decision.Granted) decision).scope();
        if (!Scope.ofIssued(scope).contains("openid")) {
            return fail.invalidRequest("response_type=" + responseType + " needs the scope openid.");
        }
        if (p.get("nonce").filter(n -> !n.isEmpty()).isEmpty()) {
            // OIDC Core §3.2.2.1: nonce is REQUIRED (it is what ties the ID token to this browser)
            return fail.invalidRequest("nonce is required for response_type=" + responseType + ".");
        }
        ResourcePolicy.Decision targets = resources.decide(p.all("resource"), client);
        if (targets instanceof ResourcePolicy.Decision.Invalid invalid) {
            return fail.with(AuthorizationErrorCode.INVALID_TARGET, invalid.error().description());
        }
        ValidationOutcome outcome = openIdParameters(p, client, redirectUri, state, scope, null, null,
                ((ResourcePolicy.Decision.Granted) targets).resources(), fail);
        if (outcome instanceof ValidationOutcome.Valid valid) {
            AuthorizationRequest r = valid.request();
            return new ValidationOutcome.Valid(new AuthorizationRequest(r.clientId(), r.redirectUri(), r.scope(),
                    r.state(), null, r.nonce(), r.prompts(), r.maxAge(), r.claims(), r.loginHint(), r.responseMode(),
                    r.pushedRequest(), null, r.resources(), responseType));
        }
        return outcome;
    }

    /** True when {@code name} was sent more than once (with or without values). */
    private static boolean repeated(FormParameters p, String name) {
        Set<String> others = new HashSet<>(p.names());
        others.remove(name);
        return p.firstRepeated(others).isPresent();
    }

    private record ErrorSink(String redirectUri, String state, ResponseMode mode, boolean promptNone) {
        ValidationOutcome invalidRequest(String description) {
            return with(AuthorizationErrorCode.INVALID_REQUEST, description);
        }

        ValidationOutcome with(AuthorizationErrorCode code, String description) {
            return new ValidationOutcome.RedirectError(redirectUri, state, mode, AuthorizationError.of(code,
                    description), promptNone);
        }
    }
}
