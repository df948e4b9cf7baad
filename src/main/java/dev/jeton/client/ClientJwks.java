package dev.jeton.client;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
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
            // RFC 8037 §2: an OKP key signs (EdDSA) only on Ed25519 here; X25519/X448 are for key agreement,
            // and Ed448 is not among the algorithms a client may use (ClientSignatures)
            boolean ed25519 = key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve());
            if (!(key instanceof RSAKey) && !(key instanceof ECKey) && !ed25519) {
                throw new Refused("only RSA, EC and Ed25519 (OKP) keys are accepted, got " + key.getKeyType()
                        + (key instanceof OctetKeyPair okp ? " " + okp.getCurve() : ""));
            }
            if (key instanceof RSAKey rsa && rsa.size() < ClientSigningAlgorithms.MIN_RSA_BITS) {
                throw new Refused("RSA keys must have at least " + ClientSigningAlgorithms.MIN_RSA_BITS + " bits");
            }
        }
        return set;
    }
}
