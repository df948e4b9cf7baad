package dev.jeton.client.metadata;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * How long a fetched document may be used, from its caching headers (RFC 9111 §4.2.1):
 * {@code Cache-Control: max-age} (less {@code Age}), else {@code Expires} less {@code Date}; with
 * {@code no-store} or {@code no-cache} nothing. The operator's bounds always apply: never less
 * than the minimum (a document that forbids caching would otherwise be fetched on every request,
 * at every step of a flow) and never more than the maximum.
 */
public final class CacheLifetime {

    private CacheLifetime() {
    }

    /**
     * @param header     the response's header fields by lower-case name
     * @param receivedAt when the response arrived
     */
    public static Duration of(Function<String, Optional<String>> header, Instant receivedAt, Duration min,
                              Duration max) {
        return clamp(fromHeaders(header, receivedAt).orElse(Duration.ZERO), min, max);
    }

    /** What the headers allow, before the bounds; empty when they say nothing. */
    static Optional<Duration> fromHeaders(Function<String, Optional<String>> header, Instant receivedAt) {
        Optional<String> cacheControl = header.apply("cache-control");
        if (cacheControl.isPresent()) {
            Long maxAge = null;
            for (String directive : cacheControl.get().split(",")) {
                String d = directive.strip().toLowerCase(Locale.ROOT);
                if (d.equals("no-store") || d.equals("no-cache") || d.startsWith("no-cache=")) {
                    return Optional.of(Duration.ZERO);
                }
                if (d.startsWith("max-age=")) {
                    String value = d.substring("max-age=".length()).replace("\"", "");
                    // RFC 9111 §1.2.2: delta-seconds; a value too large for us is "a very long time"
                    if (!value.matches("[0-9]+")) {
                        return Optional.of(Duration.ZERO); // §4.2.1: an invalid max-age is stale
                    }
                    maxAge = value.length() > 9 ? Long.MAX_VALUE / 2 : Long.parseLong(value);
                }
            }
            if (maxAge != null) {
                long age = header.apply("age").filter(a -> a.strip().matches("[0-9]{1,9}"))
                        .map(a -> Long.parseLong(a.strip())).orElse(0L);
                return Optional.of(Duration.ofSeconds(Math.max(0, maxAge - age)));
            }
        }
        Optional<String> expires = header.apply("expires");
        if (expires.isPresent()) {
            Optional<Instant> at = httpDate(expires.get());
            if (at.isEmpty()) {
                return Optional.of(Duration.ZERO); // RFC 9111 §5.3: an invalid date is in the past
            }
            Instant now = header.apply("date").flatMap(CacheLifetime::httpDate).orElse(receivedAt);
            Duration left = Duration.between(now, at.get());
            return Optional.of(left.isNegative() ? Duration.ZERO : left);
        }
        return Optional.empty();
    }

    /** RFC 9110 §5.6.7 IMF-fixdate (the obsolete forms are read as invalid). */
    static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    static Duration clamp(Duration value, Duration min, Duration max) {
        if (value.compareTo(min) < 0) {
            return min;
        }
        return value.compareTo(max) > 0 ? max : value;
    }
}
