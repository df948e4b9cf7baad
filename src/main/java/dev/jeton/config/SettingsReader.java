package dev.jeton.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and checks one property at a time; every failure is a {@link ConfigurationException} that
 * names the property. {@link JetonSettings} and the settings of each feature package read through it,
 * so a bad value stops the deployment the same way wherever it is read.
 */
public record SettingsReader(Function<String, Optional<String>> lookup) {

    public Optional<String> optional(String name) {
        return lookup.apply(name).map(String::strip).filter(v -> !v.isEmpty());
    }

    public String required(String name) {
        return optional(name).orElseThrow(() -> new ConfigurationException(name + " is required but not set"));
    }

    public Duration positiveSeconds(String name) {
        return Duration.ofSeconds(positiveInt(name));
    }

    public SigningAlgorithm algorithm(String name, String fallback) {
        String value = fallback == null ? required(name) : optional(name).orElse(fallback);
        return SigningAlgorithm.parse(value).orElseThrow(() -> new ConfigurationException(name + " must be one of "
                + Arrays.toString(SigningAlgorithm.values()) + ", got '" + value + "'"));
    }

    public boolean bool(String name, boolean fallback) {
        String value = optional(name).orElse(String.valueOf(fallback)).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigurationException(name + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    public int nonNegativeInt(String name, int fallback) {
        String value = optional(name).orElse(String.valueOf(fallback));
        try {
            int n = Integer.parseInt(value);
            if (n < 0) {
                throw new ConfigurationException(name + " must be zero or a positive whole number, got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name + " must be a whole number, got '" + value + "'");
        }
    }

    public int positiveInt(String name, int fallback) {
        return optional(name).isPresent() ? positiveInt(name) : fallback;
    }

    public int positiveInt(String name) {
        String value = required(name);
        try {
            int n = Integer.parseInt(value);
            if (n <= 0) {
                throw new ConfigurationException(name + " must be a positive whole number, got " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name + " must be a positive whole number, got '" + value + "'");
        }
    }

    public <E extends Enum<E>> E enumValue(String name, Class<E> type, String fallback) {
        String value = optional(name).orElse(fallback);
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(name + " must be one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", got '" + value + "'");
        }
    }

    public Set<String> scopes(String name) {
        return optional(name)
                .map(v -> new LinkedHashSet<>(Arrays.asList(v.split("[\\s,]+"))))
                .<Set<String>>map(Set::copyOf)
                .orElse(Set.of());
    }

    /**
     * RFC 8414 §2: the issuer is an https URL with no query or fragment. Plain http is only
     * allowed for loopback hosts, so a developer can run on localhost.
     */
    public URI issuer() {
        String value = required(JetonSettings.ISSUER);
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new ConfigurationException(JetonSettings.ISSUER + " is not a URL: '" + value + "'");
        }
        if (uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new ConfigurationException(JetonSettings.ISSUER + " must be an absolute URL without query or fragment, got '"
                    + value + "'");
        }
        boolean loopback = Set.of("localhost", "127.0.0.1", "[::1]").contains(uri.getHost());
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback)) {
            throw new ConfigurationException(JetonSettings.ISSUER + " must use https (http only for localhost), got '"
                    + value + "'");
        }
        return uri;
    }
}
