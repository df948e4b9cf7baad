package dev.jeton.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.token.AccessTokenClaims;
import dev.jeton.token.AccessTokenIssuer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Date;

/** Signs JWT access tokens as RFC 9068 describes them, with the active key. */
@ApplicationScoped
public class JwtAccessTokenIssuer implements AccessTokenIssuer {

    /** RFC 9068 §2.1: the {@code typ} header of a JWT access token. */
    public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final SigningKey key;
    private final JWSSigner signer;
    private final JWSHeader header;

    @Inject
    public JwtAccessTokenIssuer(SigningKeySet keys) {
        this.key = keys.active();
        this.signer = JwsSigners.of(key);
        this.header = new JWSHeader.Builder(JWSAlgorithm.parse(key.algorithm().name()))
                .type(AT_JWT).keyID(key.kid()).build();
    }

    /** For CDI's client proxy only. */
    protected JwtAccessTokenIssuer() {
        this.key = null;
        this.signer = null;
        this.header = null;
    }

    @Override
    public String issue(AccessTokenClaims claims) {
        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder();
        claims.extra().forEach(body::claim);
        body.issuer(claims.issuer())
                .subject(claims.subject())
                .audience(claims.audience())
                .claim("client_id", claims.clientId())
                .issueTime(Date.from(claims.issuedAt()))
                .expirationTime(Date.from(claims.expiresAt()))
                .jwtID(claims.jwtId());
        if (!claims.scope().isEmpty()) {
            body.claim("scope", claims.scope());
        }
        SignedJWT jwt = new SignedJWT(header, body.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with key " + key.kid() + " failed", e);
        }
        return jwt.serialize();
    }
}
