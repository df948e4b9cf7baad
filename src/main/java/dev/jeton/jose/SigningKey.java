package dev.jeton.jose;

import com.nimbusds.jose.jwk.JWK;
import dev.jeton.config.SigningAlgorithm;

import java.security.PrivateKey;
import java.time.Instant;
import java.util.Objects;

/**
 * One key pair from the keystore.
 *
 * @param kid       the RFC 7638 JWK thumbprint of the public key, so it is stable and unique
 * @param alias      the key's stable id: its keystore alias without the lifecycle suffix ({@link KeyAlias})
 * @param notBefore  when its certificate starts (its creation)
 * @param publicJwk  the public half as published in the JWKS
 * @param activation when it starts (or started) signing; null for a pending key that waits for a rotation
 */
public record SigningKey(String kid, String alias, SigningAlgorithm algorithm, PrivateKey privateKey,
                         JWK publicJwk, Instant notBefore, Instant activation) {

    public SigningKey {
        Objects.requireNonNull(kid);
        Objects.requireNonNull(algorithm);
        Objects.requireNonNull(privateKey);
        Objects.requireNonNull(publicJwk);
        if (publicJwk.isPrivate()) {
            throw new IllegalArgumentException("publicJwk must not hold private parts");
        }
    }

    /** The keystore alias that records this key's activation. */
    public String entryAlias() {
        return KeyAlias.format(alias, activation);
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", alias=" + alias + ", algorithm=" + algorithm + "]";
    }
}
