package dev.jeton.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** Fetches a client's JWK Set document from its jwks_uri. */
public interface JwksFetcher {

    /** The document's text; an IOException for any failure (status, size, timeout, network). */
    String fetch(URI uri, Duration timeout) throws IOException;
}
