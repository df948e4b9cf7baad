package dev.jeton.web;

import dev.jeton.authorize.PendingAuthorizations;
import dev.jeton.config.JetonSettings;
import dev.jeton.session.UserSessions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.time.Clock;

/** Hands the resources the {@link BrowserSession} of a request. */
@ApplicationScoped
public class BrowserSessions {

    @Inject
    UserSessions sessions;
    @Inject
    PendingAuthorizations pending;
    @Inject
    Clock clock;
    @Inject
    JetonSettings settings;

    BrowserSession of(HttpServletRequest request) {
        return new BrowserSession(request, sessions, pending, clock, settings.issuer());
    }
}
