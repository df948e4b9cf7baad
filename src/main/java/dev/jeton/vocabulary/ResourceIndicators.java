package dev.jeton.vocabulary;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The one reading of {@code resource} values (RFC 8707 §2), for every endpoint that takes them:
 * the authorization request (and PAR, request objects), the device authorization request, and the
 * token request of every grant, token exchange included. A value "MUST be an absolute URI" and
 * "MUST NOT include a fragment component"; Jeton also refuses values it could not put in an
 * {@code aud} safely: longer than {@link #MAX_LENGTH} or with whitespace.
 */
public final class ResourceIndicators {

    /** A resource goes into a column and into tokens; a kilobyte of URI is no resource server's name. */
    public static final int MAX_LENGTH = 1000;
    /** More targets than this in one request is not a request anyone means. */
    public static final int MAX_COUNT = 20;

    private ResourceIndicators() {
    }

    /**
     * The distinct values, in request order, when every one is well-formed; empty when one is not
     * (the caller answers {@code invalid_target}).
     */
    public static Optional<List<String>> parse(List<String> values) {
        if (values.size() > MAX_COUNT) {
            return Optional.empty();
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String value : values) {
            if (!wellFormed(value)) {
                return Optional.empty();
            }
            out.add(value);
        }
        return Optional.of(List.copyOf(out));
    }

    /** RFC 8707 §2: an absolute URI (RFC 3986 §4.3) without a fragment. */
    public static boolean wellFormed(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH || value.chars().anyMatch(
                c -> c <= 0x20 || c == 0x7f)) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return uri.isAbsolute() && uri.getRawFragment() == null && value.indexOf('#') < 0
                    && (uri.isOpaque() || uri.getRawAuthority() != null || uri.getRawPath() != null);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** Stored form: space-separated (a well-formed value has no whitespace); null for none. */
    public static String join(List<String> resources) {
        return resources == null || resources.isEmpty() ? null : String.join(" ", resources);
    }

    /** The stored form read back; empty for null or blank. */
    public static List<String> split(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String value : stored.trim().split(" +")) {
            out.add(value);
        }
        return List.copyOf(out);
    }
}
