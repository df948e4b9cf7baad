package dev.jeton.web;

import dev.jeton.authorize.SignIn;
import dev.jeton.grant.devicecode.DeviceActivation;
import dev.jeton.web.pages.ActivatePage;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The device flow's pages (RFC 8628 §3.3): {@code GET /activate} asks for the code (or takes it
 * from {@code verification_uri_complete}, {@code ?user_code=}), {@code POST /activate} checks
 * it; a user who is not signed in goes through the normal sign-in page first. The consent page
 * shows which application asks for what; {@code POST /activate/decision} records approve or deny
 * and shows a plain result page. The flow (wrong-code limits with 429, lookup, decision, audit)
 * is {@link DeviceActivation}; this is HTTP only.
 */
@Path("/activate")
@ApplicationScoped
@Tag(name = "Device flow pages")
public class ActivateResource {

    @Inject
    BrowserSessions browserSessions;
    @Inject
    BrowserPosts posts;
    @Inject
    DeviceActivation activation;
    @Inject
    ActivationPages pages;
    @Inject
    Clock clock;

    @GET
    @Operation(operationId = "activate", summary = "Device activation page (RFC 8628 section 3.3), for browsers",
            description = "The verification_uri: a page to enter the user code a device shows. With "
                    + "?user_code=XXXX-XXXX (verification_uri_complete) the code is taken from the address. The "
                    + "user signs in if needed, sees which application asks for which scopes, and allows or "
                    + "denies. Wrong codes are rate-limited per session and per address (429).")
    @APIResponse(responseCode = "200", description = "An HTML page (code form or consent).",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "302", description = "To the sign-in page, then back here.")
    @APIResponse(responseCode = "429", description = "Too many wrong codes; see Retry-After.",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    public Response form(@Context UriInfo uri, @Context HttpServletRequest servlet) {
        return BrowserForm.answer("activation page", () -> {
            BrowserSession session = browserSessions.of(servlet);
            String typed = uri.getQueryParameters().getFirst("user_code");
            if (typed == null) {
                return PageResponses.page(200, new ActivatePage(session.csrfToken(), null, null).render(), null);
            }
            return check(session, servlet.getRemoteAddr(), typed, false);
        });
    }

    @POST
    @Operation(operationId = "activateSubmit", summary = "Submits a user code from the activation page",
            description = "Form fields user_code and csrf (the page's anti-CSRF token).")
    @APIResponse(responseCode = "200", description = "The consent page, or the code form with an error.",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "303", description = "To the sign-in page, then back to the activation page.")
    @APIResponse(responseCode = "403", description = "The form's CSRF token did not match.",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "429", description = "Too many wrong codes; see Retry-After.",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    public Response submit(@Context HttpHeaders headers, @Context HttpServletRequest servlet, InputStream body) {
        return posts.answer("activation", headers, body, servlet, (form, session) -> {
            String typed = form.get("user_code").orElse("");
            if (!form.csrfMatches(session)) {
                return PageResponses.page(403, new ActivatePage(session.csrfToken(), typed,
                        ActivatePage.FORM_EXPIRED).render(), null);
            }
            return check(session, servlet.getRemoteAddr(), typed, true);
        });
    }

    @POST
    @Path("decision")
    @Operation(operationId = "activateDecision", summary = "Allows or denies a device (RFC 8628 section 3.3)",
            description = "Form fields user_code, decision (approve or deny) and csrf; the user must be signed in.")
    @APIResponse(responseCode = "200", description = "The plain \"all set\" or \"denied\" page.",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "The code expired or was already used.",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "403", description = "The form's CSRF token did not match.",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "429", description = "Too many wrong codes; see Retry-After.",
            content = @Content(mediaType = MediaType.TEXT_HTML, schema = @Schema(type = SchemaType.STRING)))
    public Response decide(@Context HttpHeaders headers, @Context HttpServletRequest servlet, InputStream body) {
        return posts.answer("device decision", headers, body, servlet, (form, session) -> {
            String address = servlet.getRemoteAddr();
            Instant now = clock.instant();
            String typed = form.get("user_code").orElse("");
            Optional<SignIn> signIn = session.signIn();
            if (signIn.isEmpty()) {
                return PageResponses.redirect(pages.activateUrl(typed), true);
            }
            DeviceActivation.Lookup lookup = activation.lookUp(typed, session.limitKey(), address,
                    DeviceActivation.Step.DECIDE, now);
            if (lookup instanceof DeviceActivation.Lookup.TooMany tooMany) {
                return pages.tooMany(tooMany);
            }
            if (!(lookup instanceof DeviceActivation.Lookup.Found found)) {
                return PageResponses.message(400, MessagePage.deviceCodeGone());
            }
            if (!form.csrfMatches(session)) {
                return pages.consentPage(403, session, signIn.get(), found.device(), typed, "decision",
                        ConsentPage.FORM_EXPIRED);
            }
            String decision = form.get("decision").orElse("");
            if (!decision.equals("approve") && !decision.equals("deny")) {
                return PageResponses.message(400, MessagePage.invalidRequest("The form did not say allow or deny."));
            }
            boolean approve = decision.equals("approve");
            if (activation.decide(typed, approve, signIn.get().subject(), signIn.get().authTime(), now, address)
                    != DeviceActivation.Decided.DONE) {
                return PageResponses.message(400, MessagePage.deviceCodeGone());
            }
            String name = pages.clientName(found.device().clientId());
            return PageResponses.message(200, approve ? MessagePage.deviceApproved(name)
                    : MessagePage.deviceDenied(name));
        });
    }

    /** A code was given: the flow looks it up (or refuses), then sign-in or the consent page. */
    private Response check(BrowserSession session, String address, String typed, boolean afterPost) {
        DeviceActivation.Lookup lookup = activation.lookUp(typed, session.limitKey(), address,
                DeviceActivation.Step.ENTER_CODE, clock.instant());
        if (lookup instanceof DeviceActivation.Lookup.TooMany tooMany) {
            return pages.tooMany(tooMany);
        }
        if (!(lookup instanceof DeviceActivation.Lookup.Found found)) {
            return PageResponses.page(200, new ActivatePage(session.csrfToken(), typed, ActivatePage.WRONG_CODE)
                    .render(), null);
        }
        Optional<SignIn> signIn = session.signIn();
        if (signIn.isEmpty()) {
            String id = session.addPendingActivation(found.shownCode());
            return PageResponses.redirect(pages.signInUrl(id), afterPost);
        }
        return pages.consentPage(200, session, signIn.get(), found.device(), found.shownCode(), "activate/decision",
                null);
    }
}
