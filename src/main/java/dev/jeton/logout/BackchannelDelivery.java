package dev.jeton.logout;

import dev.jeton.client.fetch.FetchRefused;
import dev.jeton.client.fetch.OutboundFetcher;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * One POST of a logout token (Back-Channel Logout 1.0 §2.5: {@code application/x-www-form-urlencoded},
 * {@code logout_token=...}) through the {@link OutboundFetcher}, the one guarded way to reach a URL a client named:
 * https (plain http only to a loopback host under the dev profile), the operator's host lists and address rules, no
 * redirect followed (a redirect is a failure, never a second target), one deadline, no cookies, the response body
 * not read.
 */
public class BackchannelDelivery {

    /** What came of one attempt. */
    public enum Result {
        /** §2.8: the RP answered 200 OK (or 204, which some frameworks send instead). */
        DELIVERED,
        /** A network failure, a timeout or a 5xx: worth another attempt later. */
        RETRY,
        /**
         * The RP refused the token (4xx) or redirected, or the operator's rules forbid the URI: another attempt
         * would meet the same answer.
         */
        REFUSED
    }

    /** The outcome and a short reason for the audit (never the token): {@code http_503}, {@code connect_failed}. */
    public record Outcome(Result result, String detail) {
    }

    /** Refusals that may pass by themselves (the RP's host is down, its DNS or certificate being fixed). */
    private static final Set<FetchRefused.Reason> TRANSIENT = EnumSet.of(FetchRefused.Reason.UNRESOLVABLE,
            FetchRefused.Reason.CONNECT_FAILED, FetchRefused.Reason.TLS_FAILED, FetchRefused.Reason.TIMEOUT,
            FetchRefused.Reason.MALFORMED_RESPONSE);

    private final OutboundFetcher fetcher;
    private final Duration timeout;

    public BackchannelDelivery(OutboundFetcher fetcher, Duration timeout) {
        this.fetcher = fetcher;
        this.timeout = timeout;
    }

    public Outcome post(String uri, String logoutToken) {
        URI target;
        try {
            target = new URI(uri);
        } catch (java.net.URISyntaxException | NullPointerException e) {
            return new Outcome(Result.REFUSED, FetchRefused.Reason.BAD_URL.wireName());
        }
        try {
            int status = fetcher.postForm(target, "logout_token="
                    + URLEncoder.encode(logoutToken, StandardCharsets.US_ASCII), timeout);
            Result result = status == 200 || status == 204 ? Result.DELIVERED
                    : status >= 500 ? Result.RETRY : Result.REFUSED;
            return new Outcome(result, "http_" + status);
        } catch (FetchRefused e) {
            return new Outcome(TRANSIENT.contains(e.reason()) ? Result.RETRY : Result.REFUSED, e.reason().wireName());
        }
    }
}
