package dev.jeton.web;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.authorize.SignIn;
import dev.jeton.config.JetonSettings;
import dev.jeton.logout.EndSessionDecision;
import dev.jeton.logout.EndSessionFlow;
import dev.jeton.logout.EndSessionRequest;
import dev.jeton.logout.SessionEnding;
import dev.jeton.request.FormParameters;
import dev.jeton.session.EndReason;
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
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The end-session endpoint (OpenID Connect RP-Initiated Logout 1.0): reads the request, lets {@link EndSessionFlow}
 * decide, and renders: an error page (never a redirect to an unregistered URI), our confirmation page (CSRF token),
 * or the session's end ({@link SessionEnds}) followed by the redirect to the client's registered
 * post_logout_redirect_uri with its state, or the signed-out page. HTTP only.
 */
@Path("/oauth/logout")
@Tag(name = "OpenID Connect")
@ApplicationScoped
public class EndSessionResource {

    @Inject
    BrowserSessions browserSessions;
    @Inject
    BrowserPosts posts;
    @Inject
    EndSessionFlow flow;
    @Inject
    SessionEnding ending;
    @Inject
    SessionEnds ends;
    @Inject
    AuthorizationSteps steps;
    @Inject
    JetonSettings settings;
    @Inject
    Clock clock;

    @GET
    @Operation(summary = "End-session endpoint (OpenID Connect RP-Initiated Logout 1.0), for browsers",
            description = "Signs the user out of the session this browser has: with an id_token_hint of that very "
                    + "session (signature and issuer checked; an expired hint is accepted) at once, otherwise after "
                    + "the user confirms on a page of ours. Then redirects to post_logout_redirect_uri (registered "
                    + "for the client, compared exactly) with state, or shows a signed-out page. Every client of "
                    + "the session with a backchannel_logout_uri is sent a logout token afterwards.")
    @Parameter(name = "id_token_hint", in = ParameterIn.QUERY, description = "An ID token of ours for the session.",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "client_id", in = ParameterIn.QUERY, description = "The client asking; must be the hint's "
            + "audience when both are sent.", schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "post_logout_redirect_uri", in = ParameterIn.QUERY, description = "One of the client's "
            + "post_logout_redirect_uris; needs client_id or id_token_hint.",
            schema = @Schema(type = SchemaType.STRING, format = "uri"))
    @Parameter(name = "state", in = ParameterIn.QUERY, description = "Returned on the redirect.",
            schema = @Schema(type = SchemaType.STRING))
    @Parameter(name = "ui_locales", in = ParameterIn.QUERY, description = "Accepted; the pages are in English.",
            schema = @Schema(type = SchemaType.STRING))
    @APIResponse(responseCode = "200", ref = OpenApiRefs.HTML_PAGE)
    @APIResponse(responseCode = "302", ref = OpenApiRefs.REDIRECT)
    @APIResponse(responseCode = "400", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.HTML_ERROR)
    public Response get(@Context HttpServletRequest servlet, @Context HttpServletResponse out) {
        return BrowserForm.answer("end-session request", () ->
                request(BrowserForm.query(servlet.getQueryString()).fields(), servlet, out, false));
    }

    @POST
    @Operation(summary = "End-session endpoint by form POST, and the confirmation page's form",
            description = "The same parameters as GET in an application/x-www-form-urlencoded body (a client's POST "
                    + "is answered with a 303 to the GET, so the browser's SameSite=Lax session cookie comes "
                    + "along). With csrf and action (logout or stay) it is our confirmation page's form.")
    @RequestBody(required = true, content = @Content(mediaType = "application/x-www-form-urlencoded",
            schema = @Schema(ref = "EndSessionForm")))
    @APIResponse(responseCode = "200", ref = OpenApiRefs.HTML_PAGE)
    @APIResponse(responseCode = "303", ref = OpenApiRefs.REDIRECT)
    @APIResponse(responseCode = "400", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "413", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "415", ref = OpenApiRefs.HTML_ERROR)
    @APIResponse(responseCode = "500", ref = OpenApiRefs.HTML_ERROR)
    public Response post(@Context HttpHeaders headers, @Context HttpServletRequest servlet,
                         @Context HttpServletResponse out, InputStream body) {
        return posts.answer("end-session form", headers, body, servlet, (form, session) -> {
            if (form.get("csrf").isEmpty()) {
                // a client's form POST: across sites the browser leaves the Lax session cookie out of a POST, but
                // sends it with the GET this redirect asks for
                return PageResponses.redirect(settings.endpoint("/oauth/logout") + "?" + query(form.fields()), true);
            }
            if (!form.csrfMatches(session)) {
                return PageResponses.message(403, LogoutPages.formExpired());
            }
            if (form.get(LogoutPages.ACTION).filter(LogoutPages.STAY::equals).isPresent()) {
                return PageResponses.message(200, LogoutPages.stillSignedIn());
            }
            return request(form.fields(), servlet, out, true);
        });
    }

    private Response request(FormParameters fields, HttpServletRequest servlet, HttpServletResponse out,
                             boolean confirmed) {
        Set<String> others = new HashSet<>(fields.names());
        others.removeAll(EndSessionRequest.PARAMETERS);
        Optional<String> repeated = fields.firstRepeated(others);
        if (repeated.isPresent()) {
            return PageResponses.message(400, LogoutPages.refused("The parameter " + repeated.get()
                    + " was sent more than once."));
        }
        EndSessionRequest request = new EndSessionRequest(fields.get("id_token_hint").orElse(null),
                fields.get("client_id").orElse(null), fields.get("post_logout_redirect_uri").orElse(null),
                fields.get("state").orElse(null), fields.get("ui_locales").orElse(null));
        BrowserSession session = browserSessions.of(servlet);
        Optional<SignIn> current = session.signIn();
        EndSessionDecision decision = flow.decide(request, current, confirmed);
        if (decision instanceof EndSessionDecision.Refused refused) {
            return PageResponses.message(400, LogoutPages.refused(refused.message()));
        }
        if (decision instanceof EndSessionDecision.Confirm confirm) {
            String clientName = confirm.clientId() == null ? null : steps.clientName(confirm.clientId());
            // the form's POST ends in a redirect to the client: CSP form-action must allow it (see PageResponses.page)
            return PageResponses.page(200, LogoutPages.confirm(clientName, session.csrfToken(), hidden(request)),
                    confirm.redirect().isPresent() ? request.postLogoutRedirectUri() : null);
        }
        if (decision instanceof EndSessionDecision.End end) {
            endSession(end, current.get(), servlet.getRemoteAddr(), confirmed);
            session.forget();
            return session.withCookie(afterLogout(end.redirect(), confirmed), out);
        }
        return afterLogout(((EndSessionDecision.NothingToEnd) decision).redirect(), confirmed);
    }

    private void endSession(EndSessionDecision.End end, SignIn signIn, String address, boolean confirmed) {
        Instant now = clock.instant();
        SessionEnding.Actor actor = new SessionEnding.Actor(EndReason.LOGOUT, signIn.subject(), end.clientId(),
                address);
        ends.commit(() -> ending.end(end.sid(), actor, now).map(List::of).orElse(List.of()),
                ended -> ended.isEmpty() ? List.of() : List.of(new AuditEvent(UUID.randomUUID().toString(), now,
                        AuditEventName.USER_SIGNED_OUT, end.clientId(), null, AuditEvent.Outcome.SUCCESS, null,
                        confirmed ? "CONFIRMED" : "ID_TOKEN_HINT", signIn.subject(), null, address, List.of(),
                        end.sid())));
    }

    /** §3: to the registered URI (with state) when there is one, else our signed-out page. */
    private static Response afterLogout(Optional<String> redirect, boolean afterPost) {
        return redirect.map(uri -> PageResponses.redirect(uri, afterPost))
                .orElseGet(() -> PageResponses.message(200, LogoutPages.signedOut()));
    }

    /** The request's own parameters, for the confirmation form to post back. */
    private static Map<String, String> hidden(EndSessionRequest request) {
        Map<String, String> fields = new LinkedHashMap<>();
        put(fields, "id_token_hint", request.idTokenHint());
        put(fields, "client_id", request.clientId());
        put(fields, "post_logout_redirect_uri", request.postLogoutRedirectUri());
        put(fields, "state", request.state());
        put(fields, "ui_locales", request.uiLocales());
        return fields;
    }

    private static void put(Map<String, String> fields, String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
    }

    private static String query(FormParameters fields) {
        StringBuilder query = new StringBuilder();
        for (String name : EndSessionRequest.PARAMETERS) {
            for (String value : fields.all(name)) {
                if (!query.isEmpty()) {
                    query.append('&');
                }
                query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return query.toString();
    }
}
