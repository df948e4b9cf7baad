package dev.jeton.client.fetch;

/**
 * Jeton did not fetch a URL, or did not accept what came back. The reason is an enum for audit
 * events; the message is safe to log and to show (it never echoes the body it read).
 */
public final class FetchRefused extends Exception {

    /** Why, as a code for audit events ({@link #wireName}). */
    public enum Reason {
        /** Not https (plain http only to a loopback host under the dev profile). */
        NOT_HTTPS,
        /** Not a URL Jeton fetches: user information, no host, a numeric host that is not a plain address. */
        BAD_URL,
        /** The host is on {@code hosts.denied}, or not on {@code hosts.allowed} when that list is exclusive. */
        HOST_DENIED,
        /** The host does not resolve. */
        UNRESOLVABLE,
        /** The host resolves to an address Jeton must not reach (loopback, private, link-local, ...). */
        FORBIDDEN_ADDRESS,
        /** No connection within the timeout, or refused. */
        CONNECT_FAILED,
        /** The TLS handshake failed (untrusted certificate, wrong host name, ...). */
        TLS_FAILED,
        /** The whole exchange took longer than the timeout. */
        TIMEOUT,
        /** The answer was a redirect: Jeton follows none. */
        REDIRECT,
        /** The answer's status was not 200. */
        BAD_STATUS,
        /** The body is larger than the limit. */
        TOO_LARGE,
        /** The answer is not well-formed HTTP/1.1. */
        MALFORMED_RESPONSE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Reason reason;

    public FetchRefused(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
