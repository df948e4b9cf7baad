package dev.jeton.request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The decoded parameters of a form body, in order, with repeats kept so that the core can
 * refuse them (RFC 6749 §3.1: "Request and response parameters MUST NOT be included more
 * than once"). Parameters sent without a value are treated as omitted (also §3.1).
 */
public final class FormParameters {

    private final Map<String, List<String>> values;

    private FormParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    public static FormParameters of(List<Map.Entry<String, String>> pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Map.Entry<String, String> pair : pairs) {
            map.computeIfAbsent(pair.getKey(), k -> new ArrayList<>()).add(pair.getValue());
        }
        map.replaceAll((k, v) -> List.copyOf(v));
        return new FormParameters(Collections.unmodifiableMap(map));
    }

    public static FormParameters empty() {
        return new FormParameters(Map.of());
    }

    /** The single non-empty value of {@code name}, if sent. Callers check repeats first. */
    public Optional<String> get(String name) {
        List<String> list = values.get(name);
        if (list == null || list.isEmpty() || list.get(0).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(list.get(0));
    }

    /** Every non-empty value of a parameter that may repeat (e.g. {@code resource}, RFC 8707). */
    public List<String> all(String name) {
        return values.getOrDefault(name, List.of()).stream().filter(v -> !v.isEmpty()).toList();
    }

    public boolean has(String name) {
        return get(name).isPresent();
    }

    public Set<String> names() {
        return values.keySet();
    }

    /** The first parameter, in body order, that appears more than once and is not allowed to. */
    public Optional<String> firstRepeated(Set<String> mayRepeat) {
        return values.entrySet().stream()
                .filter(e -> e.getValue().size() > 1 && !mayRepeat.contains(e.getKey()))
                .map(Map.Entry::getKey)
                .findFirst();
    }
}
