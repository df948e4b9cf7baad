package dev.jeton.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;

import java.io.IOException;

/**
 * Hands a request's servlet response to {@link BrowserSession}, which sets the {@code jeton_browser}
 * cookie on it the moment it makes one (whatever page then answers), directly on the servlet
 * response: a Set-Cookie header on a JAX-RS response would replace the others.
 */
@WebFilter(filterName = "BrowserCookieFilter", urlPatterns = "/*", asyncSupported = true)
public class BrowserCookieFilter implements Filter {

    /** The request attribute that holds the servlet response. */
    static final String RESPONSE = "dev.jeton.web.servlet-response";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.setAttribute(RESPONSE, response);
        chain.doFilter(request, response);
    }
}
