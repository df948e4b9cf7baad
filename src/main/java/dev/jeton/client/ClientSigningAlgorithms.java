package dev.jeton.client;

import com.nimbusds.jose.JWSAlgorithm;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JWS algorithms a client may sign with (client assertions, request objects, DPoP proofs):
 * asymmetric only: RSA, EC, and EdDSA with Ed25519 keys (RFC 8037). {@code none} is never accepted,
 * and neither is HMAC - with a public key as the "secret" an HMAC would be forgeable by anyone who
 * can read the client's JWK Set (RFC 8725 §2.1, §3.1).
 */
public final class ClientSigningAlgorithms {

    /** In the order discovery lists them. */
    public static final List<JWSAlgorithm> ALLOWED = List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

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
    private static Set<JWSAlgorithm> forClient(String registered) {
        if (registered == null) {
            return new LinkedHashSet<>(ALLOWED);
        }
        return parse(registered).map(a -> new LinkedHashSet<>(List.of(a))).orElseGet(LinkedHashSet::new);
    }

    /**
     * FAPI 2.0 Security Profile §5.4.1: "use PS256, ES256, or EdDSA (using the Ed25519 variant)" - EdDSA
     * with an Ed25519 key only ({@link ClientSignatures}). RS256 (PKCS#1 v1.5) is what the profile rules out.
     */
    public static final Set<JWSAlgorithm> FAPI2 = Set.of(JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.EdDSA);

    /**
     * What {@code profile}'s client may sign a given kind of JWT with: {@link #forClient} of the
     * algorithm it registered for that kind (null for none), narrowed to {@link #FAPI2} when the
     * client is held to the FAPI 2.0 profile. The one place that rule lives: client assertions,
     * request objects and DPoP proofs of such a client all come here.
     */
    public static Set<JWSAlgorithm> forProfile(SecurityProfile profile, String registered) {
        Set<JWSAlgorithm> allowed = forClient(registered);
        if (profile.fapi2()) {
            allowed.retainAll(FAPI2);
        }
        return allowed;
    }

    /**
     * What a DPoP proof may be signed with when the request names {@code claimed} (token endpoint,
     * PAR): a FAPI 2.0 client's proofs are held to the profile's algorithms (checked before the
     * client authenticates; narrowing on the named client only ever refuses more).
     */
    public static Set<JWSAlgorithm> forProofsOf(Optional<RegisteredClient> claimed) {
        return claimed.map(c -> forProfile(c.security(), null)).orElseGet(() -> new LinkedHashSet<>(ALLOWED));
    }

    public static List<String> names() {
        return ALLOWED.stream().map(JWSAlgorithm::getName).toList();
    }

    /**
     * What discovery lists for client signatures (RFC 8414 §2, RFC 9449 §5.1, RFC 9101 §10.5): everything allowed,
     * or - when the whole server is held to the FAPI 2.0 profile - what the profile allows (§5.4.1), in that order.
     */
    public static List<String> names(boolean serverWideFapi2) {
        return ALLOWED.stream().filter(a -> !serverWideFapi2 || FAPI2.contains(a)).map(JWSAlgorithm::getName).toList();
    }
}
