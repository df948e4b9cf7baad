package dev.jeton.authorize;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;

import java.io.StringReader;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The OpenID Connect {@code claims} request parameter (OIDC Core §5.5): a JSON object whose
 * optional members {@code userinfo} and {@code id_token} are objects themselves. The token
 * side interprets it; here it is only checked and normalised.
 */
public final class ClaimsRequest {

    /** Looked up once: Json.create* finds the provider again on every call (jakartaee/jsonp-api#154). */
    private static final JsonProvider JSONP = JsonProvider.provider();

    private ClaimsRequest() {
    }

    /**
     * The acr values an essential {@code id_token.acr} request demands (OIDC Core §5.5.1.1: {@code value}
     * or {@code values} with {@code "essential": true}), or empty when the request demands none.
     *
     * @param normalized a request that passed {@link #normalize}
     */
    public static Optional<Set<String>> essentialAcrValues(String normalized) {
        JsonObject root = JSONP.createReader(new StringReader(normalized)).readObject();
        if (!(root.get("id_token") instanceof JsonObject idToken) || !(idToken.get("acr") instanceof JsonObject acr)
                || acr.get("essential") != JsonValue.TRUE) {
            return Optional.empty();
        }
        Set<String> values = new LinkedHashSet<>();
        if (acr.get("value") instanceof JsonString one) {
            values.add(one.getString());
        }
        if (acr.get("values") instanceof JsonArray many) {
            many.stream().filter(JsonString.class::isInstance).map(v -> ((JsonString) v).getString())
                    .forEach(values::add);
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(values);
    }

    /** The request as compact JSON text, or empty when it is not a §5.5 claims object. */
    public static Optional<String> normalize(String text, int maxLength) {
        if (text.length() > maxLength) {
            return Optional.empty();
        }
        try (JsonParser parser = JSONP.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                return Optional.empty();
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                // one object and nothing after it
                return Optional.empty();
            }
            for (String member : new String[]{"userinfo", "id_token"}) {
                JsonValue part = object.get(member);
                if (part != null && part.getValueType() != JsonValue.ValueType.OBJECT) {
                    return Optional.empty();
                }
            }
            return Optional.of(object.toString());
        } catch (JsonException | IllegalStateException | NoSuchElementException e) {
            return Optional.empty();
        }
    }
}
