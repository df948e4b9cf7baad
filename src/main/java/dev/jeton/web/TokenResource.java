package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.config.JetonSettings;
import dev.jeton.dpop.DpopVerifier;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.metrics.JetonMetrics;
import dev.jeton.request.FormParameters;
import dev.jeton.token.TokenEndpoint;
import dev.jeton.token.TokenOutcome;
import dev.jeton.token.TokenRequest;
import dev.jeton.web.openapi.OpenApiRefs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.time.Clock;
import java.util.List;

/**
 * {@code POST /oauth/token} (RFC 6749 §3.2): HTTP framing only. It checks method, media type
 * and body, lifts the request into a {@link TokenRequest}, calls the core, fires the events the
 * core returns, and renders §5.1 or §5.2.
 */
@Path("/oauth/token")
@ApplicationScoped
@Tag(name = "OAuth 2.0")
public class TokenResource {

    private static final String FORM = MediaType.APPLICATION_FORM_URLENCODED;

    @Inject
    ClientCertificates certificates;
    @Inject
    TokenEndpoint endpoint;
    @Inject
    StateChanges changes;
    @Inject
    Event<AuditEvent> audit;
    @Inject
    JetonSettings settings;
    @Inject
    Clock clock;
    @Inject
    DpopVerifier dpop;
    @Inject
    JetonMetrics metrics;

    @POST
    @Operation(operationId = "token", summary = "Token endpoint (RFC 6749 section 3.2)",
            description = "Issues tokens for every grant in grant_types_supported: authorization_code with PKCE "
                    + "(RFC 6749 section 4.1.3, RFC 7636), refresh_token with rotation (section 6), "
                    + "client_credentials (section 4.4). The client authenticates with HTTP Basic "
                    + "(client_secret_basic, RFC 6749 section 2.3.1: id and secret form-encoded before Base64), with "
                    + "client_id and client_secret in the body (client_secret_post), or sends only client_id (a "
                    + "public client), or - over a TLS connection with a client certificate - authenticates with "
                    + "that certificate (tls_client_auth, self_signed_tls_client_auth, RFC 8705 section 2). The "
                    + "token_type is Bearer, or DPoP when the request carried a DPoP proof (RFC 9449); a client "
                    + "registered with tls_client_certificate_bound_access_tokens gets tokens bound to its "
                    + "certificate (cnf x5t#S256, RFC 8705 section 3). Every response carries Cache-Control: "
                    + "no-store and Pragma: no-cache.")
    @SecurityRequirement(name = OpenApiRefs.CLIENT_SECRET_BASIC)
    @SecurityRequirementsSet({})
    @Parameter(name = "Authorization", in = ParameterIn.HEADER, required = false,
            description = "Basic credentials for client_secret_basic.", schema = @Schema(implementation = String.class))
    @Parameter(name = "DPoP", in = ParameterIn.HEADER, required = false,
            description = "A DPoP proof (RFC 9449 section 4): the tokens are then bound to its key (token_type DPoP).",
            schema = @Schema(implementation = String.class))
    @RequestBody(required = true, content = @Content(mediaType = FORM,
            schema = @Schema(ref = "TokenRequest"),
            examples = {
                    @ExampleObject(name = "authorization_code", summary = "RFC 6749 section 4.1.3 with PKCE",
                            value = "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&redirect_uri="
                                    + "https%3A%2F%2Fclient.example.org%2Fcb&code_verifier="
                                    + "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
                    @ExampleObject(name = "refresh_token", summary = "RFC 6749 section 6",
                            value = "grant_type=refresh_token&refresh_token=tGzv3JOkF0XG5Qx2TlKWIA&scope=openid"),
                    @ExampleObject(name = "client_credentials", summary = "RFC 6749 section 4.4",
                            value = "grant_type=client_credentials&scope=api.read"),
                    @ExampleObject(name = "urn:ietf:params:oauth:grant-type:device_code",
                            summary = "RFC 8628 section 3.4, polled every interval seconds",
                            value = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"
                                    + "&device_code=GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS&client_id=demo-tv"),
                    @ExampleObject(name = "urn:ietf:params:oauth:grant-type:token-exchange",
                            summary = "RFC 8693 section 2.1, delegation with an actor token",
                            value = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
                                    + "&subject_token=eyJ...&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3A"
                                    + "token-type%3Aaccess_token&actor_token=eyJ...&actor_token_type=urn%3Aietf%3A"
                                    + "params%3Aoauth%3Atoken-type%3Aaccess_token&audience=https%3A%2F%2Fapi.example.com")}))
    @APIResponse(responseCode = "200", description = "The token (RFC 6749 section 5.1).",
            headers = {@Header(name = "Cache-Control", description = OpenApiRefs.NO_STORE,
                    schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "Pragma", description = OpenApiRefs.NO_CACHE, schema = @Schema(type = SchemaType.STRING)),
                    @Header(name = "DPoP-Nonce", description = OpenApiRefs.DPOP_NONCE,
                            schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TokenResponse")))
    @APIResponse(responseCode = "400", ref = OpenApiRefs.OAUTH_400)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.OAUTH_401)
    @APIResponse(responseCode = "413", ref = OpenApiRefs.OAUTH_413)
    @APIResponse(responseCode = "429", ref = OpenApiRefs.OAUTH_429)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.SERVER_ERROR_500)
    public Response token(@Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServletRequest servlet,
                          InputStream body) {
        long started = System.nanoTime();
        var received = clock.instant();
        String address = servlet.getRemoteAddr();
        FormParameters parameters;
        try {
            parameters = ClientRequestForm.read(headers, uri, body, settings.maxBodyBytes(),
                    ClientRequestForm.NotAForm.BAD_REQUEST);
        } catch (ClientRequestForm.Refused refused) {
            return refuse(refused.error, refused.reason, address, started);
        }
        List<String> dpopProofs = DpopHeaders.values(headers);
        TokenRequest request = new TokenRequest(parameters, ClientRequestForm.authorization(headers),
                uri.getRequestUri(), address, received, dpopProofs, servlet.getMethod(), null,
                certificates.of(servlet).orElse(null), null);
        TokenOutcome outcome = processInOneTransaction(request);
        metrics.tokenAnswered(parameters.get("grant_type").orElse(null),
                outcome instanceof TokenOutcome.Denied denied ? denied.error().code() : null, started);
        if (outcome instanceof TokenOutcome.Issued issued) {
            Response response = OAuthResponses.success(issued.response());
            // RFC 9449 §8.2: a DPoP client gets the nonce to use next, before it needs it
            return dpopProofs.isEmpty() ? response : Response.fromResponse(response)
                    .header(DpopHeaders.NONCE, dpop.currentNonce(clock.instant())).build();
        }
        return OAuthResponses.error(((TokenOutcome.Denied) outcome).error());
    }

    /**
     * The grant state and the audit events commit together (see {@link AuditedTransaction}). The
     * core answers its own faults as server_error (TokenEndpoint#process): such an outcome rolls
     * back whatever the grant wrote before the fault. The grant handlers run in this transaction
     * without an interceptor of their own, so this is the one place that decides it.
     */
    private TokenOutcome processInOneTransaction(TokenRequest request) {
        return changes.commit(() -> endpoint.process(request), TokenOutcome::events,
                outcome -> outcome instanceof TokenOutcome.Denied denied
                        && denied.error().code() == OAuthErrorCode.SERVER_ERROR,
                () -> endpoint.serverFault(request));
    }

    /** RFC 6749 §3.2: the client MUST use POST; anything else is a malformed request. */
    @GET
    @Operation(hidden = true)
    public Response get(@Context HttpServletRequest servlet) {
        return wrongMethod(servlet);
    }

    @PUT
    @Operation(hidden = true)
    public Response put(@Context HttpServletRequest servlet) {
        return wrongMethod(servlet);
    }

    @DELETE
    @Operation(hidden = true)
    public Response delete(@Context HttpServletRequest servlet) {
        return wrongMethod(servlet);
    }

    @PATCH
    @Operation(hidden = true)
    public Response patch(@Context HttpServletRequest servlet) {
        return wrongMethod(servlet);
    }

    @OPTIONS
    @Operation(hidden = true)
    public Response options(@Context HttpServletRequest servlet) {
        return wrongMethod(servlet);
    }

    private Response wrongMethod(HttpServletRequest servlet) {
        return refuse(OAuthError.invalidRequest("The token endpoint accepts only POST."), FramingRefusal.WRONG_METHOD,
                servlet.getRemoteAddr(), System.nanoTime());
    }

    /** A request refused before the core saw it is a denial too, and is audited as one. */
    private Response refuse(OAuthError error, FramingRefusal reason, String address, long started) {
        metrics.tokenAnswered(null, error.code(), started);
        audit.fire(AuditEvent.failure(AuditEventName.TOKEN_DENIED, clock.instant(), null, null,
                error.code().wireValue(), reason.name(), address));
        return OAuthResponses.error(error);
    }
}
