package dev.jeton.web;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import dev.jeton.web.openapi.OpenApiRefs;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import dev.jeton.client.ClientLinks;
import dev.jeton.authorize.AuthorizationError;
import dev.jeton.authorize.AuthorizationErrorCode;
import dev.jeton.authorize.PendingAuthorization;
import dev.jeton.grant.devicecode.DeviceAuthorization;
import dev.jeton.authorize.SignIn;
import dev.jeton.authorize.signin.PasswordSignIn;
import dev.jeton.authorize.signin.SignInAttempt;
import dev.jeton.authorize.signin.SignInOutcome;
import dev.jeton.web.pages.LoginPage;
import dev.jeton.web.pages.MessagePage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
import java.time.Instant;
import java.util.Optional;

/**
 * The sign-in page of a pending authorization request or of a device activation waiting for
 * sign-in (RFC 8628 §3.3): {@code GET /login?authz=<id>} shows the form, {@code POST /login}
 * checks the CSRF token and hands the credentials to {@link PasswordSignIn}, the one sign-in path
 * (throttle, password check, audit, session), then goes on with what the form was for. HTTP only.
 */
@Path("/login")
@Tag(name = "OAuth 2.0")
@ApplicationScoped
public class LoginResource {

    @Inject
    BrowserSessions browserSessions;
    @Inject
    BrowserPosts posts;
    @Inject
    AuthorizationSteps steps;
    @Inject
    Clock clock;
    @Inject
    PasswordSignIn signIns;
    @Inject
    ActivationPages activations;

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
        return BrowserForm.answer("sign-in page", () -> {
            // read here rather than through @QueryParam, which the OpenAPI scanner trips over (documented above)
            String authz = uri.getQueryParameters().getFirst("authz");
            BrowserSession session = browserSessions.of(servlet);
            return purpose(session, authz, clock.instant())
                    .map(p -> p.page(200, p.prefilledUsername(), null))
                    .orElseGet(() -> PageResponses.message(400, MessagePage.expired()));
        });
    }

    @POST
    @Operation(summary = "Submit the sign-in form (HTML)",
            description = "The page's own form: authz, csrf, username, password; or authz, csrf and action=cancel, "
                    + "which refuses the request (access_denied to the client). CSRF-checked; answers with the page "
                    + "again (with a message) or a 303 redirect to the next step or to the client.")
    @RequestBody(required = true, content = @Content(mediaType = "application/x-www-form-urlencoded",
            schema = @Schema(ref = "LoginForm")))
    @APIResponse(responseCode = "200", ref = OpenApiRefs.HTML_PAGE)
    @APIResponse(responseCode = "303", ref = OpenApiRefs.REDIRECT)
    @APIResponse(responseCode = "400", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.HTML_PAGE)
    @APIResponse(responseCode = "413", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "415", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "429", ref = OpenApiRefs.HTML_PAGE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.HTML_ERROR)
    public Response signIn(@Context HttpHeaders headers, @Context HttpServletRequest servlet,
                           @Context HttpServletResponse out, InputStream body) {
        return posts.answer("sign-in", headers, body, servlet, (form, session) -> {
            Optional<Purpose> found = purpose(session, form.get("authz").orElse(null), clock.instant());
            if (found.isEmpty()) {
                return PageResponses.message(400, MessagePage.expired());
            }
            Purpose purpose = found.get();
            String username = form.get("username").orElse("");
            if (!purpose.open()) {
                return purpose.page(400, username, null);
            }
            if (!form.csrfMatches(session)) {
                // a forged or stale form: nothing is checked, the user gets a fresh form
                return purpose.page(403, username, LoginPage.FORM_EXPIRED);
            }
            if (form.get(LoginPage.ACTION).filter(LoginPage.CANCEL::equals).isPresent()) {
                return purpose.cancel();
            }
            SignInAttempt attempt = new SignInAttempt(username, form.get("password").orElse(null),
                    servlet.getRemoteAddr(), purpose.clientId());
            return session.withCookie(answer(purpose, username, signIns.signIn(attempt, session, clock.instant())),
                    out);
        });
    }

    private static Response answer(Purpose purpose, String username, SignInOutcome outcome) {
        if (outcome instanceof SignInOutcome.SignedIn signedIn) {
            return purpose.proceed(signedIn.signIn());
        }
        if (outcome instanceof SignInOutcome.Throttled throttled) {
            // RFC 6585 §4: 429 with Retry-After; the password was not checked
            return Response.fromResponse(purpose.page(429, username,
                            LoginPage.tooManyAttempts(throttled.retryAfterSeconds())))
                    .header("Retry-After", Long.toString(throttled.retryAfterSeconds())).build();
        }
        if (outcome instanceof SignInOutcome.Incomplete) {
            return purpose.page(200, username, LoginPage.MISSING_CREDENTIALS);
        }
        return purpose.page(200, username, LoginPage.WRONG_CREDENTIALS);
    }

    /** What a sign-in form is for; every purpose signs in through the same {@link PasswordSignIn}. */
    private interface Purpose {

        /** The client the user signs in for, for the throttle's and the audit's events. */
        String clientId();

        String prefilledUsername();

        /** False when there is nothing left to sign in for (the device's code expired or was used). */
        boolean open();

        /** The form (or, when not {@link #open()}, the page saying why not). */
        Response page(int status, String username, String message);

        /** Goes on after a successful sign-in (the session already has it). */
        Response proceed(SignIn signIn);

        /** The user declined to sign in (the page's Cancel). */
        Response cancel();
    }

    /** The pending authorization, or else the device activation, kept in the session under {@code authz}. */
    private Optional<Purpose> purpose(BrowserSession session, String authz, Instant now) {
        Optional<PendingAuthorization> pending = session.pending(authz, now);
        if (pending.isPresent()) {
            return Optional.of(new ForAuthorization(session, pending.get()));
        }
        return activations.waiting(session, authz).map(w -> new ForDevice(session, w));
    }

    /** Sign-in for an authorization request; it then counts as signed in for this request (prompt=login, max_age). */
    private final class ForAuthorization implements Purpose {
        private final BrowserSession session;
        private final PendingAuthorization pending;

        ForAuthorization(BrowserSession session, PendingAuthorization pending) {
            this.session = session;
            this.pending = pending;
        }

        @Override
        public String clientId() {
            return pending.request().clientId();
        }

        @Override
        public String prefilledUsername() {
            return pending.request().loginHint();
        }

        @Override
        public boolean open() {
            return true;
        }

        @Override
        public Response page(int status, String username, String message) {
            String clientName = steps.clientName(pending.request());
            ClientLinks links = steps.clientLinks(pending.request().clientId());
            LoginPage page = new LoginPage(clientName, username, session.csrfToken(), pending.id(), message, true,
                    links);
            return PageResponses.pageWithLogo(status, page.render(), pending.request().redirectUri(), links);
        }

        @Override
        public Response proceed(SignIn signIn) {
            PendingAuthorization signedIn = pending.signedIn(signIn);
            session.updatePending(signedIn);
            return steps.proceed(session, signedIn, true);
        }

        /**
         * RFC 6749 §4.1.2.1 access_denied: "The resource owner ... denied the request". Declining here
         * is the user's way out even when nothing else would be asked (consent remembered, first-party
         * client); no sign-in happens, a session's earlier sign-in is left as it is.
         */
        @Override
        public Response cancel() {
            if (!session.removePending(pending.id())) {
                return PageResponses.message(400, MessagePage.expired());
            }
            return steps.redirectError(pending, AuthorizationError.of(AuthorizationErrorCode.ACCESS_DENIED,
                    "The user declined to sign in."), true);
        }
    }

    /** Sign-in for a device activation (RFC 8628 §3.3); the user then goes back to the activation page. */
    private final class ForDevice implements Purpose {
        private final BrowserSession session;
        private final ActivationPages.WaitingActivation waiting;

        ForDevice(BrowserSession session, ActivationPages.WaitingActivation waiting) {
            this.session = session;
            this.waiting = waiting;
        }

        @Override
        public String clientId() {
            return waiting.device().map(DeviceAuthorization::clientId).orElse(null);
        }

        @Override
        public String prefilledUsername() {
            return null;
        }

        @Override
        public boolean open() {
            return waiting.device().isPresent();
        }

        @Override
        public Response page(int status, String username, String message) {
            return activations.signInPage(status, session, waiting, username, message);
        }

        @Override
        public Response proceed(SignIn signIn) {
            session.removePendingActivation(waiting.id());
            return PageResponses.redirect(activations.activateUrl(waiting.code()), true);
        }

        /** This page offers no Cancel: the device's own consent page is where the user denies it. */
        @Override
        public Response cancel() {
            return page(400, null, null);
        }
    }
}
