package dev.jeton.jose;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.token.CoreFixture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signed UserInfo responses (OIDC Core §5.3.2; issue #14). */
class JwtUserinfoSignerTest {

    private final CoreFixture core;
    private final JwtUserinfoSigner signer;

    JwtUserinfoSignerTest() throws Exception {
        core = new CoreFixture(Map.of());
        signer = new JwtUserinfoSigner(core.keys);
    }

    @Test
    void theClaimsComeBackSignedWithTheActiveKeyOfTheAlgorithmWithIssAndAud() throws Exception {
        String json = "{\"sub\":\"u-1\",\"name\":\"Ada\",\"email_verified\":true,\"address\":{\"country\":\"FR\"},"
                + "\"updated_at\":1700000000}";
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            SignedJWT jwt = SignedJWT.parse(signer.sign(json, "https://as.example.com", "rp-1", algorithm));
            SigningKey key = core.keys.active(algorithm);
            assertEquals(JWSAlgorithm.parse(algorithm.name()), jwt.getHeader().getAlgorithm());
            assertEquals(key.kid(), jwt.getHeader().getKeyID(), "the kid of a key the JWKS publishes");
            assertTrue(jwt.verify(algorithm == SigningAlgorithm.ES256
                    ? new ECDSAVerifier((ECKey) key.publicJwk()) : new RSASSAVerifier((RSAKey) key.publicJwk())));
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            assertEquals("https://as.example.com", claims.getIssuer());
            assertEquals(List.of("rp-1"), claims.getAudience());
            assertEquals("u-1", claims.getSubject());
            assertEquals("Ada", claims.getStringClaim("name"));
            assertEquals(true, claims.getBooleanClaim("email_verified"));
            assertEquals("FR", claims.getJSONObjectClaim("address").get("country"));
            assertEquals(1700000000L, claims.getLongClaim("updated_at"));
        }
    }
}
