package dev.jeton.authorize;

import dev.jeton.client.fetch.FetchRefused;
import dev.jeton.client.fetch.OutboundFetcher;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Fetches a request object passed by reference (OIDC Core §6.2, RFC 9101 §5.2): a {@code request_uri} that is a
 * URL of the client's, not a pushed request. Every fetch goes through the one {@link OutboundFetcher} (https, the
 * operator's host lists, public addresses only unless allowed, a deadline, no redirects), which decides whether
 * Jeton may reach the URL at all.
 */
public interface RequestUriSource {

    /** The request object it served (its compact serialization), or why not. */
    sealed interface Result {
        record Fetched(String requestObject) implements Result {
        }

        /** @param reason a short code for the audit event (the fetcher's reason, e.g. {@code forbidden_address}) */
        record Refused(String reason) implements Result {
        }
    }

    Result fetch(String requestUri);

    /** RFC 9101 §5.2.3 names application/oauth-authz-req+jwt; OIDC clients serve application/jwt or jose. */
    String ACCEPT = "application/oauth-authz-req+jwt, application/jwt, application/jose, */*;q=0.1";

    /** Through the guarded fetcher, at most {@link RequestObjects#MAX_LENGTH} bytes within {@code timeout}. */
    static RequestUriSource guarded(OutboundFetcher fetcher, Duration timeout) {
        return requestUri -> {
            URI url;
            try {
                url = new URI(requestUri);
            } catch (URISyntaxException e) {
                return new Result.Refused("bad_url");
            }
            try {
                return new Result.Fetched(fetcher.get(url, new OutboundFetcher.Limits(RequestObjects.MAX_LENGTH,
                        timeout, ACCEPT)).text().strip());
            } catch (FetchRefused e) {
                return new Result.Refused(e.reason().wireName());
            }
        };
    }

    /** Fetches nothing (unit tests that are not about request_uri). */
    RequestUriSource NONE = requestUri -> new Result.Refused("not_fetched");
}
