package dev.jeton.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * The one place that picks the verifier for a signature a client made - its client assertions and
 * request objects (with a key it registered) and its DPoP proofs (with the key in the proof's header) -
 * and checks the signature with it. The algorithm has been checked against
 * {@link ClientSigningAlgorithms} before; here the key must fit it.
 * <ul>
 *   <li>RSA and EC keys: Nimbus' verifier for the header's algorithm (RFC 7518 §3.3 - §3.5);</li>
 *   <li>OKP keys (RFC 8037 §2) on the Ed25519 curve with {@code EdDSA} (§3.1) only - the variant the FAPI
 *       2.0 Security Profile allows (§5.4.1); Ed448 and the X25519/X448 key-agreement curves verify
 *       nothing. The signature is checked with the JDK's own Ed25519 (RFC 8032, JDK 15+): Nimbus' Ed25519Verifier
 *       needs Google Tink, and on Payara Micro the server's own Nimbus (parent-first class loading) is the one
 *       that runs, which cannot see a Tink jar in the WAR.</li>
 * </ul>
 */
public final class ClientSignatures {

    /** RFC 8410 §4: the DER prefix of an Ed25519 SubjectPublicKeyInfo, followed by the 32-byte key. */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
            0x21, 0x00};

    private static final DefaultJWSVerifierFactory FACTORY = new DefaultJWSVerifierFactory();

    private ClientSignatures() {
    }

    /** Whether {@code jws} is signed by {@code key} with its header's algorithm; a key that does not fit it: false. */
    public static boolean verifies(JWSObject jws, JWK key) {
        if (key.isPrivate() || !(key instanceof AsymmetricJWK asymmetric)) {
            return false;
        }
        if (JWSAlgorithm.EdDSA.equals(jws.getHeader().getAlgorithm())) {
            return key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve()) && ed25519(jws, okp);
        }
        if (key instanceof OctetKeyPair) {
            return false;
        }
        try {
            JWSVerifier verifier = FACTORY.createJWSVerifier(jws.getHeader(), asymmetric.toPublicKey());
            return jws.verify(verifier);
        } catch (JOSEException | IllegalStateException e) {
            // a key that does not fit the algorithm (a P-384 key for ES256, an RSA key for ES256): no signature
            return false;
        }
    }

    /** RFC 8037 §3.1: Ed25519 over the JWS signing input (RFC 7515 §5.2), by the JDK's EdDSA. */
    private static boolean ed25519(JWSObject jws, OctetKeyPair key) {
        // RFC 7515 §4.1.11: a critical header parameter Jeton does not understand makes the JWS invalid, as
        // Nimbus' own verifiers hold it for the other algorithms (Jeton understands none)
        if (jws.getHeader().getCriticalParams() != null && !jws.getHeader().getCriticalParams().isEmpty()) {
            return false;
        }
        try {
            PublicKey publicKey = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(ed25519SubjectPublicKeyInfo(key)));
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(publicKey);
            signature.update(jws.getSigningInput());
            return signature.verify(jws.getSignature().decode());
        } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException e) {
            // a malformed key (x not 32 bytes) or signature: no signature
            return false;
        }
    }

    private static byte[] ed25519SubjectPublicKeyInfo(OctetKeyPair key) {
        byte[] x = key.getDecodedX();
        byte[] encoded = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + x.length);
        System.arraycopy(x, 0, encoded, ED25519_SPKI_PREFIX.length, x.length);
        return encoded;
    }

    /**
     * Whether {@code key} is the public key {@code presented} (of a client's TLS certificate, RFC 8705 §2.2):
     * compared by their X.509 SubjectPublicKeyInfo encodings. An Ed25519 JWK cannot be rebuilt as a Java key
     * by Nimbus, so its encoding is made from its {@code x} (RFC 8410 §4).
     */
    public static boolean samePublicKey(JWK key, PublicKey presented) {
        if (key.isPrivate() || presented == null || presented.getEncoded() == null) {
            return false;
        }
        byte[] encoded;
        if (key instanceof OctetKeyPair okp) {
            if (!Curve.Ed25519.equals(okp.getCurve())) {
                return false;
            }
            encoded = ed25519SubjectPublicKeyInfo(okp);
        } else if (key instanceof AsymmetricJWK asymmetric) {
            try {
                encoded = asymmetric.toPublicKey().getEncoded();
            } catch (JOSEException e) {
                return false;
            }
        } else {
            return false;
        }
        return Arrays.equals(encoded, presented.getEncoded());
    }
}
