package dev.jeton.lifecycle;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 7662 §2.2 answer: {@code active} and, for an active token, its members in the order they
 * are written. Values are strings, longs, lists of strings or nested maps ({@code cnf}).
 */
public record Introspection(boolean active, Map<String, Object> members) {

    public static final Introspection INACTIVE = new Introspection(false, Map.of());

    public Introspection {
        members = Collections.unmodifiableMap(new LinkedHashMap<>(members));
    }
}
