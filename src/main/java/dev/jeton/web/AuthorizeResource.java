package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import dev.jeton.web.openapi.OpenApiRefs;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import dev.jeton.authorize.AuthorizationError;
import dev.jeton.authorize.AuthorizationErrorCode;
import dev.jeton.authorize.AuthorizationFlow;
import dev.jeton.authorize.AuthorizationRequest;
import dev.jeton.authorize.PushedAuthorizations;
import dev.jeton.authorize.AuthorizationRequestValidator;
import dev.jeton.authorize.AuthorizationResponse;
import dev.jeton.authorize.PendingAuthorization;
import dev.jeton.authorize.Prompt;
import dev.jeton.authorize.ValidationOutcome;
import dev.jeton.client.ClientStore;
import dev.jeton.config.JetonSettings;
import dev.jeton.request.FormParameters;
import dev.jeton.token.ScopePolicy;
import dev.jeton.token.ResourcePolicy;
import dev.jeton.config.ResourceSettings;
import dev.jeton.web.pages.MessagePage;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.time.Clock;

/**
 * The authorization endpoint (RFC 6749 §3.1, §4.1.1; RFC 7636; OIDC Core §3.1.2): GET with the
 * parameters in the query, or POST with them in a form body (OIDC Core §3.1.2.1). A request
 * whose client or redirect URI cannot be verified gets an error page and is never redirected
 * (RFC 6749 §4.1.2.1); other errors go back to the client with state and iss (RFC 9207). A
 * valid request waits in the session under a random id while the user signs in and consents.
 */
@Path("/oauth/authorize")
@ApplicationScoped
@Tag(name = "OAuth 2.0")
public class AuthorizeResource {

    @Inject
    BrowserSessions browserSessions;
    @Inject
    ClientStore clients;
    @Inject
    JetonSettings settings;
    @Inject
    Clock clock;
    @Inject
    AuthorizationSteps steps;
    @Inject
    PushedAuthorizations pushed;
    @Inject
    Event<AuditEvent> audit;

    @Inject
    ResourceSettings resourceSettings;
    @Inject
    dev.jeton.authorize.DynamicOpSettings dynamicOp;

    private AuthorizationRequestValidator validator;

    @PostConstruct
    void init() {
        validator = new AuthorizationRequestValidator(clients::find, clients::refusal, new ScopePolicy(settings),
                new ResourcePolicy(resourceSettings), dynamicOp.implicitEnabled());
    }

    @GET
    @Operation(summary = "Authorization endpoint (RFC 6749 section 3.1), for browsers",
            description = "Starts an authorization code flow with PKCE (S256; required unless a confidential "
                    + "client registered require_pkce false sends an OpenID request). Answers with redirects "
                    + "to the sign-in and consent pages and finally to the client's redirect_uri with code, "
                    + "state and iss (RFC 9207), or with an HTML error page when the client or redirect_uri "
                    + "cannot be verified. Also takes client_id with the request_uri of a pushed request "
                    + "(RFC 9126 section 4; spent when the authorization completes) or a signed request object in "
                    + "'request' (RFC 9101).")
    @Parameter(name = "response_type", in = ParameterIn.QUERY, required = true, description = "code; id_token or "
            + "'id_token token' (OIDC Core section 3.2, with a nonce) only with jeton.oidc.implicit.enabled and for "
            + "a client registered for them.",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"code", "id_token", "id_token token"}))
    @Parameter(name = "client_id", in = ParameterIn.QUERY, required = true, description = "A registered client id, or "
            + "(with jeton.clients.metadata-documents.enabled, published as client_id_metadata_document_supported) the "
            + "https URL of the client's metadata document, fetched and checked by the server; a refused document ends "
            + "on the error page with the reason.", schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "redirect_uri", in = ParameterIn.QUERY, description = "Exactly one of the client's registered "
            + "redirect URIs (required when it has several).", schema = @Schema(type = SchemaType.STRING, format = "uri"))
    @Parameter(name = "scope", in = ParameterIn.QUERY, description = "Space-separated; openid for OpenID Connect.",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "state", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "code_challenge", in = ParameterIn.QUERY, description = "PKCE (RFC 7636): "
            + "BASE64URL(SHA-256(code_verifier)). Required unless the client is confidential with require_pkce false "
            + "and the scope contains openid.", schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "code_challenge_method", in = ParameterIn.QUERY, description = "S256, with code_challenge.",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"S256"}))
    @Parameter(name = "response_mode", in = ParameterIn.QUERY, description = "query (default of code): a redirect; "
            + "form_post: an HTML page whose form posts the response to the redirect_uri (OAuth 2.0 Form Post "
            + "Response Mode); fragment (default of the implicit response types, which never answer in the query).",
            schema = @Schema(type = SchemaType.STRING, enumeration = {"query", "form_post", "fragment"}))
    @Parameter(name = "resource", in = ParameterIn.QUERY, description = "RFC 8707: an absolute URI (no fragment) of "
            + "a resource the tokens will be for; may repeat; each allowed to the client, else an invalid_target "
            + "error redirect. The code remembers them; the token request may narrow them.",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "dpop_jkt", in = ParameterIn.QUERY, description = "RFC 9449 section 10: the JWK thumbprint of "
            + "the DPoP key the code is bound to; its redemption needs a proof by that key.",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "nonce", in = ParameterIn.QUERY, description = "OIDC: echoed in the ID token.",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "prompt", in = ParameterIn.QUERY, description = "OIDC: none, login, consent.",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "max_age", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.INTEGER))
    @Parameter(name = "login_hint", in = ParameterIn.QUERY, schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "claims", in = ParameterIn.QUERY, description = "OIDC Core section 5.5, JSON.",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "request_uri", in = ParameterIn.QUERY, description = "RFC 9126: the request_uri of a pushed "
            + "authorization request, with client_id; or (OIDC Core section 6.2) the https URL of a request object, "
            + "one of the client's registered request_uris, fetched and verified as 'request' is.",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "request", in = ParameterIn.QUERY, description = "RFC 9101: a signed request object; its "
            + "parameters win.", schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "200", ref = OpenApiRefs.HTML_PAGE)
    @APIResponse(responseCode = "302", ref = OpenApiRefs.REDIRECT)
    @APIResponse(responseCode = "303", ref = OpenApiRefs.REDIRECT)
    @APIResponse(responseCode = "400", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "413", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "415", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.HTML_ERROR)
    public Response get(@Context HttpServletRequest servlet) {
        return BrowserForm.answer("authorization request",
                () -> authorize(BrowserForm.query(servlet.getQueryString()).fields(), servlet, false));
    }

    @POST
    @Operation(summary = "Authorization endpoint with a form body (OIDC Core section 3.1.2.1)",
            description = "The same parameters as GET, form-encoded in the body; nothing in the query string.")
    @RequestBody(required = true, content = @Content(mediaType = "application/x-www-form-urlencoded",
            schema = @Schema(ref = "AuthorizationForm")))
    @APIResponse(responseCode = "200", ref = OpenApiRefs.HTML_PAGE)
    @APIResponse(responseCode = "302", ref = OpenApiRefs.REDIRECT)
    @APIResponse(responseCode = "303", ref = OpenApiRefs.REDIRECT)
    @APIResponse(responseCode = "400", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "413", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "415", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.HTML_ERROR)
    public Response post(@Context HttpHeaders headers, @Context HttpServletRequest servlet, InputStream body) {
        return BrowserForm.answer("authorization request", () -> {
            if (servlet.getQueryString() != null) {
                // one place for the parameters, so nobody can mix two requests into one
                return PageResponses.message(400, MessagePage.invalidRequest(
                        "The request sent parameters both in the address and in the form."));
            }
            return authorize(BrowserForm.read(headers, body, settings.maxBodyBytes()).fields(), servlet, true);
        });
    }

    private Response authorize(FormParameters sent, HttpServletRequest servlet, boolean afterPost) {
        // RFC 9126 §4 request_uri, RFC 9101 request objects, and the server's or client's PAR requirement
        PushedAuthorizations.Resolution resolution = pushed.resolve(sent, clock.instant());
        if (resolution instanceof PushedAuthorizations.Resolution.Refused refused) {
            audit.fire(AuditEvent.failure(AuditEventName.AUTHORIZATION_REQUEST_REFUSED, clock.instant(),
                    refused.clientId(), null, refused.redirectCode() == null ? "invalid_request"
                            : refused.redirectCode().wireValue(), refused.reason(), servlet.getRemoteAddr()));
            if (refused.redirectCode() != null) {
                // OIDC Core §6.3, §3.1.2.6: invalid_request_object or invalid_request_uri, to the redirect_uri the
                // request itself names, but only once that one is verified for the client (never an open redirector)
                ValidationOutcome outer = validator.validate(PushedAuthorizations.withoutRequestObject(sent));
                AuthorizationError error = AuthorizationError.of(refused.redirectCode(), refused.redirectCode()
                        == AuthorizationErrorCode.INVALID_REQUEST_OBJECT ? "The request object is invalid."
                        : refused.message());
                if (outer instanceof ValidationOutcome.Valid valid) {
                    return PageResponses.toClient(AuthorizationResponse.error(valid.request(), error,
                            steps.issuer()), afterPost);
                }
                if (outer instanceof ValidationOutcome.RedirectError redirect) {
                    return PageResponses.toClient(AuthorizationResponse.error(redirect.redirectUri(),
                            redirect.state(), redirect.responseMode(), error, steps.issuer()), afterPost);
                }
            }
            return PageResponses.message(400, MessagePage.invalidRequest(refused.message()));
        }
        PushedAuthorizations.Resolution.Resolved resolved = (PushedAuthorizations.Resolution.Resolved) resolution;
        ValidationOutcome outcome = validator.validate(resolved.parameters());
        if (outcome instanceof ValidationOutcome.ShowError show) {
            return PageResponses.message(400, MessagePage.invalidRequest(show.message()));
        }
        BrowserSession session = browserSessions.of(servlet);
        if (outcome instanceof ValidationOutcome.RedirectError error) {
            // OIDC Core §3.1.2.6: prompt=none without a sign-in is login_required before any parameter error
            AuthorizationResponse response = AuthorizationFlow.silentCheck(error, session.signIn())
                    .map(silent -> AuthorizationResponse.error(error.redirectUri(), error.state(),
                            error.responseMode(), silent, steps.issuer()))
                    .orElseGet(() -> error.response(steps.issuer()));
            // a pushed request that no longer validates (its client changed since) ends here: spend it
            if (!pushed.complete(resolved, clock.instant())) {
                return PageResponses.message(400, MessagePage.expired());
            }
            return PageResponses.toClient(response, afterPost);
        }
        AuthorizationRequest request = resolved.request(((ValidationOutcome.Valid) outcome).request());
        if (request.prompts(Prompt.NONE)) {
            return steps.proceedWithoutPages(session, request, afterPost);
        }
        PendingAuthorization pending = session.addPending(request, clock.instant());
        return steps.proceed(session, pending, afterPost);
    }
}
