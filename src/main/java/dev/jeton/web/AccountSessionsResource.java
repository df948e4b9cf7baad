package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.authorize.SignIn;
import dev.jeton.logout.SessionEnding;
import dev.jeton.session.EndReason;
import dev.jeton.session.UserSession;
import dev.jeton.web.openapi.OpenApiRefs;
import dev.jeton.web.pages.LogoutPages;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The signed-in user's sessions page (issue #18): which sessions are active, and "sign out everywhere", which ends
 * them all ({@link SessionEnding}, like any other logout: back-channel logout tokens to their clients). HTTP only.
 */
@Path("/account/sessions")
@Tag(name = "OpenID Connect")
@ApplicationScoped
public class AccountSessionsResource {

    @Inject
    BrowserSessions browserSessions;
    @Inject
    BrowserPosts posts;
    @Inject
    SessionEnding ending;
    @Inject
    SessionEnds ends;
    @Inject
    AuthorizationSteps steps;
    @Inject
    Clock clock;

    @GET
    @Operation(summary = "The signed-in user's sessions (HTML), with a \"sign out everywhere\" form")
    @APIResponse(responseCode = "200", ref = OpenApiRefs.HTML_PAGE)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.HTML_ERROR)
    public Response page(@Context HttpServletRequest servlet) {
        return BrowserForm.answer("sessions page", () -> {
            BrowserSession session = browserSessions.of(servlet);
            Optional<SignIn> signIn = session.signIn();
            if (signIn.isEmpty()) {
                return PageResponses.message(200, LogoutPages.notSignedIn());
            }
            List<LogoutPages.SessionRow> rows = ending.activeSessionsOf(signIn.get().subject(), clock.instant())
                    .stream().map(s -> row(s, signIn.get())).toList();
            return PageResponses.page(200, LogoutPages.sessions(rows, session.csrfToken()), null);
        });
    }

    @POST
    @Operation(summary = "Sign out everywhere: ends every session of the signed-in user (CSRF-checked form)")
    @RequestBody(required = true, content = @Content(mediaType = "application/x-www-form-urlencoded",
            schema = @Schema(ref = "CsrfForm")))
    @APIResponse(responseCode = "200", ref = OpenApiRefs.HTML_PAGE)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "413", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "415", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.HTML_ERROR)
    public Response signOutEverywhere(@Context HttpHeaders headers, @Context HttpServletRequest servlet,
                                      @Context HttpServletResponse out, InputStream body) {
        return posts.answer("sign out everywhere", headers, body, servlet, (form, session) -> {
            Optional<SignIn> signIn = session.signIn();
            if (signIn.isEmpty()) {
                return PageResponses.message(200, LogoutPages.notSignedIn());
            }
            if (!form.csrfMatches(session)) {
                return PageResponses.message(403, LogoutPages.formExpired());
            }
            Instant now = clock.instant();
            String subject = signIn.get().subject();
            String address = servlet.getRemoteAddr();
            SessionEnding.Actor actor = new SessionEnding.Actor(EndReason.SIGN_OUT_EVERYWHERE, subject, null, address);
            List<SessionEnding.Ended> ended = ends.commit(() -> ending.endAll(subject, actor, now),
                    all -> List.of(new AuditEvent(UUID.randomUUID().toString(), now, AuditEventName.USER_SIGNED_OUT,
                            null, null, AuditEvent.Outcome.SUCCESS, null, EndReason.SIGN_OUT_EVERYWHERE.name(),
                            subject, null, address, List.of(), signIn.get().sid())));
            session.forget();
            return session.withCookie(PageResponses.message(200, LogoutPages.signedOutEverywhere(ended.size())), out);
        });
    }

    private LogoutPages.SessionRow row(UserSession s, SignIn current) {
        return new LogoutPages.SessionRow(s.authTime(), s.lastSeenAt(),
                ending.clientsOf(s.sid()).stream().map(steps::clientName).toList(), s.sid().equals(current.sid()));
    }
}
