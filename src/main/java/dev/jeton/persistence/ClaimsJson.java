package dev.jeton.persistence;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's claims as a JSON object in one text column: claims are open-ended (OIDC Core §5.1
 * plus whatever an operator adds, {@code address} is itself an object, §5.1.1), so no column per
 * claim. Read back as String, Boolean, Long (whole numbers such as {@code updated_at}),
 * BigDecimal, List and Map; JSON null members are dropped.
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
            return toMap(reader.readObject());
        }
    }

    private static Map<String, Object> toMap(JsonObject object) {
        Map<String, Object> map = new LinkedHashMap<>();
        object.forEach((name, value) -> {
            Object v = toJava(value);
            if (v != null) {
                map.put(name, v);
            }
        });
        return map;
    }

    private static Object toJava(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).isIntegral() ? (Object) ((JsonNumber) value).longValue()
                    : ((JsonNumber) value).bigDecimalValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case OBJECT -> Collections.unmodifiableMap(toMap((JsonObject) value));
            case ARRAY -> Collections.unmodifiableList(toList((JsonArray) value));
            case NULL -> null;
        };
    }

    private static List<Object> toList(JsonArray array) {
        List<Object> list = new ArrayList<>();
        for (JsonValue item : array) {
            Object v = toJava(item);
            if (v != null) {
                list.add(v);
            }
        }
        return list;
    }
}
