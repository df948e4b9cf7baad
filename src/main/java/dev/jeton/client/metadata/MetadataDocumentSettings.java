package dev.jeton.client.metadata;

import dev.jeton.client.fetch.FetchSettings;
import dev.jeton.config.ConfigurationException;
import dev.jeton.config.SettingsReader;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client ID metadata documents (draft-ietf-oauth-client-id-metadata-document): whether Jeton
 * resolves a {@code client_id} that is an https URL, how large a document may be, how long a fetch
 * may take and how long a document (or a refusal) is remembered. Where Jeton may fetch from is
 * {@link FetchSettings}, shared with {@code jwks_uri}.
 *
 * @param maxBytes    the largest document accepted (the draft suggests 5 KB)
 * @param timeout     the whole fetch: connect, TLS, request and body
 * @param cacheMinTtl a document is kept at least this long, whatever its caching headers say
 * @param cacheMaxTtl and at most this long
 * @param negativeTtl how long a refusal is remembered before the URL is tried again
 */
public record MetadataDocumentSettings(boolean enabled, int maxBytes, Duration timeout, Duration cacheMinTtl,
                                       Duration cacheMaxTtl, Duration negativeTtl) {

    public static final String ENABLED = FetchSettings.PREFIX + "enabled";
    public static final String MAX_BYTES = FetchSettings.PREFIX + "max-bytes";
    public static final String TIMEOUT = FetchSettings.PREFIX + "timeout";
    public static final String CACHE_MIN_TTL = FetchSettings.PREFIX + "cache.min-ttl";
    public static final String CACHE_MAX_TTL = FetchSettings.PREFIX + "cache.max-ttl";
    public static final String NEGATIVE_TTL = FetchSettings.PREFIX + "cache.negative-ttl";

    /** A number with an optional unit: {@code 500ms}, {@code 5s} (the default unit), {@code 10m}, {@code 24h}. */
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)?");

    public static MetadataDocumentSettings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        MetadataDocumentSettings s = new MetadataDocumentSettings(r.bool(ENABLED, false),
                r.positiveInt(MAX_BYTES, 5120), duration(r, TIMEOUT, "5s"), duration(r, CACHE_MIN_TTL, "60s"),
                duration(r, CACHE_MAX_TTL, "24h"), duration(r, NEGATIVE_TTL, "60s"));
        if (s.timeout().isZero()) {
            throw new ConfigurationException(TIMEOUT + " must be more than zero");
        }
        if (s.cacheMinTtl().compareTo(s.cacheMaxTtl()) > 0) {
            throw new ConfigurationException(CACHE_MIN_TTL + " must not be more than " + CACHE_MAX_TTL);
        }
        if (s.maxBytes() > 1024 * 1024) {
            throw new ConfigurationException(MAX_BYTES + " must be at most 1048576");
        }
        return s;
    }

    public static MetadataDocumentSettings defaults() {
        return from(name -> Optional.empty());
    }

    static Duration duration(SettingsReader r, String name, String fallback) {
        String value = r.optional(name).orElse(fallback);
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw new ConfigurationException(name + " must be a duration such as 500ms, 5s, 10m or 24h, got '"
                    + value + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }
}
