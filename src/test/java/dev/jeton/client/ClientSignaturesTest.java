package dev.jeton.client;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.util.Base64URL;
import dev.jeton.mtls.TestCertificates;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one verifier choice for what clients sign: RSA, EC, and EdDSA with Ed25519 keys (RFC 8037). */
class ClientSignaturesTest {

    /** RFC 8037 Appendix A.1 (the key), A.3 (its thumbprint) and A.4 (an Ed25519 signature). */
    private static final String RFC8037_KEY = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","
            + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
    private static final String RFC8037_JWS = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
            + "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

    private static JWSObject signed(OctetKeyPair key, JWSAlgorithm alg) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader(alg), new Payload("hello"));
        jws.sign(new Ed25519Signer(key));
        return jws;
    }

    @Test
    void rfc8037ExampleVerifiesAndItsThumbprintIsThePublishedOne() throws Exception {
        OctetKeyPair key = OctetKeyPair.parse(RFC8037_KEY);
        assertTrue(ClientSignatures.verifies(JWSObject.parse(RFC8037_JWS), key));
        assertEquals("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", key.computeThumbprint().toString());
        String[] parts = RFC8037_JWS.split("\\.");
        String tampered = parts[0] + "." + Base64URL.encode("Example of Ed25519 signinG") + "." + parts[2];
        assertFalse(ClientSignatures.verifies(JWSObject.parse(tampered), key));
    }

    @Test
    void anEd25519KeyVerifiesEdDsaAndNothingElse() throws Exception {
        OctetKeyPair key = AssertionFixture.ED;
        assertTrue(ClientSignatures.verifies(signed(key, JWSAlgorithm.EdDSA), key.toPublicJWK()));
        assertFalse(ClientSignatures.verifies(signed(key, JWSAlgorithm.EdDSA),
                AssertionFixture.generateEd25519("other").toPublicJWK()), "another key");
        assertFalse(ClientSignatures.verifies(signed(key, JWSAlgorithm.EdDSA), AssertionFixture.EC.toPublicJWK()),
                "an EC key does not verify EdDSA");
        assertFalse(ClientSignatures.verifies(signed(key, JWSAlgorithm.EdDSA), key), "a private key is no client key");
        // an ES256 signature checked with an Ed25519 key: the key does not fit the algorithm
        String es256 = AssertionFixture.sign(AssertionFixture.EC, JWSAlgorithm.ES256,
                new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("x").build());
        assertFalse(ClientSignatures.verifies(JWSObject.parse(es256), key.toPublicJWK()));
        assertTrue(ClientSignatures.verifies(JWSObject.parse(es256), AssertionFixture.EC.toPublicJWK()));
    }

    @Test
    void anEdDsaSignatureWithACriticalHeaderJetonDoesNotUnderstandIsNoSignature() throws Exception {
        // RFC 7515 §4.1.11, as Nimbus' verifiers hold it for the other algorithms
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.EdDSA).criticalParams(java.util.Set.of("x-bank"))
                .customParam("x-bank", "1").build(), new Payload("hello"));
        jws.sign(new Ed25519Signer(AssertionFixture.ED));
        assertFalse(ClientSignatures.verifies(JWSObject.parse(jws.serialize()), AssertionFixture.ED.toPublicJWK()));
        // a truncated signature
        String whole = signed(AssertionFixture.ED, JWSAlgorithm.EdDSA).serialize();
        assertFalse(ClientSignatures.verifies(JWSObject.parse(whole.substring(0, whole.length() - 8)),
                AssertionFixture.ED.toPublicJWK()));
    }

    @Test
    void keyAgreementCurvesVerifyNothing() throws Exception {
        // RFC 8037 §3.2: X25519 is for ECDH-ES; a proof "signed" by such a key names the wrong kind of key
        OctetKeyPair x25519 = new OctetKeyPairGenerator(Curve.X25519).generate();
        OctetKeyPair disguised = new OctetKeyPair.Builder(Curve.X25519, AssertionFixture.ED.getX()).build();
        assertFalse(ClientSignatures.verifies(signed(AssertionFixture.ED, JWSAlgorithm.EdDSA), disguised));
        assertFalse(ClientSignatures.verifies(signed(AssertionFixture.ED, JWSAlgorithm.EdDSA), x25519.toPublicJWK()));
    }

    @Test
    void anEd25519CertificateKeyIsRecognisedFromItsJwk() throws Exception {
        // RFC 8705 §2.2 with an Ed25519 certificate: the registered JWK's x is the certificate's key
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] spki = pair.getPublic().getEncoded();
        JWK jwk = new OctetKeyPair.Builder(Curve.Ed25519,
                Base64URL.encode(Arrays.copyOfRange(spki, spki.length - 32, spki.length))).build();
        assertTrue(ClientSignatures.samePublicKey(jwk, pair.getPublic()));
        assertFalse(ClientSignatures.samePublicKey(AssertionFixture.ED.toPublicJWK(), pair.getPublic()));
        KeyPair ec = TestCertificates.ecKey();
        assertFalse(ClientSignatures.samePublicKey(jwk, ec.getPublic()));
        assertTrue(ClientSignatures.samePublicKey(new com.nimbusds.jose.jwk.ECKey.Builder(Curve.P_256,
                (java.security.interfaces.ECPublicKey) ec.getPublic()).build(), ec.getPublic()));
    }
}
