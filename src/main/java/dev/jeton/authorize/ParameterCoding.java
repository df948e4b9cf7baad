package dev.jeton.authorize;

import dev.jeton.request.FormEncoding;
import dev.jeton.request.FormParameters;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Parameters to and from the form encoding they are stored in (a pushed request). */
final class ParameterCoding {

    private ParameterCoding() {
    }

    static String encode(FormParameters parameters) {
        StringJoiner out = new StringJoiner("&");
        for (String name : parameters.names()) {
            for (String value : parameters.all(name)) {
                out.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }

    static FormParameters decode(String encoded) {
        try {
            return FormEncoding.parse(encoded.getBytes(StandardCharsets.US_ASCII));
        } catch (FormEncoding.MalformedFormException e) {
            throw new IllegalStateException("a stored pushed request does not decode", e);
        }
    }

    /** {@code base} with {@code override}'s values in place of its own (RFC 9101 §6.3), minus {@code drop}. */
    static FormParameters merge(FormParameters base, Map<String, String> override, List<String> drop) {
        Map<String, List<String>> all = new java.util.LinkedHashMap<>();
        override.forEach((name, value) -> all.put(name, List.of(value)));
        return mergeAll(base, all, drop);
    }

    /** As {@link #merge}, where a parameter of {@code override} may have several values ({@code resource}). */
    static FormParameters mergeAll(FormParameters base, Map<String, List<String>> override, List<String> drop) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String name : base.names()) {
            if (!override.containsKey(name) && !drop.contains(name)) {
                base.all(name).forEach(v -> pairs.add(new AbstractMap.SimpleImmutableEntry<>(name, v)));
            }
        }
        override.forEach((name, values) -> {
            if (!drop.contains(name)) {
                values.forEach(value -> pairs.add(new AbstractMap.SimpleImmutableEntry<>(name, value)));
            }
        });
        return FormParameters.of(pairs);
    }
}
