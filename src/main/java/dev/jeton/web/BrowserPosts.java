package dev.jeton.web;

import dev.jeton.config.JetonSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;

/**
 * The one way the forms of our pages are taken (sign-in, consent, device activation, the end-session confirmation,
 * sign out everywhere): the POSTed form is read strictly, at most {@code jeton.max-body-bytes}
 * ({@link BrowserForm#read}), the browser's session is found ({@link BrowserSessions}), and the page answers with
 * both, or with the page for what went wrong ({@link BrowserForm#answer}). Each page checks the CSRF token
 * ({@link BrowserForm#csrfMatches}) where its steps say, and answers a mismatch with its own page.
 */
@ApplicationScoped
public class BrowserPosts {

    @Inject
    BrowserSessions browserSessions;
    @Inject
    JetonSettings settings;

    /** What a page does with its form; it may refuse the form. */
    @FunctionalInterface
    interface Handler {
        Response answer(BrowserForm form, BrowserSession session) throws FormBody.Refused;
    }

    /**
     * @param what names the step in the log (e.g. "sign-in")
     */
    Response answer(String what, HttpHeaders headers, InputStream body, HttpServletRequest servlet, Handler page) {
        return BrowserForm.answer(what, () -> page.answer(BrowserForm.read(headers, body, settings.maxBodyBytes()),
                browserSessions.of(servlet)));
    }
}
