package dev.jeton.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import dev.jeton.config.SigningAlgorithm;

import java.security.interfaces.ECPrivateKey;

/** A Nimbus signer for one of our keys. */
final class JwsSigners {

    private JwsSigners() {
    }

    static JWSSigner of(SigningKey key) {
        try {
            return key.algorithm() == SigningAlgorithm.ES256
                    ? new ECDSASigner((ECPrivateKey) key.privateKey())
                    : new RSASSASigner(key.privateKey());
        } catch (JOSEException e) {
            throw new IllegalStateException("key " + key.kid() + " cannot sign " + key.algorithm(), e);
        }
    }
}
