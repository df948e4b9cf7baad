package dev.jeton.authorize;

import java.time.Instant;
import java.util.Optional;

/** Pushed authorization requests, kept under the hash of their request_uri until used or expired. */
public interface PushedRequestStore {

    /** A pushed request: the client that pushed it and its parameters, form-encoded. */
    record Pushed(String clientId, String parameters) {
    }

    void save(String uriHash, String clientId, String parameters, Instant createdAt, Instant expiresAt);

    /**
     * Takes the request for use: one conditional update, so a request_uri is used at most once even
     * under concurrency (RFC 9126 §4: "one-time use"). Empty when unknown, expired, used, or pushed by
     * another client (which does not use it up).
     */
    Optional<Pushed> take(String uriHash, String clientId, Instant now);
}
