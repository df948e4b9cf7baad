package dev.jeton.client.fetch;

import dev.jeton.config.ConfigurationException;
import dev.jeton.config.JetonSettings;
import dev.jeton.config.SettingsReader;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The operator's rules for every URL Jeton fetches on a client's say-so (client ID metadata
 * documents, {@code jwks_uri}): which hosts and addresses it may reach and which certificates it
 * trusts besides the JDK's.
 *
 * @param trustFile             a PEM file of CA certificates trusted in addition to the JDK's, or null
 * @param allowPrivateAddresses loopback, RFC 1918, shared, link-local and unique-local addresses may be reached
 * @param allowedHosts          hosts that may resolve to such addresses (an internal host the operator vouches for)
 * @param allowedOnly           only {@code allowedHosts} are fetched at all
 * @param deniedHosts           hosts never fetched
 * @param resolve               host to address, used instead of DNS (like curl's --resolve): split DNS, tests
 * @param devProfile            {@code jeton.profile=dev}: plain http to a loopback host name is allowed
 */
public record FetchSettings(Path trustFile, boolean allowPrivateAddresses, HostPatterns allowedHosts,
                            boolean allowedOnly, HostPatterns deniedHosts, Map<String, InetAddress> resolve,
                            boolean devProfile) {

    public static final String PREFIX = "jeton.clients.metadata-documents.";
    public static final String TRUST_FILE = PREFIX + "trust-file";
    public static final String ALLOW_PRIVATE_ADDRESSES = PREFIX + "allow-private-addresses";
    public static final String HOSTS_ALLOWED = PREFIX + "hosts.allowed";
    public static final String HOSTS_ALLOWED_ONLY = PREFIX + "hosts.allowed-only";
    public static final String HOSTS_DENIED = PREFIX + "hosts.denied";
    public static final String RESOLVE = PREFIX + "resolve";

    public FetchSettings {
        resolve = Map.copyOf(resolve);
    }

    public static FetchSettings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        boolean dev = r.enumValue(JetonSettings.PROFILE, JetonSettings.Profile.class, "production")
                == JetonSettings.Profile.DEV;
        return new FetchSettings(r.optional(TRUST_FILE).map(Path::of).orElse(null),
                r.bool(ALLOW_PRIVATE_ADDRESSES, false), new HostPatterns(list(r, HOSTS_ALLOWED)),
                r.bool(HOSTS_ALLOWED_ONLY, false), new HostPatterns(list(r, HOSTS_DENIED)), resolve(r), dev);
    }

    /** Nothing allowed beyond public https hosts, no extra trust. */
    public static FetchSettings defaults() {
        return from(name -> Optional.empty());
    }

    private static List<String> list(SettingsReader r, String name) {
        return r.optional(name).map(v -> Arrays.stream(v.split("[\\s,]+")).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /** {@code host=address} entries, separated by commas or spaces; the address must be a literal. */
    private static Map<String, InetAddress> resolve(SettingsReader r) {
        Map<String, InetAddress> map = new LinkedHashMap<>();
        for (String entry : list(r, RESOLVE)) {
            int eq = entry.indexOf('=');
            Optional<InetAddress> address = eq <= 0 ? Optional.empty()
                    : AddressClassifier.literal(entry.substring(eq + 1));
            if (address.isEmpty()) {
                throw new ConfigurationException(RESOLVE + " entries must be host=address with an IP address, got '"
                        + entry + "'");
            }
            map.put(entry.substring(0, eq).toLowerCase(Locale.ROOT), address.get());
        }
        return map;
    }
}
