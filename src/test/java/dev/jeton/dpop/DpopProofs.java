package dev.jeton.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Consumer;

/** DPoP proofs as a client makes them (RFC 9449 §4.2), with hooks to make exactly one thing wrong. */
public final class DpopProofs {

    private DpopProofs() {
    }

    public static JWTClaimsSet.Builder claims(String method, String uri, Instant iat) {
        return new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString()).claim("htm", method)
                .claim("htu", uri).issueTime(Date.from(iat));
    }

    public static String proof(ECKey key, String method, String uri, Instant iat) {
        return proof(key, claims(method, uri, iat).build(), h -> { });
    }

    public static String proof(ECKey key, JWTClaimsSet claims, Consumer<JWSHeader.Builder> header) {
        return proof(key, key.toPublicJWK(), claims, header);
    }

    /**
     * A proof whose header jwk holds the private key too. Nimbus will not build such a header, so it
     * is written by hand - as a careless or hostile client would.
     */
    public static String withPrivateKeyInHeader(ECKey key, JWTClaimsSet claims) {
        try {
            String header = "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + key.toJSONString() + "}";
            String signingInput = com.nimbusds.jose.util.Base64URL.encode(header) + "."
                    + com.nimbusds.jose.util.Base64URL.encode(claims.toString());
            var signature = new ECDSASigner(key).sign(new JWSHeader(JWSAlgorithm.ES256),
                    signingInput.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return signingInput + "." + signature;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param headerKey the jwk put in the header (normally the signing key's public half) */
    public static String proof(ECKey key, JWK headerKey, JWTClaimsSet claims, Consumer<JWSHeader.Builder> header) {
        JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.ES256).type(DpopVerifier.DPOP_JWT).jwk(headerKey);
        header.accept(h);
        SignedJWT jwt = new SignedJWT(h.build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
