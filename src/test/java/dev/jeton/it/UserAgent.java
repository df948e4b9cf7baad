package dev.jeton.it;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person's browser without the browser: keeps cookies, follows no redirect by itself, and
 * fills in Jeton's sign-in and consent forms. The real-browser test is BrowserFlowIT's job.
 */
final class UserAgent {

    private static final Pattern HIDDEN = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"");

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final URI base;

    /** Against the Arquillian-started server. */
    UserAgent() {
        this(Http.base());
    }

    /** Against a server at {@code base} (e.g. one a test started itself). */
    UserAgent(URI base) {
        this.base = base;
    }

    HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET().build());
    }

    HttpResponse<String> post(URI uri, Map<String, String> form) {
        return send(HttpRequest.newBuilder(uri).header("Content-Type", Http.FORM)
                .POST(HttpRequest.BodyPublishers.ofString(Http.form(form))).build());
    }

    /**
     * Opens the authorization request, signs in and approves consent when asked, and returns the
     * redirect to the client (the Location that leaves Jeton).
     */
    URI authorize(String query, String username, String password) {
        return follow(get(base.resolve("/oauth/authorize?" + query)), username, password);
    }

    /**
     * Goes on from {@code response} like {@link #authorize}: follows Jeton's redirects, signs in and
     * approves consent when asked, and returns the redirect that leaves Jeton.
     */
    URI follow(HttpResponse<String> response, String username, String password) {
        for (int step = 0; step < 8; step++) {
            if (response.statusCode() / 100 == 3) {
                URI location = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
                if (!location.toString().startsWith(base.toString())) {
                    return location;
                }
                response = get(location);
            } else if (response.statusCode() == 200 && response.body().contains("name=\"password\"")) {
                response = signIn(response, username, password);
            } else if (response.statusCode() == 200 && response.body().contains("name=\"decision\"")) {
                Map<String, String> form = hidden(response.body());
                form.put("decision", "approve");
                response = post(base.resolve("/consent"), form);
            } else {
                throw new AssertionError("unexpected page " + response.statusCode() + ": " + response.body());
            }
        }
        throw new AssertionError("the authorization did not finish in 8 steps");
    }

    /** Opens the authorization request and the sign-in page it leads to (asserting both steps). */
    HttpResponse<String> signInPage(String query) {
        return signInPageAt(base.resolve("/oauth/authorize?" + query));
    }

    /** Opens {@code uri} (the authorization endpoint or the activation page) and the sign-in page it leads to. */
    HttpResponse<String> signInPageAt(URI uri) {
        HttpResponse<String> first = get(uri);
        if (first.statusCode() / 100 != 3) {
            throw new AssertionError("expected a redirect to the sign-in page, got " + first.statusCode() + ": "
                    + first.body());
        }
        URI login = first.uri().resolve(first.headers().firstValue("Location").orElseThrow());
        if (!login.getPath().equals("/login")) {
            throw new AssertionError("expected the sign-in page, was sent to " + login);
        }
        HttpResponse<String> form = get(login);
        if (form.statusCode() != 200 || !form.body().contains("name=\"password\"")) {
            throw new AssertionError("no sign-in form: " + form.statusCode() + ": " + form.body());
        }
        return form;
    }

    /** Fills in the sign-in form {@code page} (its hidden fields as they are) and posts it. */
    HttpResponse<String> signIn(HttpResponse<String> page, String username, String password) {
        Map<String, String> form = hidden(page.body());
        form.put("username", username);
        form.put("password", password);
        return post(base.resolve("/login"), form);
    }

    /** The browser cookie's value (renewed at every sign-in), if the browser has one. */
    String sessionId() {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("jeton_browser"))
                .map(java.net.HttpCookie::getValue).findFirst().orElse(null);
    }

    /** A query parameter of a redirect, decoded. */
    static String parameter(URI redirect, String name) {
        for (String pair : redirect.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The hidden fields of a page's form (CSRF token and the like), decoded; a mutable map. */
    static Map<String, String> hiddenFields(String html) {
        return hidden(html);
    }

    private static Map<String, String> hidden(String html) {
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            fields.put(m.group(1), m.group(2).replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'")
                    .replace("&lt;", "<").replace("&gt;", ">"));
        }
        return fields;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
