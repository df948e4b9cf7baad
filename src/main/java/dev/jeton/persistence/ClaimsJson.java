package dev.jeton.persistence;

import dev.jeton.vocabulary.JsonValues;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.util.Map;

/**
 * A user's claims as a JSON object in one text column: claims are open-ended (OIDC Core §5.1
 * plus whatever an operator adds, {@code address} is itself an object, §5.1.1), so no column per
 * claim. Read back with their JSON types ({@link JsonValues}).
 */
final class ClaimsJson {

    /** Looked up once: Json.create* finds the provider again on every call (jakartaee/jsonp-api#154). */
    private static final JsonProvider JSONP = JsonProvider.provider();

    private ClaimsJson() {
    }

    static String write(Map<String, Object> claims) {
        return JSONP.createObjectBuilder(claims).build().toString();
    }

    static Map<String, Object> read(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try (var reader = JSONP.createReader(new StringReader(json))) {
            return JsonValues.toMap(reader.readObject());
        }
    }
}
