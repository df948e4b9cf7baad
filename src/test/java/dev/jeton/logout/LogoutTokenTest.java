package dev.jeton.logout;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.jose.JwtLogoutTokenIssuer;
import dev.jeton.token.LogoutTokenClaims;
import dev.jeton.token.CoreFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The logout token (OpenID Connect Back-Channel Logout 1.0 §2.4), checked as a relying party checks it (§2.6). */
class LogoutTokenTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private static CoreFixture core;

    @BeforeAll
    static void keys() throws Exception {
        core = new CoreFixture();
    }

    private static JWTClaimsSet verified(String token, JWSAlgorithm algorithm) throws Exception {
        DefaultJWTProcessor<SecurityContext> rp = new DefaultJWTProcessor<>();
        rp.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("logout+jwt")));
        rp.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithm,
                new ImmutableJWKSet<>(core.keys.publicJwkSet())));
        rp.setJWTClaimsSetVerifier((claims, context) -> {
        });
        return rp.process(token, null);
    }

    @Test
    void aLogoutTokenHasTheEventSidSubJtiShortExpiryAndNoNonce() throws Exception {
        String token = new JwtLogoutTokenIssuer(core.keys).issue(new LogoutTokenClaims("https://op.example",
                "client-1", "sub-1", "sid-1", "jti-1", NOW, NOW.plusSeconds(120)), SigningAlgorithm.RS256);

        assertEquals("logout+jwt", SignedJWT.parse(token).getHeader().getType().getType(), "§2.4, RFC 8725 §3.11");
        JWTClaimsSet claims = verified(token, JWSAlgorithm.RS256);
        assertEquals("https://op.example", claims.getIssuer());
        assertEquals(List.of("client-1"), claims.getAudience());
        assertEquals("sub-1", claims.getSubject());
        assertEquals("sid-1", claims.getStringClaim("sid"));
        assertEquals("jti-1", claims.getJWTID());
        assertEquals(Date.from(NOW), claims.getIssueTime());
        assertEquals(Date.from(NOW.plusSeconds(120)), claims.getExpirationTime());
        assertEquals(Map.of(LogoutTokenClaims.EVENT, Map.of()), claims.getJSONObjectClaim("events"));
        assertNull(claims.getClaim("nonce"), "§2.4: a nonce MUST NOT be present");
        assertEquals(Set.of("iss", "aud", "sub", "sid", "jti", "iat", "exp", "events"), claims.getClaims().keySet());
    }

    @Test
    void aLogoutTokenMayNameOnlyTheSessionAndIsSignedWithTheClientsIdTokenAlgorithm() throws Exception {
        String token = new JwtLogoutTokenIssuer(core.keys).issue(new LogoutTokenClaims("https://op.example",
                "client-1", null, "sid-1", "jti-2", NOW, NOW.plusSeconds(60)), SigningAlgorithm.ES256);
        assertEquals(JWSAlgorithm.ES256, SignedJWT.parse(token).getHeader().getAlgorithm());
        JWTClaimsSet claims = verified(token, JWSAlgorithm.ES256);
        assertNull(claims.getSubject());
        assertEquals("sid-1", claims.getStringClaim("sid"));
    }

    @Test
    void aLogoutTokenNamesSubOrSidAndExpiresAfterItIsIssued() {
        assertThrows(IllegalArgumentException.class, () -> new LogoutTokenClaims("https://op.example", "c", null,
                null, "j", NOW, NOW.plusSeconds(60)));
        assertThrows(IllegalArgumentException.class, () -> new LogoutTokenClaims("https://op.example", "c", "s",
                null, "j", NOW, NOW));
        assertFalse(new LogoutTokenClaims("https://op.example", "c", "s", null, "j", NOW, NOW.plusSeconds(1))
                .toString().isEmpty());
    }
}
