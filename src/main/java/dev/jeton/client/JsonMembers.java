package dev.jeton.client;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the string and string-array members of client metadata (RFC 7591 §2, OIDC Registration §2) the
 * same way for the clients file and for a client's own registration: an absent member and JSON
 * {@code null} both mean "not given"; a value of another type is refused, never coerced.
 * Each caller turns the refusal message into its own exception.
 */
public final class JsonMembers {

    private JsonMembers() {
    }

    /**
     * The member {@code name} as a string, or null when it is absent or JSON null.
     *
     * @param refusal makes the exception for the message "{@code <name> must be a string}"
     */
    public static <E extends Exception> String string(JsonObject o, String name, Function<String, E> refusal)
            throws E {
        JsonValue v = o.get(name);
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof JsonString s)) {
            throw refusal.apply(name + " must be a string");
        }
        return s.getString();
    }

    /**
     * The member {@code name} as an array of strings in their order, or {@code absent} when it is absent or
     * JSON null.
     *
     * @param refusal makes the exception for the message "{@code <name> must be an array of strings}"
     */
    public static <E extends Exception> List<String> strings(JsonObject o, String name, List<String> absent,
                                                             Function<String, E> refusal) throws E {
        JsonValue v = o.get(name);
        if (v == null || v == JsonValue.NULL) {
            return absent;
        }
        if (!(v instanceof JsonArray array)) {
            throw refusal.apply(name + " must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonValue item : array) {
            if (!(item instanceof JsonString s)) {
                throw refusal.apply(name + " must be an array of strings");
            }
            values.add(s.getString());
        }
        return values;
    }
}
