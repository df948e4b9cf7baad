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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Signs JWT access tokens as RFC 9068 describes them, with the key active at the time of issue. */
@ApplicationScoped
public class JwtAccessTokenIssuer implements AccessTokenIssuer {

    /** RFC 9068 §2.1: the {@code typ} header of a JWT access token. */
    public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final SigningKeySource keys;
    /** Signers by kid: a rotation adds one, so the map stays as small as the keystore. */
    private final Map<String, JWSSigner> signers = new ConcurrentHashMap<>();

    @Inject
    public JwtAccessTokenIssuer(SigningKeySource keys) {
        this.keys = keys;
    }

    /** For CDI's client proxy only. */
    protected JwtAccessTokenIssuer() {
        this.keys = null;
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
        Map<String, Object> cnf = new java.util.LinkedHashMap<>();
        if (claims.dpopKeyThumbprint() != null) {
            // RFC 9449 §6.1: the confirmation of the DPoP key the token is bound to
            cnf.put("jkt", claims.dpopKeyThumbprint());
        }
        if (claims.certificateThumbprint() != null) {
            // RFC 8705 §3.1: the confirmation of the client certificate the token is bound to
            cnf.put("x5t#S256", claims.certificateThumbprint());
        }
        if (!cnf.isEmpty()) {
            body.claim("cnf", cnf);
        }
        if (!claims.scope().isEmpty()) {
            body.claim("scope", claims.scope());
        }
        SigningKey key = keys.current().active();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.parse(key.algorithm().name()))
                .type(AT_JWT).keyID(key.kid()).build();
        SignedJWT jwt = new SignedJWT(header, body.build());
        try {
            jwt.sign(signers.computeIfAbsent(key.kid(), kid -> JwsSigners.of(key)));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing with key " + key.kid() + " failed", e);
        }
        return jwt.serialize();
    }
}
