package dev.jeton.jose;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.jeton.config.ConfigurationException;
import dev.jeton.config.JetonSettings;
import dev.jeton.config.SigningAlgorithm;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The keys from the keystore: every one is published in the JWKS, because every one may still
 * verify a live token; one of them, the active key, signs.
 */
public final class SigningKeySet {

    private final List<SigningKey> keys;
    private final SigningKey active;

    public SigningKeySet(List<SigningKey> keys, SigningKey active) {
        this.keys = List.copyOf(keys);
        this.active = Objects.requireNonNull(active);
        if (!this.keys.contains(active)) {
            throw new IllegalArgumentException("the active key must be one of the keys");
        }
    }

    /**
     * Picks the signing key: the configured alias when set, otherwise the newest key of the
     * configured algorithm.
     */
    public static SigningKeySet select(List<SigningKey> keys, SigningAlgorithm algorithm, String alias) {
        SigningKey active;
        if (alias != null) {
            active = keys.stream().filter(k -> k.alias().equals(alias)).findFirst().orElseThrow(() ->
                    new ConfigurationException(JetonSettings.SIGNING_KEY_ALIAS + ": the keystore has no usable key '"
                            + alias + "'"));
            if (active.algorithm() != algorithm) {
                throw new ConfigurationException(JetonSettings.SIGNING_KEY_ALIAS + ": key '" + alias + "' is for "
                        + active.algorithm() + " but " + JetonSettings.SIGNING_ALGORITHM + " is " + algorithm);
            }
        } else {
            active = keys.stream().filter(k -> k.algorithm() == algorithm)
                    .max(Comparator.comparing(SigningKey::notBefore).thenComparing(SigningKey::alias))
                    .orElseThrow(() -> new ConfigurationException(JetonSettings.SIGNING_ALGORITHM + " is " + algorithm
                            + " but the keystore holds no " + algorithm + " key"));
        }
        return new SigningKeySet(keys, active);
    }

    public SigningKey active() {
        return active;
    }

    /**
     * The key that signs with {@code algorithm}: the active key when it is of that algorithm,
     * else the newest key of it (ID tokens are RS256 by default while access tokens may be ES256).
     */
    public SigningKey active(SigningAlgorithm algorithm) {
        if (active.algorithm() == algorithm) {
            return active;
        }
        return keys.stream().filter(k -> k.algorithm() == algorithm)
                .max(Comparator.comparing(SigningKey::notBefore).thenComparing(SigningKey::alias))
                .orElseThrow(() -> new ConfigurationException("the keystore holds no " + algorithm + " key"));
    }

    public List<SigningKey> all() {
        return keys;
    }

    /** The public JWK Set (RFC 7517 §5): never a private member. */
    public JWKSet publicJwkSet() {
        List<JWK> jwks = keys.stream().map(SigningKey::publicJwk).toList();
        return new JWKSet(jwks);
    }
}
