package dev.jeton.logout;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One POST of a logout token (Back-Channel Logout 1.0 §2.5: {@code application/x-www-form-urlencoded},
 * {@code logout_token=...}), with the JDK's HttpClient: no redirects followed (a redirect is a failure, never a
 * second target), bounded connect and response times, no cookies, the response body not read.
 */
public class BackchannelDelivery {

    /** What came of one attempt. */
    public enum Result {
        /** §2.8: the RP answered 200 OK (or 204, which some frameworks send instead). */
        DELIVERED,
        /** A network failure, a timeout or a 5xx: worth another attempt later. */
        RETRY,
        /** The RP refused the token (4xx) or redirected: another attempt would meet the same answer. */
        REFUSED
    }

    /** The outcome and a short reason for the audit (never the token). */
    public record Outcome(Result result, String detail) {
    }

    private final HttpClient http;
    private final Duration timeout;

    public BackchannelDelivery(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout)
                .build();
    }

    public Outcome post(String uri, String logoutToken) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("logout_token="
                        + URLEncoder.encode(logoutToken, StandardCharsets.US_ASCII)))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            if (status == 200 || status == 204) {
                return new Outcome(Result.DELIVERED, "HTTP " + status);
            }
            if (status >= 500) {
                return new Outcome(Result.RETRY, "HTTP " + status);
            }
            return new Outcome(Result.REFUSED, "HTTP " + status);
        } catch (IOException e) {
            return new Outcome(Result.RETRY, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(Result.RETRY, "interrupted");
        }
    }
}
