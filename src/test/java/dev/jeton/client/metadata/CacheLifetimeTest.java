package dev.jeton.client.metadata;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 9111 §4.2.1 freshness from the document's headers, within the operator's bounds. */
class CacheLifetimeTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private static final Duration MIN = Duration.ofSeconds(60);
    private static final Duration MAX = Duration.ofHours(24);

    private static Function<String, Optional<String>> headers(String... pairs) {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return name -> Optional.ofNullable(Map.copyOf(map).get(name));
    }

    private static Duration lifetime(String... pairs) {
        return CacheLifetime.of(headers(pairs), NOW, MIN, MAX);
    }

    @Test
    void maxAgeIsHonouredWithinTheBounds() {
        assertEquals(Duration.ofSeconds(300), lifetime("cache-control", "public, max-age=300"));
        assertEquals(MIN, lifetime("cache-control", "max-age=5"), "never below the minimum");
        assertEquals(MAX, lifetime("cache-control", "max-age=31536000"), "never above the maximum");
        assertEquals(MAX, lifetime("cache-control", "max-age=99999999999999999999"), "a huge value is just long");
    }

    @Test
    void ageIsSubtractedFromMaxAge() {
        assertEquals(Duration.ofSeconds(200), lifetime("cache-control", "max-age=300", "age", "100"));
        assertEquals(MIN, lifetime("cache-control", "max-age=300", "age", "1000"));
    }

    @Test
    void noStoreNoCacheAndAnInvalidMaxAgeMeanTheMinimum() {
        assertEquals(MIN, lifetime("cache-control", "no-store"));
        assertEquals(MIN, lifetime("cache-control", "max-age=300, no-cache"));
        assertEquals(MIN, lifetime("cache-control", "max-age=abc"));
        assertEquals(Optional.of(Duration.ZERO), CacheLifetime.fromHeaders(headers("cache-control", "No-Store"), NOW));
    }

    @Test
    void expiresCountsFromTheDateHeaderOrTheArrival() {
        assertEquals(Duration.ofHours(2), lifetime("expires", "Wed, 02 Dec 2026 10:00:00 GMT"));
        assertEquals(Duration.ofHours(1), lifetime("expires", "Wed, 02 Dec 2026 10:00:00 GMT",
                "date", "Wed, 02 Dec 2026 09:00:00 GMT"));
        assertEquals(MIN, lifetime("expires", "0"), "an invalid date is in the past (RFC 9111 section 5.3)");
        assertEquals(MIN, lifetime("expires", "Wed, 02 Dec 2026 07:00:00 GMT"));
    }

    @Test
    void maxAgeWinsOverExpires() {
        assertEquals(Duration.ofSeconds(120), lifetime("cache-control", "max-age=120",
                "expires", "Wed, 02 Dec 2026 10:00:00 GMT"));
    }

    @Test
    void noCachingHeadersMeansTheMinimum() {
        assertEquals(MIN, lifetime());
        assertEquals(Optional.empty(), CacheLifetime.fromHeaders(headers("cache-control", "public"), NOW));
    }
}
