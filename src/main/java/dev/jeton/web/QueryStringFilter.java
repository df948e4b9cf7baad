package dev.jeton.web;

import dev.jeton.error.OAuthError;
import dev.jeton.request.FormEncoding;
import dev.jeton.web.pages.MessagePage;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

/**
 * Runs before JAX-RS on every request, for every method and endpoint:
 * <ul>
 * <li>A query string that is not strictly form-encoded (RFC 3986 §2.1 escapes, UTF-8, printable
 * ASCII; RFC 6749 Appendix B) is refused here with a 400: Jersey's servlet layer decodes the query
 * itself for form requests and throws on {@code %zz}, which the container turned into its HTML 500
 * page naming the exception, without {@code no-store}. API endpoints answer an RFC 6749 §5.2
 * {@code invalid_request}; the browser pages answer their HTML error page.</li>
 * <li>The servlet parameter API is hidden from everything after this filter. Jeton reads query
 * strings and form bodies itself, strictly; the container's lenient parser logs a value it
 * cannot decode, and Jersey logs the whole request URI at WARNING when a form request arrives
 * with an empty body and servlet parameters (so {@code ?access_token=…} reached the log). With
 * no servlet parameters neither happens and no credential reaches a log.</li>
 * </ul>
 */
@WebFilter(filterName = "QueryStringFilter", urlPatterns = "/*", asyncSupported = true)
public class QueryStringFilter implements Filter {

    /** The pages a browser sees; their errors are HTML (they never redirect an unverified request). */
    private static final List<String> BROWSER_PAGES = List.of("/oauth/authorize", "/login", "/consent", "/activate");

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse out)) {
            chain.doFilter(request, response);
            return;
        }
        if (!wellEncoded(http.getQueryString())) {
            write(refusal(http), out);
            return;
        }
        chain.doFilter(new WithoutServletParameters(http), response);
    }

    static boolean wellEncoded(String rawQuery) {
        if (rawQuery == null) {
            return true;
        }
        try {
            FormEncoding.parse(rawQuery.getBytes(StandardCharsets.ISO_8859_1));
            return true;
        } catch (FormEncoding.MalformedFormException e) {
            return false;
        }
    }

    private static Response refusal(HttpServletRequest http) {
        String path = http.getRequestURI().substring(http.getContextPath().length());
        boolean page = BROWSER_PAGES.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
        if (page) {
            return PageResponses.message(400, MessagePage.invalidRequest(
                    "The address of this request is not correctly encoded."));
        }
        return OAuthResponses.error(OAuthError.invalidRequest("The query string is not correctly encoded."));
    }

    /** Copies a JAX-RS response built by the shared renderers, so these answers have the same headers. */
    private static void write(Response response, HttpServletResponse out) throws IOException {
        out.setStatus(response.getStatus());
        response.getStringHeaders().forEach((name, values) -> values.forEach(v -> out.addHeader(name, v)));
        byte[] body = String.valueOf(response.getEntity()).getBytes(StandardCharsets.UTF_8);
        out.setContentLength(body.length);
        out.getOutputStream().write(body);
    }

    /** A request whose servlet parameters are empty; the query string and the body are untouched. */
    private static final class WithoutServletParameters extends HttpServletRequestWrapper {

        WithoutServletParameters(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getParameter(String name) {
            return null;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Map.of();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public String[] getParameterValues(String name) {
            return null;
        }
    }
}
