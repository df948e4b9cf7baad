package dev.jeton.authorize;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;

import java.io.StringReader;
import java.util.NoSuchElementException;
import java.util.Optional;

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
