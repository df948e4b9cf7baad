package dev.jeton.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.config.SigningAlgorithm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.text.ParseException;
import java.util.List;

/**
 * Signed UserInfo responses (OIDC Core §5.3.2): for a client registered with {@code userinfo_signed_response_alg}
 * the claims go back as a JWT signed with the server's active key of that algorithm, which "SHOULD contain the
 * Claims iss (issuer) and aud (audience) as members", the aud being the client's id.
 */
@ApplicationScoped
public class JwtUserinfoSigner {

    private final SigningKeySource keys;

    @Inject
    public JwtUserinfoSigner(SigningKeySource keys) {
        this.keys = keys;
    }

    /** For CDI's client proxy only. */
    protected JwtUserinfoSigner() {
        this.keys = null;
    }

    /**
     * @param claimsJson the claims exactly as the JSON response would carry them
     * @return the compact JWS
     */
    public String sign(String claimsJson, String issuer, String clientId, SigningAlgorithm algorithm) {
        SigningKey key = keys.current().active(algorithm);
        JWTClaimsSet claims;
        try {
            claims = new JWTClaimsSet.Builder(JWTClaimsSet.parse(claimsJson)).issuer(issuer)
                    .audience(List.of(clientId)).build();
        } catch (ParseException e) {
            throw new IllegalStateException("the userinfo claims are not a JSON object", e);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.parse(algorithm.name()))
                .type(JOSEObjectType.JWT).keyID(key.kid()).build(), claims);
        try {
            jwt.sign(JwsSigners.of(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing a userinfo response with key " + key.kid() + " failed", e);
        }
        return jwt.serialize();
    }
}
