package dev.jeton.web;

import dev.jeton.request.FormParameters;
import dev.jeton.web.pages.MessagePage;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one frame of every browser page (sign-in, consent, activation, authorization): the form
 * is read strictly ({@link FormBody}), its CSRF token is checked against the session's where the
 * page says, a form that cannot be read gets its 4xx page and a fault of ours the plain 500
 * page (logged, never shown: no stack trace reaches the browser).
 */
final class BrowserForm {

    private static final Logger LOG = Logger.getLogger(BrowserForm.class.getName());

    /** What a page answers; it may refuse the request's form. */
    @FunctionalInterface
    interface Page {
        Response answer() throws FormBody.Refused;
    }

    private final FormParameters fields;

    private BrowserForm(FormParameters fields) {
        this.fields = fields;
    }

    /**
     * Answers with {@code page}, or with the page for what went wrong.
     *
     * @param what names the step in the log (e.g. "sign-in")
     */
    static Response answer(String what, Page page) {
        try {
            return page.answer();
        } catch (FormBody.Refused refused) {
            return PageResponses.message(refused.status, MessagePage.invalidRequest(refused.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, what + " failed", e);
            return PageResponses.message(500, MessagePage.serverError());
        }
    }

    /** The form of a POST (application/x-www-form-urlencoded, at most {@code limit} bytes). */
    static BrowserForm read(HttpHeaders headers, InputStream body, int limit) throws FormBody.Refused {
        return new BrowserForm(FormBody.read(headers, body, limit));
    }

    /** The parameters of a GET, from its raw (still encoded) query string; null is an empty one. */
    static BrowserForm query(String rawQuery) throws FormBody.Refused {
        return new BrowserForm(FormBody.query(rawQuery));
    }

    Optional<String> get(String name) {
        return fields.get(name);
    }

    FormParameters fields() {
        return fields;
    }

    /** True when the form carries the session's anti-CSRF token (compared in constant time). */
    boolean csrfMatches(BrowserSession session) {
        return session.csrfMatches(fields.get("csrf").orElse(null));
    }
}
