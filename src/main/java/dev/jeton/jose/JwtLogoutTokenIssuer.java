package dev.jeton.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.token.LogoutTokenClaims;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Signs logout tokens (OpenID Connect Back-Channel Logout 1.0 §2.4) with our signing key, like ID tokens: typ
 * {@code logout+jwt}, the event, sid and/or sub, and no nonce.
 */
public final class JwtLogoutTokenIssuer {

    private final SigningKeySource keys;

    public JwtLogoutTokenIssuer(SigningKeySource keys) {
        this.keys = Objects.requireNonNull(keys);
    }

    public String issue(LogoutTokenClaims c, SigningAlgorithm algorithm) {
        SigningKey key = keys.current().active(algorithm);
        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder()
                .issuer(c.issuer())
                .audience(List.of(c.clientId()))
                .issueTime(Date.from(c.issuedAt()))
                .expirationTime(Date.from(c.expiresAt()))
                .jwtID(c.jwtId())
                .claim("events", Map.of(LogoutTokenClaims.EVENT, Map.of()));
        if (c.subject() != null) {
            body.subject(c.subject());
        }
        if (c.sid() != null) {
            body.claim("sid", c.sid());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(algorithm.name()))
                .type(new JOSEObjectType(LogoutTokenClaims.TYPE)).keyID(key.kid()).build(), body.build());
        try {
            jwt.sign(JwsSigners.of(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a logout token with key " + key.kid() + " failed", e);
        }
        return jwt.serialize();
    }
}
