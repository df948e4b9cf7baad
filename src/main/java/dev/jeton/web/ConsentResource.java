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
import dev.jeton.authorize.AuthorizationRequest;
import dev.jeton.authorize.ConsentDecision;
import dev.jeton.authorize.PendingAuthorization;
import dev.jeton.authorize.SignIn;
import dev.jeton.user.UserAccount;
import dev.jeton.user.UserStore;
import dev.jeton.web.pages.ConsentPage;
import dev.jeton.web.pages.MessagePage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The consent page of a pending authorization request: {@code GET /consent?authz=<id>} shows
 * what the client asks for, {@code POST /consent} takes the decision (approve or deny, with the
 * CSRF token). Approval is remembered per user, client and scope; denial goes back to the
 * client as access_denied (RFC 6749 §4.1.2.1).
 */
@Path("/consent")
@Tag(name = "OAuth 2.0")
@ApplicationScoped
public class ConsentResource {

    @Inject
    BrowserSessions browserSessions;
    @Inject
    BrowserPosts posts;
    @Inject
    AuthorizationSteps steps;
    @Inject
    ConsentDecision consents;
    @Inject
    UserStore users;
    @Inject
    Clock clock;

    @GET
    @Operation(summary = "The consent page (HTML), a step of the authorization endpoint",
            description = "Reached only by the authorization endpoint's redirect; shows the form for the pending "
                    + "authorization named by authz. Framing refused; no-store.")
    @Parameter(name = "authz", in = ParameterIn.QUERY, required = true, description = "The pending authorization.",
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "200", ref = OpenApiRefs.HTML_PAGE)
    @APIResponse(responseCode = "302", ref = OpenApiRefs.REDIRECT)
    @APIResponse(responseCode = "400", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.HTML_ERROR)
    public Response form(@Context UriInfo uri, @Context HttpServletRequest servlet) {
        return BrowserForm.answer("consent page", () -> {
            // read here rather than through @QueryParam, which the OpenAPI scanner trips over (documented above)
            String authz = uri.getQueryParameters().getFirst("authz");
            BrowserSession session = browserSessions.of(servlet);
            Optional<PendingAuthorization> pending = session.pending(authz, clock.instant());
            if (pending.isEmpty()) {
                return PageResponses.message(400, MessagePage.expired());
            }
            Optional<SignIn> signIn = session.signIn();
            if (signIn.isEmpty()) {
                return PageResponses.redirect(steps.pageUrl("/login", pending.get()), false);
            }
            return page(200, session, pending.get(), signIn.get(), null);
        });
    }

    @POST
    @Operation(summary = "Submit the consent form (HTML)",
            description = "The page's own form: authz, csrf, decision (allow or deny). CSRF-checked; answers with the page again (with a message) or "
                    + "a 303 redirect to the next step or to the client.")
    @RequestBody(required = true, content = @Content(mediaType = "application/x-www-form-urlencoded",
            schema = @Schema(ref = "ConsentForm")))
    @APIResponse(responseCode = "200", ref = OpenApiRefs.HTML_PAGE)
    @APIResponse(responseCode = "303", ref = OpenApiRefs.REDIRECT)
    @APIResponse(responseCode = "400", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.HTML_PAGE)
    @APIResponse(responseCode = "413", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "415", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.HTML_ERROR)
    public Response decide(@Context HttpHeaders headers, @Context HttpServletRequest servlet, InputStream body) {
        return posts.answer("consent", headers, body, servlet, (form, session) -> {
            Optional<PendingAuthorization> found = session.pending(form.get("authz").orElse(null), clock.instant());
            if (found.isEmpty()) {
                return PageResponses.message(400, MessagePage.expired());
            }
            PendingAuthorization pending = found.get();
            Optional<SignIn> signIn = session.signIn();
            if (signIn.isEmpty()) {
                return PageResponses.redirect(steps.pageUrl("/login", pending), true);
            }
            if (!form.csrfMatches(session)) {
                return page(403, session, pending, signIn.get(), ConsentPage.FORM_EXPIRED);
            }
            String decision = form.get("decision").orElse("");
            if (decision.equals("deny")) {
                if (!session.removePending(pending.id())) {
                    return PageResponses.message(400, MessagePage.expired());
                }
                return steps.redirectError(pending, AuthorizationError.of(AuthorizationErrorCode.ACCESS_DENIED,
                        "The user denied the request."), true);
            }
            if (!decision.equals("approve")) {
                return PageResponses.message(400, MessagePage.invalidRequest("The form did not say allow or deny."));
            }
            PendingAuthorization consented = consents.approve(pending, signIn.get(), clock.instant());
            session.updatePending(consented);
            return steps.proceed(session, consented, true);
        });
    }

    private Response page(int status, BrowserSession session, PendingAuthorization pending, SignIn signIn,
                          String message) {
        AuthorizationRequest request = pending.request();
        List<ConsentPage.Scope> scopes = consents.describe(pending).stream()
                .map(s -> new ConsentPage.Scope(s.scope(), s.description())).toList();
        String username = users.findBySubject(signIn.subject()).map(UserAccount::username).orElse(null);
        ClientLinks links = steps.clientLinks(request.clientId());
        ConsentPage page = new ConsentPage(steps.clientName(request), scopes, username,
                URI.create(request.redirectUri()).getHost(), session.csrfToken(), pending.id(), message,
                request.resources(), steps.claimedName(request.clientId()).orElse(null), links);
        return PageResponses.pageWithLogo(status, page.render(), request.redirectUri(), links);
    }
}
