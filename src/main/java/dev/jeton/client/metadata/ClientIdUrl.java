package dev.jeton.client.metadata;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a {@code client_id} names a client ID metadata document
 * (draft-ietf-oauth-client-id-metadata-document §3): an absolute https URL with a path, no
 * fragment, no user information and no dot segments. A client id that merely looks like a URL
 * ({@code http:} included) is taken as one, so that the refusal can say why; any other id is an
 * ordinary registered client's.
 */
public final class ClientIdUrl {

    /** The database keeps client ids of up to 200 characters. */
    public static final int MAX_LENGTH = 200;

    private ClientIdUrl() {
    }

    /** Whether {@code clientId} is meant as a metadata document URL (https or http, with a host). */
    public static boolean claimsToBeDocument(String clientId) {
        if (clientId == null) {
            return false;
        }
        String lower = clientId.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    /**
     * The URL, when it has the form the draft requires; empty with a reason otherwise.
     *
     * @return the problem, or empty when the URL is acceptable
     */
    public static Optional<String> problem(String clientId) {
        if (clientId.length() > MAX_LENGTH) {
            return Optional.of("the client_id URL is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(clientId);
        } catch (URISyntaxException e) {
            return Optional.of("the client_id is not a valid URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return Optional.of("the client_id URL must have a host and no user information or fragment");
        }
        String path = uri.getRawPath();
        if (path == null || path.length() < 2) {
            return Optional.of("the client_id URL must have a path");
        }
        for (String segment : path.split("/", -1)) {
            String decoded = segment.replace("%2e", ".").replace("%2E", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return Optional.of("the client_id URL must not have dot segments");
            }
        }
        return Optional.empty();
    }

    /** The host a person should see for this client (lower case, with the port when there is one). */
    public static String host(String clientId) {
        URI uri = URI.create(clientId);
        return uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }
}
