package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import dev.jeton.web.openapi.OpenApiRefs;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import dev.jeton.authorize.PendingAuthorization;
import dev.jeton.config.JetonSettings;
import dev.jeton.request.FormParameters;
import dev.jeton.throttle.SignInGate;
import dev.jeton.web.pages.LoginPage;
import dev.jeton.web.pages.MessagePage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.InputStream;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The sign-in page of a pending authorization request: {@code GET /login?authz=<id>} shows the
 * form, {@code POST /login} checks the CSRF token, then the password through Jakarta Security
 * ({@code SecurityContext.authenticate}, which runs {@code PasswordFormMechanism}), and goes on
 * with the authorization.
 */
@Path("/login")
@Tag(name = "OAuth 2.0")
@ApplicationScoped
public class LoginResource {

    private static final Logger LOG = Logger.getLogger(LoginResource.class.getName());
    static final int MAX_USERNAME = 256;
    static final int MAX_PASSWORD = 1024;

    @Inject
    SecurityContext security;
    @Inject
    AuthorizationSteps steps;
    @Inject
    JetonSettings settings;
    @Inject
    Clock clock;
    @Inject
    SignInGate signInGate;
    @Inject
    Event<AuditEvent> audit;
    @Inject
    ActivateResource activations;

    @GET
    @Operation(summary = "The sign-in page (HTML), a step of the authorization endpoint",
            description = "Reached only by the authorization endpoint's redirect; shows the form for the pending "
                    + "authorization named by authz. Framing refused; no-store.")
    @Parameter(name = "authz", in = ParameterIn.QUERY, required = true, description = "The pending authorization.",
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "200", ref = OpenApiRefs.HTML_PAGE)
    @APIResponse(responseCode = "302", ref = OpenApiRefs.REDIRECT)
    @APIResponse(responseCode = "400", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.HTML_ERROR)
    public Response form(@Context UriInfo uri, @Context HttpServletRequest servlet) {
        try {
            // read here rather than through @QueryParam, which the OpenAPI scanner trips over (documented above)
            String authz = uri.getQueryParameters().getFirst("authz");
            BrowserSession session = BrowserSession.of(servlet);
            Optional<PendingAuthorization> pending = session.pending(authz, clock.instant());
            if (pending.isEmpty()) {
                // or a device activation waiting for sign-in (RFC 8628 §3.3)
                return activations.signInPage(200, session, authz, null, null)
                        .orElseGet(() -> PageResponses.message(400, MessagePage.expired()));
            }
            return page(200, session, pending.get(), pending.get().request().loginHint(), null);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "sign-in page failed", e);
            return PageResponses.message(500, MessagePage.serverError());
        }
    }

    @POST
    @Operation(summary = "Submit the sign-in form (HTML)",
            description = "The page's own form: authz, csrf, username, password. CSRF-checked; answers with the page again (with a message) or "
                    + "a 303 redirect to the next step or to the client.")
    @RequestBody(required = true, content = @Content(mediaType = "application/x-www-form-urlencoded",
            schema = @Schema(ref = "LoginForm")))
    @APIResponse(responseCode = "200", ref = OpenApiRefs.HTML_PAGE)
    @APIResponse(responseCode = "303", ref = OpenApiRefs.REDIRECT)
    @APIResponse(responseCode = "400", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.HTML_PAGE)
    @APIResponse(responseCode = "413", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "415", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.HTML_ERROR)
    public Response signIn(@Context HttpHeaders headers, @Context HttpServletRequest servlet,
                           @Context HttpServletResponse servletResponse, InputStream body) {
        try {
            FormParameters form = FormBody.read(headers, body, settings.maxBodyBytes());
            BrowserSession session = BrowserSession.of(servlet);
            Optional<PendingAuthorization> found = session.pending(form.get("authz").orElse(null), clock.instant());
            if (found.isEmpty()) {
                return signInForDevice(form, session, servlet, servletResponse);
            }
            PendingAuthorization pending = found.get();
            String username = form.get("username").orElse("");
            if (!session.csrfMatches(form.get("csrf").orElse(null))) {
                // a forged or stale form: nothing is checked, the user gets a fresh form
                return page(403, session, pending, username, LoginPage.FORM_EXPIRED);
            }
            Optional<String> password = form.get("password");
            if (username.isEmpty() || password.isEmpty()) {
                return page(200, session, pending, username, LoginPage.MISSING_CREDENTIALS);
            }
            String address = servlet.getRemoteAddr();
            String clientId = pending.request().clientId();
            Optional<SignInGate.Refusal> refusal = signInGate.check(username, address, clientId, clock.instant());
            if (refusal.isPresent()) {
                // RFC 6585 §4: 429 with Retry-After; the password was not checked
                audit.fire(refusal.get().event());
                return Response.fromResponse(page(429, session, pending, username,
                                LoginPage.tooManyAttempts(refusal.get().seconds())))
                        .header("Retry-After", Long.toString(refusal.get().seconds())).build();
            }
            if (username.length() > MAX_USERNAME || password.get().length() > MAX_PASSWORD
                    || !authenticate(servlet, servletResponse, username, password.get())) {
                LOG.fine(() -> "sign-in failed from " + address);
                audit.fire(signInGate.failed(username, address, clientId, clock.instant()));
                return page(200, session, pending, username, LoginPage.WRONG_CREDENTIALS);
            }
            signInGate.succeeded(username);
            session.renewCsrfToken();
            PendingAuthorization signedIn = pending.signedIn();
            session.updatePending(signedIn);
            return steps.proceed(session, signedIn, true);
        } catch (FormBody.Refused refused) {
            return PageResponses.message(refused.status, MessagePage.invalidRequest(refused.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "sign-in failed", e);
            return PageResponses.message(500, MessagePage.serverError());
        }
    }

    /**
     * The same sign-in for a device activation waiting in the session (RFC 8628 §3.3); afterwards
     * the user goes back to the activation page with the code.
     */
    private Response signInForDevice(FormParameters form, BrowserSession session, HttpServletRequest servlet,
                                     HttpServletResponse servletResponse) {
        String id = form.get("authz").orElse(null);
        Optional<String> code = session.pendingActivation(id);
        if (code.isEmpty()) {
            return PageResponses.message(400, MessagePage.expired());
        }
        String username = form.get("username").orElse("");
        if (!session.csrfMatches(form.get("csrf").orElse(null))) {
            return activations.signInPage(403, session, id, username, LoginPage.FORM_EXPIRED).orElseThrow();
        }
        Optional<String> password = form.get("password");
        if (username.isEmpty() || password.isEmpty()) {
            return activations.signInPage(200, session, id, username, LoginPage.MISSING_CREDENTIALS).orElseThrow();
        }
        if (username.length() > MAX_USERNAME || password.get().length() > MAX_PASSWORD
                || !authenticate(servlet, servletResponse, username, password.get())) {
            LOG.fine(() -> "sign-in failed from " + servlet.getRemoteAddr());
            return activations.signInPage(200, session, id, username, LoginPage.WRONG_CREDENTIALS).orElseThrow();
        }
        session.renewCsrfToken();
        session.removePendingActivation(id);
        return PageResponses.redirect(activations.activateUrl(code.get()), true);
    }

    /** Jakarta Security checks the password (newAuthentication: never the session's earlier caller). */
    private boolean authenticate(HttpServletRequest servlet, HttpServletResponse servletResponse, String username,
                                 String password) {
        UsernamePasswordCredential credential = new UsernamePasswordCredential(username, new Password(password));
        try {
            AuthenticationStatus status = security.authenticate(servlet, servletResponse,
                    AuthenticationParameters.withParams().credential(credential).newAuthentication(true));
            return status == AuthenticationStatus.SUCCESS;
        } finally {
            credential.getPassword().clear();
        }
    }

    private Response page(int status, BrowserSession session, PendingAuthorization pending, String username,
                          String message) {
        String clientName = steps.clientName(pending.request());
        LoginPage page = new LoginPage(clientName, username, session.csrfToken(), pending.id(), message);
        return PageResponses.page(status, page.render(), pending.request().redirectUri());
    }
}
