package dev.jeton.jose;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.hostile.HostileJwts;
import dev.jeton.hostile.HostileJwts.HostileJwt;
import dev.jeton.token.CoreFixture;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every JWT Jeton accepts today is one of its own access tokens (RFC 9068), checked by
 * {@link AccessTokenVerifier} at userinfo and the admin API. Hostile variants of a valid token
 * (RFC 8725 §2: alg none, algorithm confusion, crit, typ confusion, broken encodings, huge and
 * deeply nested JSON) are all refused, and none throws: the verifier answers "not valid" and the
 * endpoint a 401.
 */
class AccessTokenVerifierHostileTest {

    private static CoreFixture core;
    private static AccessTokenVerifier verifier;

    @BeforeContainer
    static void keys() throws Exception {
        core = new CoreFixture();
        verifier = new AccessTokenVerifier(core.keys, core.settings);
    }

    /** For the active key (ES256) and for the RSA key the keystore also holds. */
    static HostileJwts.Target target(JWSAlgorithm algorithm) {
        SigningKey key = core.keys.all().stream().filter(k -> k.algorithm().name().equals(algorithm.getName()))
                .findFirst().orElseThrow();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(core.settings.issuer().toString()).subject("user-1").audience("https://api.example.com")
                .claim("client_id", "service").claim("scope", "openid")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600))).jwtID("jti-1").build();
        JWSHeader header = new JWSHeader.Builder(algorithm).type(JwtAccessTokenIssuer.AT_JWT).keyID(key.kid()).build();
        return new HostileJwts.Target(header, claims, JwsSigners.of(key), key.publicJwk());
    }

    @Example
    void theUnchangedTokenOfEachTargetVerifies() {
        // without this, a verifier that refuses everything would pass the properties below
        assertTrue(verifier.verify(target(JWSAlgorithm.ES256).valid()).isPresent());
        assertTrue(verifier.verify(target(JWSAlgorithm.RS256).valid()).isPresent());
    }

    @Provide
    Arbitrary<HostileJwt> hostileEs256() {
        return HostileJwts.against(target(JWSAlgorithm.ES256));
    }

    @Provide
    Arbitrary<HostileJwt> hostileRs256() {
        return HostileJwts.against(target(JWSAlgorithm.RS256));
    }

    @Property(tries = 400)
    void hostileVariantsOfAnEs256TokenAreRefused(@ForAll("hostileEs256") HostileJwt jwt) {
        assertTrue(verifier.verify(jwt.token()).isEmpty(), jwt::toString);
    }

    @Property(tries = 400)
    void hostileVariantsOfAnRs256TokenAreRefused(@ForAll("hostileRs256") HostileJwt jwt) {
        assertTrue(verifier.verify(jwt.token()).isEmpty(), jwt::toString);
    }
}
