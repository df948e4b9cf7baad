package dev.jeton.client;

import com.nimbusds.jose.JWSAlgorithm;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JWS algorithms a client may sign with (client assertions, request objects, DPoP proofs):
 * asymmetric only. {@code none} is never accepted, and neither is HMAC - with a public key as the
 * "secret" an HMAC would be forgeable by anyone who can read the client's JWK Set (RFC 8725 §2.1,
 * §3.1).
 */
public final class ClientSigningAlgorithms {

    /** In the order discovery lists them. */
    public static final List<JWSAlgorithm> ALLOWED = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    /** RSA keys shorter than this are refused (RFC 7518 §3.3: 2048 bits or larger MUST be used). */
    public static final int MIN_RSA_BITS = 2048;

    private ClientSigningAlgorithms() {
    }

    public static boolean allowed(JWSAlgorithm algorithm) {
        return algorithm != null && ALLOWED.contains(algorithm);
    }

    /** The algorithm named {@code name} when it is on the allow-list. */
    public static Optional<JWSAlgorithm> parse(String name) {
        return ALLOWED.stream().filter(a -> a.getName().equals(name)).findFirst();
    }

    /** The allow-list, narrowed to the one algorithm a client registered (when it registered one). */
    public static Set<JWSAlgorithm> forClient(String registered) {
        if (registered == null) {
            return new LinkedHashSet<>(ALLOWED);
        }
        return parse(registered).map(Set::of).orElse(Set.of());
    }

    public static List<String> names() {
        return ALLOWED.stream().map(JWSAlgorithm::getName).toList();
    }
}
