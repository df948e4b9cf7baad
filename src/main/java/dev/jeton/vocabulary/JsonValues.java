package dev.jeton.vocabulary;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values as plain Java values, keeping their JSON types: claims are typed (OIDC Core §5.1:
 * {@code address} is an object, {@code updated_at} a number, {@code *_verified} booleans), and a value that
 * was an object must leave as an object. String, Boolean, Long (whole numbers), BigDecimal, List and Map;
 * JSON null members and items are dropped.
 */
public final class JsonValues {

    private JsonValues() {
    }

    public static Map<String, Object> toMap(JsonObject object) {
        Map<String, Object> map = new LinkedHashMap<>();
        object.forEach((name, value) -> {
            Object v = toJava(value);
            if (v != null) {
                map.put(name, v);
            }
        });
        return map;
    }

    public static Object toJava(JsonValue value) {
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
