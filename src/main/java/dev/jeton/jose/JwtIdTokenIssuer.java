package dev.jeton.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.token.IdTokenClaims;
import dev.jeton.token.IdTokenIssuer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** Signs ID tokens (OIDC Core §2) with the newest key of the requested algorithm. */
@ApplicationScoped
public class JwtIdTokenIssuer implements IdTokenIssuer {

    private final SigningKeySource keys;

    @Inject
    public JwtIdTokenIssuer(SigningKeySource keys) {
        this.keys = keys;
    }

    /** For CDI's client proxy only. */
    protected JwtIdTokenIssuer() {
        this.keys = null;
    }

    @Override
    public String issue(IdTokenClaims c, SigningAlgorithm algorithm) {
        SigningKey key = keys.current().active(algorithm);
        JWTClaimsSet.Builder body = new JWTClaimsSet.Builder();
        c.extra().forEach(body::claim);
        body.issuer(c.issuer())
                .subject(c.subject())
                .audience(List.of(c.clientId()))
                // azp: the party the token was issued to (OIDC Core §2)
                .claim("azp", c.clientId())
                .issueTime(Date.from(c.issuedAt()))
                .expirationTime(Date.from(c.expiresAt()));
        if (c.authTime() != null) {
            body.claim("auth_time", c.authTime().getEpochSecond());
        }
        if (c.nonce() != null) {
            body.claim("nonce", c.nonce());
        }
        if (!c.amr().isEmpty()) {
            body.claim("amr", c.amr());
        }
        if (c.acr() != null) {
            body.claim("acr", c.acr());
        }
        if (c.accessToken() != null) {
            body.claim("at_hash", leftHalfHash(c.accessToken()));
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(algorithm.name()))
                .type(JOSEObjectType.JWT).keyID(key.kid()).build(), body.build());
        try {
            jwt.sign(JwsSigners.of(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing an ID token with key " + key.kid() + " failed", e);
        }
        return jwt.serialize();
    }

    /**
     * OIDC Core §3.1.3.6 at_hash: base64url of the left-most half of the hash of the ASCII access
     * token, with the hash of the JWS algorithm (SHA-256 for RS256 and ES256).
     */
    public static String leftHalfHash(String accessToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, digest.length / 2));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
