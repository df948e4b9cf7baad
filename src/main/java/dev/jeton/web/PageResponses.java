package dev.jeton.web;

import dev.jeton.authorize.AuthorizationResponse;
import dev.jeton.authorize.RedirectUris;
import dev.jeton.authorize.ResponseMode;
import dev.jeton.client.ClientLinks;
import dev.jeton.web.pages.FormPostPage;
import dev.jeton.web.pages.MessagePage;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * Responses of the browser-facing endpoints (authorization, sign-in, consent). Every one is
 * {@code no-store} (RFC 6749 §4.1.2 codes, forms with CSRF tokens); pages may not be framed
 * (RFC 6749 §10.13 clickjacking: {@code X-Frame-Options} and CSP {@code frame-ancestors}),
 * load nothing and run no script - except the form_post page's one script, allowed by its hash.
 */
final class PageResponses {

    static final String HTML = "text/html;charset=UTF-8";
    private static final String BASE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private PageResponses() {
    }

    /**
     * A page. {@code redirectUri} is where the page's form may end up: Chrome and Safari check
     * the redirect that follows a form POST against {@code form-action} (w3c/webappsec-csp#8),
     * so the client's redirect URI is allowed beside 'self'; null for pages without such a form.
     */
    static Response page(int status, String html, String redirectUri) {
        return page(status, html, redirectUri, null, null);
    }

    /**
     * A page that may show the client's registered logo (OIDC Registration §2 logo_uri): {@code img-src} allows
     * that one https origin and nothing else; without a logo the page loads no image at all.
     */
    static Response pageWithLogo(int status, String html, String redirectUri, ClientLinks links) {
        return page(status, html, redirectUri, null, links.logoOrigin().orElse(null));
    }

    /**
     * A page whose one script is allowed by its hash ({@code scriptSource}, a CSP hash-source), or none, and whose
     * images may come from {@code imageSource} (an https origin), or from nowhere.
     */
    private static Response page(int status, String html, String redirectUri, String scriptSource,
                                 String imageSource) {
        String policy = BASE_POLICY;
        if (redirectUri != null) {
            policy += RedirectUris.cspSource(redirectUri).map(source -> " " + source).orElse("");
        }
        if (scriptSource != null) {
            policy += "; script-src " + scriptSource;
        }
        if (imageSource != null) {
            policy += "; img-src " + imageSource;
        }
        return secured(Response.status(status).entity(html).type(HTML))
                .header("Content-Security-Policy", policy)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    static Response message(int status, MessagePage page) {
        return page(status, page.render(), null);
    }

    /**
     * The authorization response to the client's redirect URI (RFC 6749 §4.1.2, §4.1.2.1) in the
     * request's response mode: a redirect with the parameters in the query, or (form_post) a page
     * whose form the browser posts there (OAuth 2.0 Form Post Response Mode §2).
     */
    static Response toClient(AuthorizationResponse response, boolean afterPost) {
        if (response.mode() == ResponseMode.FORM_POST) {
            return page(200, new FormPostPage(response.redirectUri(), response.parameters()).render(),
                    response.redirectUri(), FormPostPage.SCRIPT_HASH, null);
        }
        return redirect(response.location(), afterPost);
    }

    /**
     * A redirect: 302 after a GET (RFC 6749 §4.1.2), 303 after a POST, so the browser follows
     * with a GET and never re-sends the form (RFC 9700 §4.11).
     */
    static Response redirect(String location, boolean afterPost) {
        return secured(Response.status(afterPost ? 303 : 302).location(URI.create(location))).build();
    }

    private static Response.ResponseBuilder secured(Response.ResponseBuilder response) {
        return response.header("Cache-Control", "no-store").header("Pragma", "no-cache")
                .header("Referrer-Policy", "no-referrer");
    }
}
