package dev.jeton.web;

import dev.jeton.authorize.ScopeDescriptions;
import dev.jeton.authorize.SignIn;
import dev.jeton.config.JetonSettings;
import dev.jeton.grant.devicecode.DeviceActivation;
import dev.jeton.grant.devicecode.DeviceAuthorization;
import dev.jeton.grant.devicecode.UserCodes;
import dev.jeton.user.UserAccount;
import dev.jeton.user.UserStore;
import dev.jeton.vocabulary.Scope;
import dev.jeton.web.pages.ConsentPage;
import dev.jeton.web.pages.DeviceConsentPage;
import dev.jeton.web.pages.LoginPage;
import dev.jeton.web.pages.MessagePage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The HTML side of the device activation (RFC 8628 §3.3) that both the activation page and the
 * sign-in page show: the device's consent page, the sign-in form for a waiting activation, the
 * way back to the activation page, and the 429 page. The flow itself is {@link DeviceActivation}.
 */
@ApplicationScoped
public class ActivationPages {

    @Inject
    DeviceActivation activation;
    @Inject
    AuthorizationSteps steps;
    @Inject
    UserStore users;
    @Inject
    JetonSettings settings;
    @Inject
    ScopeDescriptions descriptions;
    @Inject
    Clock clock;

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

    /** The activation page for a code, where the user lands after signing in. */
    String activateUrl(String shownCode) {
        return settings.endpoint("/activate") + "?user_code=" + URLEncoder.encode(shownCode, StandardCharsets.UTF_8);
    }

    /** The sign-in page for an activation that waits in the session for it. */
    String signInUrl(String waitingId) {
        return settings.endpoint("/login") + "?authz=" + URLEncoder.encode(waitingId, StandardCharsets.UTF_8);
    }

    /** Which application asks for what, with the approve and deny buttons posting to {@code action}. */
    Response consentPage(int status, BrowserSession session, SignIn signIn, DeviceAuthorization device,
                         String typed, String action, String message) {
        String shown = UserCodes.normalize(typed).map(UserCodes::display).orElse(typed);
        List<ConsentPage.Scope> scopes = Scope.ofIssued(device.scope()).tokens().stream()
                .map(s -> new ConsentPage.Scope(s, descriptions.describe(s))).toList();
        String username = users.findBySubject(signIn.subject()).map(UserAccount::username).orElse(null);
        DeviceConsentPage page = new DeviceConsentPage(clientName(device.clientId()), scopes, username, shown,
                session.csrfToken(), action, message, device.resources(),
                steps.claimedName(device.clientId()).orElse(null));
        return PageResponses.page(status, page.render(), null);
    }

    /** Too many wrong codes (RFC 6585 §4). */
    Response tooMany(DeviceActivation.Lookup.TooMany tooMany) {
        Response page = PageResponses.message(429, MessagePage.tooManyCodes());
        return Response.fromResponse(page).header("Retry-After", tooMany.retryAfterSeconds()).build();
    }

    String clientName(String clientId) {
        return steps.clientName(clientId);
    }
}
