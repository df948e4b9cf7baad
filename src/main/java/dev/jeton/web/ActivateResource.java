package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.authorize.ScopeDescriptions;
import dev.jeton.authorize.SignIn;
import dev.jeton.client.ClientStore;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.grant.devicecode.DeviceActivation;
import dev.jeton.grant.devicecode.DeviceAuthorization;
import dev.jeton.grant.devicecode.UserCodes;
import dev.jeton.request.FormParameters;
import dev.jeton.user.UserAccount;
import dev.jeton.user.UserStore;
import dev.jeton.web.pages.ActivatePage;
import dev.jeton.web.pages.ConsentPage;
import dev.jeton.web.pages.DeviceConsentPage;
import dev.jeton.web.pages.LoginPage;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The device flow's pages (RFC 8628 §3.3): {@code GET /activate} asks for the code (or takes it
 * from {@code verification_uri_complete}, {@code ?user_code=}), {@code POST /activate} checks
 * it; a user who is not signed in goes through the normal sign-in page first. The consent page
 * shows which application asks for what; {@code POST /activate/decision} records approve or deny
 * and shows a plain result page. Wrong codes are counted per session and per address
 * ({@link ActivationThrottle}) and answered with 429 past the limit.
 */
@Path("/activate")
@ApplicationScoped
@Tag(name = "Device flow pages")
public class ActivateResource {

    private static final Logger LOG = Logger.getLogger(ActivateResource.class.getName());

    @Inject
    DeviceActivation activation;
    @Inject
    ActivationThrottle throttle;
    @Inject
    ClientStore clients;
    @Inject
    UserStore users;
    @Inject
    JetonSettings settings;
    @Inject
    Event<AuditEvent> audit;
    @Inject
    Clock clock;

    private ScopeDescriptions descriptions;

    @PostConstruct
    void init() {
        Config config = ConfigProvider.getConfig();
        descriptions = new ScopeDescriptions(name -> config.getOptionalValue(name, String.class));
    }

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
        try {
            BrowserSession session = BrowserSession.of(servlet);
            String typed = uri.getQueryParameters().getFirst("user_code");
            if (typed == null) {
                return PageResponses.page(200, new ActivatePage(session.csrfToken(), null, null).render(), null);
            }
            return check(session, servlet.getRemoteAddr(), typed, false);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "activation page failed", e);
            return PageResponses.message(500, MessagePage.serverError());
        }
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
        try {
            FormParameters form = FormBody.read(headers, body, settings.maxBodyBytes());
            BrowserSession session = BrowserSession.of(servlet);
            String typed = form.get("user_code").orElse("");
            if (!session.csrfMatches(form.get("csrf").orElse(null))) {
                return PageResponses.page(403, new ActivatePage(session.csrfToken(), typed,
                        ActivatePage.FORM_EXPIRED).render(), null);
            }
            return check(session, servlet.getRemoteAddr(), typed, true);
        } catch (FormBody.Refused refused) {
            return PageResponses.message(refused.status, MessagePage.invalidRequest(refused.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "activation failed", e);
            return PageResponses.message(500, MessagePage.serverError());
        }
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
        try {
            FormParameters form = FormBody.read(headers, body, settings.maxBodyBytes());
            BrowserSession session = BrowserSession.of(servlet);
            String address = servlet.getRemoteAddr();
            Instant now = clock.instant();
            String typed = form.get("user_code").orElse("");
            Optional<SignIn> signIn = session.signIn();
            if (signIn.isEmpty()) {
                return PageResponses.redirect(activateUrl(typed), true);
            }
            if (throttle.blocked(session.limitKey(), address, now)) {
                return tooMany(session, address, now);
            }
            Optional<DeviceAuthorization> device = activation.pending(typed, now);
            if (device.isEmpty()) {
                wrongCode(session, address, now, "DECISION_FOR_UNKNOWN_CODE");
                return PageResponses.message(400, MessagePage.deviceCodeGone());
            }
            if (!session.csrfMatches(form.get("csrf").orElse(null))) {
                return consentPage(403, session, signIn.get(), device.get(), typed, "decision",
                        ConsentPage.FORM_EXPIRED);
            }
            String decision = form.get("decision").orElse("");
            if (!decision.equals("approve") && !decision.equals("deny")) {
                return PageResponses.message(400, MessagePage.invalidRequest("The form did not say allow or deny."));
            }
            boolean approve = decision.equals("approve");
            DeviceActivation.Decision result = activation.decide(typed, approve, signIn.get().subject(),
                    signIn.get().authTime(), now, address);
            if (result.outcome() != DeviceActivation.Decided.DONE) {
                return PageResponses.message(400, MessagePage.deviceCodeGone());
            }
            audit.fire(result.event());
            String name = clientName(device.get().clientId());
            return PageResponses.message(200, approve ? MessagePage.deviceApproved(name)
                    : MessagePage.deviceDenied(name));
        } catch (FormBody.Refused refused) {
            return PageResponses.message(refused.status, MessagePage.invalidRequest(refused.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "device decision failed", e);
            return PageResponses.message(500, MessagePage.serverError());
        }
    }

    /** A code was given: throttle, look it up, then sign-in or the consent page. */
    private Response check(BrowserSession session, String address, String typed, boolean afterPost) {
        Instant now = clock.instant();
        if (throttle.blocked(session.limitKey(), address, now)) {
            return tooMany(session, address, now);
        }
        Optional<DeviceAuthorization> device = activation.pending(typed, now);
        if (device.isEmpty()) {
            wrongCode(session, address, now, "UNKNOWN_USER_CODE");
            return PageResponses.page(200, new ActivatePage(session.csrfToken(), typed, ActivatePage.WRONG_CODE)
                    .render(), null);
        }
        String shown = UserCodes.display(UserCodes.normalize(typed).orElseThrow());
        Optional<SignIn> signIn = session.signIn();
        if (signIn.isEmpty()) {
            String id = session.addPendingActivation(shown);
            return PageResponses.redirect(settings.endpoint("/login") + "?authz="
                    + URLEncoder.encode(id, StandardCharsets.UTF_8), afterPost);
        }
        return consentPage(200, session, signIn.get(), device.get(), shown, "activate/decision", null);
    }

    private void wrongCode(BrowserSession session, String address, Instant now, String reason) {
        throttle.recordWrongCode(session.limitKey(), address, now);
        audit.fire(DeviceActivation.wrongCode(now, address, reason));
    }

    private Response tooMany(BrowserSession session, String address, Instant now) {
        long retry = throttle.retryAfterSeconds(session.limitKey(), address, now);
        Response page = PageResponses.message(429, MessagePage.tooManyCodes());
        return Response.fromResponse(page).header("Retry-After", retry).build();
    }

    private Response consentPage(int status, BrowserSession session, SignIn signIn, DeviceAuthorization device,
                                 String typed, String action, String message) {
        String shown = UserCodes.normalize(typed).map(UserCodes::display).orElse(typed);
        List<ConsentPage.Scope> scopes = dev.jeton.vocabulary.Scope.ofIssued(device.scope()).tokens().stream()
                .map(s -> new ConsentPage.Scope(s, descriptions.describe(s))).toList();
        String username = users.findBySubject(signIn.subject()).map(UserAccount::username).orElse(null);
        DeviceConsentPage page = new DeviceConsentPage(clientName(device.clientId()), scopes, username, shown,
                session.csrfToken(), action, message);
        return PageResponses.page(status, page.render(), null);
    }

    String clientName(String clientId) {
        return clients.find(clientId).map(RegisteredClient::clientName).filter(n -> n != null && !n.isBlank())
                .orElse(clientId);
    }

    /** The activation page for a code, where the user lands after signing in. */
    String activateUrl(String shownCode) {
        return settings.endpoint("/activate") + "?user_code=" + URLEncoder.encode(shownCode, StandardCharsets.UTF_8);
    }

    /**
     * A device activation waiting in the session for sign-in (RFC 8628 §3.3).
     *
     * @param code   the user code, as shown
     * @param device empty when the code expired or was used meanwhile
     */
    record WaitingActivation(String id, String code, Optional<DeviceAuthorization> device) {
    }

    /** The activation kept under {@code id}, if this session has one; one whose device is gone is dropped. */
    Optional<WaitingActivation> waiting(BrowserSession session, String id) {
        Optional<String> code = session.pendingActivation(id);
        if (code.isEmpty()) {
            return Optional.empty();
        }
        Optional<DeviceAuthorization> device = activation.pending(code.get(), clock.instant());
        if (device.isEmpty()) {
            session.removePendingActivation(id);
        }
        return Optional.of(new WaitingActivation(id, code.get(), device));
    }

    /** The sign-in page for a waiting activation (a 400 page when its device is gone). */
    Response signInPage(int status, BrowserSession session, WaitingActivation waiting, String username,
                        String message) {
        if (waiting.device().isEmpty()) {
            return PageResponses.message(400, MessagePage.deviceCodeGone());
        }
        LoginPage page = new LoginPage(clientName(waiting.device().get().clientId()), username, session.csrfToken(),
                waiting.id(), message);
        return PageResponses.page(status, page.render(), null);
    }
}
