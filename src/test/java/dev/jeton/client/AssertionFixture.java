package dev.jeton.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.util.List;
import java.util.Set;

/** Client keys and signed JWTs for the tests of private_key_jwt and request objects. */
public final class AssertionFixture {

    /** Generated once per test run: key generation costs more than every check together. */
    public static final RSAKey RSA = generateRsa("rsa-1");
    public static final RSAKey RSA_OTHER = generateRsa("rsa-1");
    public static final ECKey EC = generateEc("ec-1");
    /** RFC 8037: EdDSA with an Ed25519 key (FAPI 2.0 Security Profile §5.4.1). */
    public static final OctetKeyPair ED = generateEd25519("ed-1");

    private AssertionFixture() {
    }

    public static RSAKey generateRsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ECKey generateEc(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static OctetKeyPair generateEd25519(String kid) {
        try {
            return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signer for {@code key}: RSA (RS*, PS*), EC (ES*) or Ed25519 (EdDSA). */
    public static JWSSigner signer(JWK key) throws JOSEException {
        if (key instanceof OctetKeyPair okp) {
            return new Ed25519Signer(okp);
        }
        return key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
    }

    public static String publicJwks(JWK... keys) {
        return new JWKSet(List.of(keys)).toPublicJWKSet().toString();
    }

    public static RegisteredClient client(String id, ClientAuthMethod method, SecurityProfile security) {
        return new RegisteredClient(id, null, null, method, Set.of("client_credentials", "authorization_code"),
                Set.of("api.read", "openid"), List.of("https://client.example.org/cb"), null, null, null, true, false,
                null, security);
    }

    public static SecurityProfile inline(JWK... keys) {
        return SecurityProfile.NONE.withJwks(publicJwks(keys));
    }

    public static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) {
        try {
            JWSSigner signer = signer(key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
