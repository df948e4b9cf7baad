package dev.jeton.client.metadata;

import dev.jeton.client.fetch.FetchRefused;

import java.util.Locale;

/**
 * Why a client ID metadata document was not accepted: the reason code goes to the audit event
 * ({@code client_metadata_document_refused}), the message (safe to show; it never repeats the
 * document) to the error page or the {@code error_description}.
 */
public record DocumentRefusal(Reason reason, String message) {

    public enum Reason {
        /** The operator has not enabled client ID metadata documents. */
        NOT_ENABLED,
        /** The client_id is not a URL the draft allows (§3: https, a path, no fragment, ...). */
        INVALID_CLIENT_ID_URL,
        // the fetch (FetchRefused.Reason, same names)
        NOT_HTTPS, BAD_URL, HOST_DENIED, UNRESOLVABLE, FORBIDDEN_ADDRESS, CONNECT_FAILED, TLS_FAILED, TIMEOUT,
        REDIRECT, BAD_STATUS, TOO_LARGE, MALFORMED_RESPONSE,
        /** The body is not a JSON object. */
        NOT_JSON,
        /** The document's client_id is not the URL it was fetched from (draft §4.1). */
        CLIENT_ID_MISMATCH,
        /** A shared secret: client_secret, or a client_secret_* authentication method (draft §4.1). */
        SHARED_SECRET,
        /** Metadata Jeton cannot honour (RFC 7591 §2 rules, as for dynamic registration). */
        INVALID_METADATA,
        /** Too many fetches under way on this node; not remembered, the next request tries again. */
        BUSY;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static DocumentRefusal of(FetchRefused e) {
        return new DocumentRefusal(Reason.valueOf(e.reason().name()), "the document could not be fetched: "
                + e.getMessage());
    }
}
