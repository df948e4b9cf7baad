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
 * @param alias     the keystore alias
 * @param notBefore when its certificate starts; the newest key of an algorithm signs
 * @param publicJwk the public half as published in the JWKS
 */
public record SigningKey(String kid, String alias, SigningAlgorithm algorithm, PrivateKey privateKey,
                         JWK publicJwk, Instant notBefore) {

    public SigningKey {
        Objects.requireNonNull(kid);
        Objects.requireNonNull(algorithm);
        Objects.requireNonNull(privateKey);
        Objects.requireNonNull(publicJwk);
        if (publicJwk.isPrivate()) {
            throw new IllegalArgumentException("publicJwk must not hold private parts");
        }
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", alias=" + alias + ", algorithm=" + algorithm + "]";
    }
}
