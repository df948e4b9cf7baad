package dev.jeton.client;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

import java.text.ParseException;

/** Reads a client's JWK Set and insists that it holds only usable public signing keys. */
public final class ClientJwks {

    /** A JWK Set we do not accept, with a message that is safe to log. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private ClientJwks() {
    }

    public static JWKSet parsePublic(String json) throws Refused {
        JWKSet set;
        try {
            set = JWKSet.parse(json);
        } catch (ParseException e) {
            throw new Refused("not a JWK Set (RFC 7517 section 5)");
        }
        if (set.getKeys().isEmpty()) {
            throw new Refused("the JWK Set has no keys");
        }
        for (JWK key : set.getKeys()) {
            if (key.isPrivate()) {
                // a private key in a registration is a leaked key: refuse loudly rather than strip it
                throw new Refused("the JWK Set holds a private key" + (key.getKeyID() == null ? ""
                        : " (kid " + key.getKeyID() + ")"));
            }
            if (!(key instanceof RSAKey) && !(key instanceof ECKey)) {
                throw new Refused("only RSA and EC keys are accepted, got " + key.getKeyType());
            }
            if (key instanceof RSAKey rsa && rsa.size() < ClientSigningAlgorithms.MIN_RSA_BITS) {
                throw new Refused("RSA keys must have at least " + ClientSigningAlgorithms.MIN_RSA_BITS + " bits");
            }
        }
        return set;
    }
}
