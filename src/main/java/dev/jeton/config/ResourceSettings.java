package dev.jeton.config;

import dev.jeton.vocabulary.ResourceIndicators;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The operator's resource policy (RFC 8707).
 * <ul>
 * <li>{@code jeton.resources.allowed}: the resources any client may be given a token for, comma- or
 * space-separated; each entry also covers the resources beneath it on a path boundary. Empty (the
 * default): only the clients' registrations decide. A client's own {@code resources} must be allowed
 * here too when this is set.</li>
 * <li>Per resource, {@code jeton.resources."<resource>".access-token-ttl-seconds} (a token whose
 * {@code aud} names it lives at most this long), {@code jeton.resources."<resource>".scopes} (the
 * scopes a token for it may carry; others are left out of its {@code scope}) and
 * {@code jeton.resources."<resource>".signing-algorithm} (what its resource server verifies; the
 * deployment refuses to start when it is not {@code jeton.signing.algorithm}, since every access
 * token is signed with the active key).</li>
 * </ul>
 */
public record ResourceSettings(List<String> allowed, Map<String, PerResource> perResource) {

    public static final String ALLOWED = "jeton.resources.allowed";
    static final String PREFIX = "jeton.resources.\"";
    public static final ResourceSettings NONE = new ResourceSettings(List.of(), Map.of());

    /** What the operator set for one resource; empty members mean the server's defaults. */
    public record PerResource(Optional<Duration> accessTokenTtl, Optional<Set<String>> scopes,
                              Optional<SigningAlgorithm> signingAlgorithm) {
        public static final PerResource DEFAULTS = new PerResource(Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public ResourceSettings {
        allowed = List.copyOf(allowed);
        perResource = Map.copyOf(perResource);
    }

    public PerResource of(String resource) {
        return perResource.getOrDefault(resource, PerResource.DEFAULTS);
    }

    /**
     * @param names     every property name the configuration knows (for the per-resource keys)
     * @param signing   the algorithm access tokens are signed with ({@code jeton.signing.algorithm})
     */
    public static ResourceSettings from(Function<String, Optional<String>> lookup, Iterable<String> names,
                                        SigningAlgorithm signing) {
        SettingsReader r = new SettingsReader(lookup);
        List<String> allowed = r.optional(ALLOWED)
                .map(v -> List.copyOf(new LinkedHashSet<>(Arrays.asList(v.split("[\\s,]+"))))).orElse(List.of());
        for (String resource : allowed) {
            if (!ResourceIndicators.wellFormed(resource)) {
                throw new ConfigurationException(ALLOWED + ": '" + resource + "' is not an absolute URI without "
                        + "a fragment (RFC 8707 section 2)");
            }
        }
        Map<String, PerResource> per = new LinkedHashMap<>();
        for (String name : names) {
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            int close = name.indexOf("\".", PREFIX.length());
            if (close < 0) {
                throw new ConfigurationException(name + ": expected jeton.resources.\"<resource>\".<setting>");
            }
            String resource = name.substring(PREFIX.length(), close);
            if (!ResourceIndicators.wellFormed(resource)) {
                throw new ConfigurationException(name + ": '" + resource + "' is not an absolute URI without a "
                        + "fragment (RFC 8707 section 2)");
            }
            per.putIfAbsent(resource, read(r, PREFIX + resource + "\".", signing));
            String key = name.substring(close + 2);
            if (!List.of("access-token-ttl-seconds", "scopes", "signing-algorithm").contains(key)) {
                throw new ConfigurationException(name + ": unknown setting '" + key + "' (access-token-ttl-seconds, "
                        + "scopes or signing-algorithm)");
            }
        }
        return new ResourceSettings(allowed, per);
    }

    private static PerResource read(SettingsReader r, String prefix, SigningAlgorithm signing) {
        Optional<Duration> ttl = r.optional(prefix + "access-token-ttl-seconds")
                .map(v -> r.positiveSeconds(prefix + "access-token-ttl-seconds"));
        Optional<Set<String>> scopes = r.optional(prefix + "scopes").map(v -> r.scopes(prefix + "scopes"));
        Optional<SigningAlgorithm> algorithm = r.optional(prefix + "signing-algorithm")
                .map(v -> r.algorithm(prefix + "signing-algorithm", null));
        if (algorithm.isPresent() && algorithm.get() != signing) {
            throw new ConfigurationException(prefix + "signing-algorithm is " + algorithm.get() + " but access tokens "
                    + "are signed with " + signing + " (" + JetonSettings.SIGNING_ALGORITHM + "): its resource server "
                    + "could not verify them");
        }
        return new PerResource(ttl, scopes, algorithm);
    }
}
