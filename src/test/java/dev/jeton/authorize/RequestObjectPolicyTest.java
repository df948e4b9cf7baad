package dev.jeton.authorize;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import dev.jeton.client.AssertionFixture;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientKeySettings;
import dev.jeton.client.ClientKeys;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.SecurityProfile;
import dev.jeton.replay.MemoryReplayStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The operator's request object policy (issue #14): exp required and signatures required by default; an OpenID
 * Connect deployment may take objects without exp and unsigned ones (OIDC Core §6.1), never from a FAPI 2.0 client
 * nor, unsigned, from a client that registered a request_object_signing_alg.
 */
class RequestObjectPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final String ISSUER = "https://as.example.com";

    private static RegisteredClient client(String id, String requestObjectAlg, boolean fapi2) {
        return new RegisteredClient(id, id, null, ClientAuthMethod.PRIVATE_KEY_JWT, Set.of("authorization_code"),
                Set.of("openid"), List.of("https://rp.example.com/cb"), null, null, null, true, false, null,
                new SecurityProfile(AssertionFixture.publicJwks(AssertionFixture.RSA), null, null, requestObjectAlg,
                        false, false, false, true, fapi2));
    }

    private static final RegisteredClient RP = client("rp", null, false);
    private static final RegisteredClient SIGNING_RP = client("signing-rp", "RS256", false);
    private static final RegisteredClient FAPI = client("fapi", null, true);

    private static RequestObjects objects(boolean expRequired, boolean unsigned) {
        return new RequestObjects(new ClientKeys((uri, t) -> {
            throw new java.io.IOException("offline");
        }, ClientKeySettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC)), new MemoryReplayStore(), ISSUER,
                Duration.ofHours(1), expRequired, unsigned);
    }

    private static JWTClaimsSet.Builder claims(String clientId) {
        return new JWTClaimsSet.Builder().claim("client_id", clientId).claim("response_type", "code")
                .claim("scope", "openid").claim("state", "inside");
    }

    private static String signed(JWTClaimsSet.Builder claims) {
        return AssertionFixture.sign(AssertionFixture.RSA, JWSAlgorithm.RS256, claims.build());
    }

    private static String unsigned(JWTClaimsSet.Builder claims) {
        return new PlainJWT(claims.build()).serialize();
    }

    private static void refused(RequestObjects.Outcome outcome, RequestObjects.Failure failure) {
        assertEquals(failure, assertInstanceOf(RequestObjects.Outcome.Refused.class, outcome).failure());
    }

    private static void verified(RequestObjects.Outcome outcome) {
        assertEquals(List.of("inside"), assertInstanceOf(RequestObjects.Outcome.Verified.class, outcome)
                .parameters().get("state"));
    }

    @Test
    void byDefaultExpAndASignatureAreRequired() {
        RequestObjects strict = objects(true, false);
        refused(strict.verify(signed(claims("rp").issuer("rp").audience(ISSUER)), RP, NOW),
                RequestObjects.Failure.EXPIRED);
        refused(strict.verify(unsigned(claims("rp")), RP, NOW), RequestObjects.Failure.UNSIGNED);
        verified(strict.verify(signed(claims("rp").issuer("rp").audience(ISSUER)
                .expirationTime(Date.from(NOW.plusSeconds(60)))), RP, NOW));
    }

    @Test
    void relaxedASignedObjectWithoutExpIsTakenAndOneWithExpStillChecked() {
        RequestObjects relaxed = objects(false, true);
        verified(relaxed.verify(signed(claims("rp").issuer("rp").audience(ISSUER)), RP, NOW));
        refused(relaxed.verify(signed(claims("rp").issuer("rp").audience(ISSUER)
                .expirationTime(Date.from(NOW.minusSeconds(600)))), RP, NOW), RequestObjects.Failure.EXPIRED);
        refused(relaxed.verify(signed(claims("rp").audience(ISSUER)), RP, NOW), RequestObjects.Failure.ISSUER);
        refused(relaxed.verify(signed(claims("rp").issuer("rp")), RP, NOW), RequestObjects.Failure.AUDIENCE);
    }

    @Test
    void relaxedAnUnsignedObjectNeedsNoIssOrAudButWhatItCarriesMustBeRight() {
        RequestObjects relaxed = objects(false, true);
        verified(relaxed.verify(unsigned(claims("rp")), RP, NOW));
        refused(relaxed.verify(unsigned(claims("rp").issuer("someone")), RP, NOW), RequestObjects.Failure.ISSUER);
        refused(relaxed.verify(unsigned(claims("rp").audience("https://other.example")), RP, NOW),
                RequestObjects.Failure.AUDIENCE);
        refused(relaxed.verify(unsigned(claims("signing-rp")), RP, NOW), RequestObjects.Failure.CLIENT_ID);
        refused(relaxed.verify(unsigned(claims("rp").claim("request_uri", "https://x")), RP, NOW),
                RequestObjects.Failure.NESTED);
    }

    @Test
    void aClientThatRegisteredASigningAlgorithmOrIsFapiNeverSendsUnsignedOrExpLessObjects() {
        RequestObjects relaxed = objects(false, true);
        refused(relaxed.verify(unsigned(claims("signing-rp")), SIGNING_RP, NOW), RequestObjects.Failure.UNSIGNED);
        refused(relaxed.verify(unsigned(claims("fapi")), FAPI, NOW), RequestObjects.Failure.UNSIGNED);
        // FAPI 2.0 SP §5.4.1: PS256, so that the signature passes and exp is what is refused
        refused(relaxed.verify(AssertionFixture.sign(AssertionFixture.RSA, JWSAlgorithm.PS256,
                claims("fapi").issuer("fapi").audience(ISSUER).build()), FAPI, NOW), RequestObjects.Failure.EXPIRED);
    }

    /** FAPI 2.0 Message Signing ID1 §5.3.1 (the suite's ensure-request-object-without-nbf / -with-nbf-over-60). */
    @Test
    void aFapiClientsSignedObjectCarriesNbfAtMostAnHourOldAndExpAtMostAnHourAfterIt() {
        RequestObjects strict = objects(true, false);
        java.util.function.Function<JWTClaimsSet.Builder, RequestObjects.Outcome> fapi = c -> strict.verify(
                AssertionFixture.sign(AssertionFixture.RSA, JWSAlgorithm.PS256, c.build()), FAPI, NOW);
        refused(fapi.apply(claims("fapi").issuer("fapi").audience(ISSUER)
                .expirationTime(Date.from(NOW.plusSeconds(300)))), RequestObjects.Failure.NOT_BEFORE_MISSING);
        refused(fapi.apply(claims("fapi").issuer("fapi").audience(ISSUER).notBeforeTime(Date.from(
                NOW.minusSeconds(70 * 60))).expirationTime(Date.from(NOW.plusSeconds(300)))),
                RequestObjects.Failure.LIFETIME_TOO_LONG);
        verified(fapi.apply(claims("fapi").issuer("fapi").audience(ISSUER).notBeforeTime(Date.from(
                NOW.minusSeconds(15 * 60))).expirationTime(Date.from(NOW.plusSeconds(300)))));
        verified(fapi.apply(claims("fapi").issuer("fapi").audience(ISSUER).notBeforeTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(59 * 60)))));
        // only FAPI 2.0 clients: another client's object needs no nbf
        verified(strict.verify(signed(claims("rp").issuer("rp").audience(ISSUER)
                .expirationTime(Date.from(NOW.plusSeconds(60)))), RP, NOW));
    }

    @Test
    void aJtiWithoutExpIsStillUsedOnce() {
        RequestObjects relaxed = objects(false, true);
        String object = signed(claims("rp").issuer("rp").audience(ISSUER).jwtID("once"));
        verified(relaxed.verify(object, RP, NOW));
        refused(relaxed.verify(object, RP, NOW.plusSeconds(1)), RequestObjects.Failure.REPLAYED);
    }
}
