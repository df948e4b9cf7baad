package dev.jeton.client.fetch;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A 200 answer: its headers (names in lower case; the first value of each) and its body.
 *
 * @param receivedAt when the answer arrived (for {@code Expires} and {@code Age} arithmetic)
 */
public record Fetched(Map<String, String> headers, byte[] body, Instant receivedAt) {

    public Fetched {
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
