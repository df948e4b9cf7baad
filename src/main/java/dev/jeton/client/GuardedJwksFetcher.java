package dev.jeton.client;

import dev.jeton.client.fetch.FetchRefused;
import dev.jeton.client.fetch.OutboundFetcher;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * GET of a jwks_uri through the {@link OutboundFetcher}: the same rules as every URL a client names
 * (https, public addresses unless the operator allowed others, no redirects, a timeout) and at most
 * 64 KB.
 */
public final class GuardedJwksFetcher implements JwksFetcher {

    static final int MAX_BYTES = 64 * 1024;

    private final OutboundFetcher fetcher;

    public GuardedJwksFetcher(OutboundFetcher fetcher) {
        this.fetcher = fetcher;
    }

    @Override
    public String fetch(URI uri, Duration timeout) throws IOException {
        try {
            return fetcher.get(uri, new OutboundFetcher.Limits(MAX_BYTES, timeout,
                    "application/jwk-set+json, application/json")).text();
        } catch (FetchRefused e) {
            throw new IOException("jwks_uri not fetched (" + e.reason().wireName() + "): " + e.getMessage());
        }
    }
}
