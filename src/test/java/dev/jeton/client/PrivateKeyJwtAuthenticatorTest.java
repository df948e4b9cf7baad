package dev.jeton.client;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.replay.MemoryReplayStore;
import dev.jeton.request.FormParameters;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import static dev.jeton.client.AssertionFixture.EC;
import static dev.jeton.client.AssertionFixture.RSA;
import static dev.jeton.client.AssertionFixture.RSA_OTHER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** private_key_jwt client authentication (RFC 7523 §2.2, §3; OIDC Core §9), one test per check. */
class PrivateKeyJwtAuthenticatorTest {

    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final URI ISSUER = URI.create("https://as.example.com");
    private static final URI TOKEN_ENDPOINT = URI.create("https://as.example.com/oauth/token");
    private static final URI PAR_ENDPOINT = URI.create("https://as.example.com/oauth/par");

    private final MemoryReplayStore replay = new MemoryReplayStore();
    private final ClientKeySettings settings = ClientKeySettings.defaults();
    private final ClientKeys keys = new ClientKeys((uri, timeout) -> {
        throw new java.io.IOException("no network in unit tests");
    }, settings, Clock.fixed(NOW, ZoneOffset.UTC));
    private final Map<String, RegisteredClient> clients = Map.of(
            "rsa-client", AssertionFixture.client("rsa-client", ClientAuthMethod.PRIVATE_KEY_JWT,
                    AssertionFixture.inline(RSA)),
            "ec-client", AssertionFixture.client("ec-client", ClientAuthMethod.PRIVATE_KEY_JWT,
                    AssertionFixture.inline(EC)),
            "fapi2-client", AssertionFixture.client("fapi2-client", ClientAuthMethod.PRIVATE_KEY_JWT,
                    AssertionFixture.inline(RSA).withFapi2(true)),
            "ed-client", AssertionFixture.client("ed-client", ClientAuthMethod.PRIVATE_KEY_JWT,
                    AssertionFixture.inline(AssertionFixture.ED)),
            "fapi2-ed-client", AssertionFixture.client("fapi2-ed-client", ClientAuthMethod.PRIVATE_KEY_JWT,
                    AssertionFixture.inline(AssertionFixture.ED, EC).withFapi2(true)),
            "es256-only", AssertionFixture.client("es256-only", ClientAuthMethod.PRIVATE_KEY_JWT,
                    new SecurityProfile(AssertionFixture.publicJwks(RSA, EC), null, "ES256", null, false, false,
                            false)),
            "secret-client", new RegisteredClient("secret-client", null, ClientSecrets.hash("s".repeat(40)),
                    ClientAuthMethod.CLIENT_SECRET_BASIC, java.util.Set.of("client_credentials"),
                    java.util.Set.of(), List.of(), null, null, null, true, false, null,
                    AssertionFixture.inline(RSA)));
    private final ClientAuthentication authentication = new ClientAuthentication(
            id -> Optional.ofNullable(clients.get(id)),
            List.of(new ClientSecretBasicAuthenticator(), new ClientSecretPostAuthenticator(),
                    new PublicClientAuthenticator(),
                    new PrivateKeyJwtAuthenticator(keys, replay, settings, ISSUER, TOKEN_ENDPOINT)));

    private static JWTClaimsSet.Builder claims(String clientId) {
        return new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(ISSUER.toString())
                .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString());
    }

    private static String assertion(String clientId, Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder b = claims(clientId);
        change.accept(b);
        // FAPI 2.0 §5.4.1: the profile's client signs PS256 (RS256 is refused, see below)
        return AssertionFixture.sign(RSA, clientId.equals("fapi2-client") ? JWSAlgorithm.PS256 : JWSAlgorithm.RS256,
                b.build());
    }

    /** An assertion whose aud is a JSON array, even of one element. */
    private static String withAudienceArray(String clientId, List<String> audience) {
        Map<String, Object> payload = new java.util.LinkedHashMap<>(claims(clientId).build().toJSONObject());
        payload.put("aud", new ArrayList<>(audience));
        try {
            com.nimbusds.jose.JWSObject jws = new com.nimbusds.jose.JWSObject(new JWSHeader.Builder(JWSAlgorithm.PS256)
                    .keyID(RSA.getKeyID()).build(), new com.nimbusds.jose.Payload(payload));
            jws.sign(new com.nimbusds.jose.crypto.RSASSASigner(RSA));
            return jws.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ClientAuthRequest request(URI endpoint, String... nameValuePairs) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            pairs.add(new AbstractMap.SimpleImmutableEntry<>(nameValuePairs[i], nameValuePairs[i + 1]));
        }
        return new ClientAuthRequest(FormParameters.of(pairs), null, endpoint, NOW);
    }

    private static ClientAuthRequest withAssertion(String assertion) {
        return request(TOKEN_ENDPOINT, "client_assertion_type", PrivateKeyJwtAuthenticator.JWT_BEARER,
                "client_assertion", assertion);
    }

    private ClientAuthentication.Result.Authenticated ok(ClientAuthRequest request) {
        return assertInstanceOf(ClientAuthentication.Result.Authenticated.class, authentication.authenticate(request));
    }

    private void refused(ClientAuthRequest request, AuthFailure reason) {
        ClientAuthentication.Result.Failed f = assertInstanceOf(ClientAuthentication.Result.Failed.class,
                authentication.authenticate(request));
        assertEquals(reason, f.reason());
        assertEquals(OAuthErrorCode.INVALID_CLIENT, f.error().code());
    }

    private void refusedWithSameMessage(ClientAuthRequest request, AuthFailure reason) {
        refused(request, reason);
        ClientAuthentication.Result.Failed f = (ClientAuthentication.Result.Failed) authentication.authenticate(request);
        assertEquals(ClientAuthentication.FAILED, f.error().description());
    }

    @Test
    void rs256AssertionAuthenticates() {
        var result = ok(withAssertion(assertion("rsa-client", b -> { })));
        assertEquals("rsa-client", result.client().clientId());
        assertEquals(ClientAuthMethod.PRIVATE_KEY_JWT, result.method());
    }

    @Test
    void es256AssertionAuthenticates() {
        String jwt = AssertionFixture.sign(EC, JWSAlgorithm.ES256, claims("ec-client").build());
        assertEquals("ec-client", ok(withAssertion(jwt)).client().clientId());
    }

    @Test
    void ps256AssertionAuthenticates() {
        String jwt = AssertionFixture.sign(RSA, JWSAlgorithm.PS256, claims("rsa-client").build());
        ok(withAssertion(jwt));
    }

    @Test
    void eddsaAssertionWithAnEd25519KeyAuthenticates() {
        // RFC 8037 §3.1; FAPI 2.0 Security Profile §5.4.1 allows it to a client under the profile too
        String jwt = AssertionFixture.sign(AssertionFixture.ED, JWSAlgorithm.EdDSA, claims("ed-client").build());
        assertEquals("ed-client", ok(withAssertion(jwt)).client().clientId());
        ok(withAssertion(AssertionFixture.sign(AssertionFixture.ED, JWSAlgorithm.EdDSA,
                claims("fapi2-ed-client").build())));
        // signed by another Ed25519 key with the registered kid: a bad signature
        var impostor = AssertionFixture.generateEd25519(AssertionFixture.ED.getKeyID());
        refused(withAssertion(AssertionFixture.sign(impostor, JWSAlgorithm.EdDSA, claims("ed-client").build())),
                AuthFailure.ASSERTION_BAD_SIGNATURE);
        // an EdDSA header over an ES256 signature by the client's EC key: no Ed25519 key verifies it
        String es = AssertionFixture.sign(EC, JWSAlgorithm.ES256, claims("fapi2-ed-client").build());
        String[] parts = es.split("\\.");
        String relabelled = com.nimbusds.jose.util.Base64URL.encode("{\"alg\":\"EdDSA\",\"kid\":\""
                + AssertionFixture.ED.getKeyID() + "\"}") + "." + parts[1] + "." + parts[2];
        refused(withAssertion(relabelled), AuthFailure.ASSERTION_BAD_SIGNATURE);
    }

    @Test
    void tokenEndpointAndParEndpointAreAcceptedAudiences() {
        ok(withAssertion(assertion("rsa-client", b -> b.audience(TOKEN_ENDPOINT.toString()))));
        ok(request(PAR_ENDPOINT, "client_assertion_type", PrivateKeyJwtAuthenticator.JWT_BEARER,
                "client_assertion", assertion("rsa-client", b -> b.audience(PAR_ENDPOINT.toString()))));
    }

    @Test
    void aClientUnderTheFapi2ProfileMustNameTheIssuerAsAString() {
        // FAPI 2.0 Security Profile §5.3.2.1 (8), at the token endpoint and at PAR alike (issue #14)
        for (URI endpoint : List.of(TOKEN_ENDPOINT, PAR_ENDPOINT)) {
            ok(request(endpoint, "client_assertion_type", PrivateKeyJwtAuthenticator.JWT_BEARER, "client_assertion",
                    assertion("fapi2-client", b -> { })));
            // Nimbus writes a one-element audience list as a string: this array is written by hand
            refused(request(endpoint, "client_assertion_type", PrivateKeyJwtAuthenticator.JWT_BEARER,
                    "client_assertion", withAudienceArray("fapi2-client", List.of(ISSUER.toString()))),
                    AuthFailure.ASSERTION_AUDIENCE_NOT_ISSUER_STRING);
            for (Consumer<JWTClaimsSet.Builder> aud : List.<Consumer<JWTClaimsSet.Builder>>of(
                    b -> b.audience(List.of(ISSUER.toString(), TOKEN_ENDPOINT.toString())),
                    b -> b.audience(TOKEN_ENDPOINT.toString()),
                    b -> b.audience(endpoint.toString()),
                    b -> b.audience(ISSUER + "/"))) {
                refused(request(endpoint, "client_assertion_type", PrivateKeyJwtAuthenticator.JWT_BEARER,
                        "client_assertion", assertion("fapi2-client", aud)),
                        AuthFailure.ASSERTION_AUDIENCE_NOT_ISSUER_STRING);
            }
        }
        // other clients keep RFC 7523 §3 and RFC 9126 §2: an array naming us, or the endpoint's URL
        ok(withAssertion(withAudienceArray("rsa-client", List.of(ISSUER.toString()))));
        ok(withAssertion(assertion("rsa-client", b -> b.audience(List.of(ISSUER.toString(), "https://other")))));
        ok(withAssertion(assertion("rsa-client", b -> b.audience(TOKEN_ENDPOINT.toString()))));
    }

    @Test
    void aClientUnderTheFapi2ProfileSignsItsAssertionsWithPs256OrEs256NeverRs256() {
        // FAPI 2.0 Security Profile §5.4.1; the key would verify an RS256 signature
        refused(withAssertion(AssertionFixture.sign(RSA, JWSAlgorithm.RS256, claims("fapi2-client").build())),
                AuthFailure.ASSERTION_ALGORITHM_NOT_ALLOWED);
        ok(withAssertion(AssertionFixture.sign(RSA, JWSAlgorithm.PS256, claims("fapi2-client").build())));
        // other clients still may
        ok(withAssertion(AssertionFixture.sign(RSA, JWSAlgorithm.RS256, claims("rsa-client").build())));
    }

    @Test
    void matchingClientIdInTheBodyIsAccepted() {
        ok(request(TOKEN_ENDPOINT, "client_id", "rsa-client", "client_assertion_type",
                PrivateKeyJwtAuthenticator.JWT_BEARER, "client_assertion", assertion("rsa-client", b -> { })));
    }

    @Test
    void replayedAssertionIsRefused() {
        String jwt = assertion("rsa-client", b -> { });
        ok(withAssertion(jwt));
        refusedWithSameMessage(withAssertion(jwt), AuthFailure.ASSERTION_REPLAYED);
    }

    @Test
    void wrongIssuerIsRefused() {
        refusedWithSameMessage(withAssertion(assertion("rsa-client", b -> b.issuer("someone-else"))),
                AuthFailure.ASSERTION_ISSUER_SUBJECT);
    }

    @Test
    void subjectThatIsNotTheIssuerIsRefused() {
        // sub names the client looked up; iss differs
        refused(withAssertion(assertion("rsa-client", b -> b.issuer("ec-client"))),
                AuthFailure.ASSERTION_ISSUER_SUBJECT);
    }

    @Test
    void foreignAudienceIsRefused() {
        refusedWithSameMessage(withAssertion(assertion("rsa-client", b -> b.audience("https://other.example.com"))),
                AuthFailure.ASSERTION_AUDIENCE);
    }

    @Test
    void missingExpiryIsRefused() {
        refused(withAssertion(assertion("rsa-client", b -> b.expirationTime(null))),
                AuthFailure.ASSERTION_EXPIRY_MISSING);
    }

    @Test
    void expiredAssertionIsRefused() {
        refused(withAssertion(assertion("rsa-client", b -> b.expirationTime(Date.from(NOW.minusSeconds(31))))),
                AuthFailure.ASSERTION_EXPIRED);
    }

    @Test
    void expiryWithinTheClockSkewIsAccepted() {
        ok(withAssertion(assertion("rsa-client", b -> b.expirationTime(Date.from(NOW.minusSeconds(20))))));
    }

    @Test
    void expiryTooFarAheadIsRefused() {
        refused(withAssertion(assertion("rsa-client", b -> b.expirationTime(Date.from(NOW.plusSeconds(3600))))),
                AuthFailure.ASSERTION_LIFETIME_TOO_LONG);
    }

    @Test
    void notBeforeInTheFutureIsRefused() {
        refused(withAssertion(assertion("rsa-client", b -> b.notBeforeTime(Date.from(NOW.plusSeconds(120))))),
                AuthFailure.ASSERTION_NOT_YET_VALID);
    }

    @Test
    void issuedInTheFutureIsRefused() {
        refused(withAssertion(assertion("rsa-client", b -> b.issueTime(Date.from(NOW.plusSeconds(120))))),
                AuthFailure.ASSERTION_NOT_YET_VALID);
    }

    @Test
    void iatOrNbfTenSecondsAheadIsAcceptedMoreThanSixtyNever() {
        // FAPI 2.0 Security Profile §5.3.2.1 (13), Note 3: clocks run ahead; no skew setting may pass 60 s
        ok(withAssertion(assertion("rsa-client", b -> b.issueTime(Date.from(NOW.plusSeconds(10)))
                .notBeforeTime(Date.from(NOW.plusSeconds(10))))));
        refused(withAssertion(assertion("rsa-client", b -> b.issueTime(Date.from(NOW.plusSeconds(61))))),
                AuthFailure.ASSERTION_NOT_YET_VALID);
        refused(withAssertion(assertion("rsa-client", b -> b.notBeforeTime(Date.from(NOW.plusSeconds(61))))),
                AuthFailure.ASSERTION_NOT_YET_VALID);
        org.junit.jupiter.api.Assertions.assertThrows(dev.jeton.config.ConfigurationException.class,
                () -> ClientKeySettings.from(n -> Optional.ofNullable(n.equals(ClientKeySettings.CLOCK_SKEW) ? "61"
                        : null)));
        org.junit.jupiter.api.Assertions.assertThrows(dev.jeton.config.ConfigurationException.class,
                () -> dev.jeton.dpop.DpopSettings.from(n -> Optional.ofNullable(
                        n.equals(dev.jeton.dpop.DpopSettings.CLOCK_SKEW) ? "90" : null)));
    }

    @Test
    void missingJtiIsRefused() {
        refused(withAssertion(assertion("rsa-client", b -> b.jwtID(null))), AuthFailure.ASSERTION_JTI_MISSING);
    }

    @Test
    void signatureByAnotherKeyIsRefused() {
        String jwt = AssertionFixture.sign(RSA_OTHER, JWSAlgorithm.RS256, claims("rsa-client").build());
        refusedWithSameMessage(withAssertion(jwt), AuthFailure.ASSERTION_BAD_SIGNATURE);
    }

    @Test
    void tamperedClaimsAreRefused() {
        String[] parts = assertion("rsa-client", b -> { }).split("\\.");
        String forged = Base64URL.encode(claims("rsa-client").audience(ISSUER.toString())
                .expirationTime(Date.from(NOW.plusSeconds(200))).build().toString()).toString();
        refused(withAssertion(parts[0] + "." + forged + "." + parts[2]), AuthFailure.ASSERTION_BAD_SIGNATURE);
    }

    @Test
    void unknownKidIsRefused() {
        String jwt = AssertionFixture.sign(AssertionFixture.generateEc("unknown"), JWSAlgorithm.ES256,
                claims("ec-client").build());
        refused(withAssertion(jwt), AuthFailure.ASSERTION_NO_MATCHING_KEY);
    }

    @Test
    void hmacIsRefusedEvenKeyedWithThePublicKey() throws Exception {
        // the classic confusion attack: HS256 with the client's public key as the secret
        byte[] secret = RSA.toPublicJWK().toJSONString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(),
                claims("rsa-client").build());
        jwt.sign(new MACSigner(secret));
        refused(withAssertion(jwt.serialize()), AuthFailure.ASSERTION_ALGORITHM_NOT_ALLOWED);
    }

    @Test
    void unsignedAssertionIsRefused() {
        String none = Base64URL.encode("{\"alg\":\"none\"}") + "." + Base64URL.encode(claims("rsa-client").build()
                .toString()) + ".";
        refused(withAssertion(none), AuthFailure.ASSERTION_MALFORMED);
    }

    @Test
    void algorithmOtherThanTheRegisteredOneIsRefused() {
        String rs = AssertionFixture.sign(RSA, JWSAlgorithm.RS256, claims("es256-only").build());
        refused(withAssertion(rs), AuthFailure.ASSERTION_ALGORITHM_NOT_ALLOWED);
        ok(withAssertion(AssertionFixture.sign(EC, JWSAlgorithm.ES256, claims("es256-only").build())));
    }

    @Test
    void clientRegisteredForAnotherMethodIsRefused() {
        String jwt = AssertionFixture.sign(RSA, JWSAlgorithm.RS256, claims("secret-client").build());
        refused(withAssertion(jwt), AuthFailure.METHOD_NOT_REGISTERED);
    }

    @Test
    void unknownClientIsRefusedLikeABadSignature() {
        refusedWithSameMessage(withAssertion(assertion("nobody", b -> { })), AuthFailure.UNKNOWN_CLIENT);
    }

    @Test
    void wrongAssertionTypeIsRefused() {
        refused(request(TOKEN_ENDPOINT, "client_assertion_type", "urn:example:saml",
                "client_assertion", assertion("rsa-client", b -> { })), AuthFailure.ASSERTION_MALFORMED);
    }

    @Test
    void assertionTogetherWithBasicIsTwoMethods() {
        ClientAuthRequest both = new ClientAuthRequest(withAssertion(assertion("rsa-client", b -> { })).parameters(),
                "Basic " + java.util.Base64.getEncoder().encodeToString("rsa-client:x".getBytes()), TOKEN_ENDPOINT,
                NOW);
        ClientAuthentication.Result.Failed f = assertInstanceOf(ClientAuthentication.Result.Failed.class,
                authentication.authenticate(both));
        assertEquals(AuthFailure.MULTIPLE_METHODS, f.reason());
    }

    @Test
    void clientIdInTheBodyMustMatchTheAssertion() {
        ClientAuthentication.Result.Failed f = assertInstanceOf(ClientAuthentication.Result.Failed.class,
                authentication.authenticate(request(TOKEN_ENDPOINT, "client_id", "ec-client",
                        "client_assertion_type", PrivateKeyJwtAuthenticator.JWT_BEARER,
                        "client_assertion", assertion("rsa-client", b -> { }))));
        assertEquals(AuthFailure.CLIENT_ID_MISMATCH, f.reason());
    }

    @Test
    void aRefusedAssertionDoesNotSpendItsJti() {
        String jti = "kept-" + UUID.randomUUID();
        refused(withAssertion(assertion("rsa-client", b -> b.jwtID(jti).audience("https://elsewhere"))),
                AuthFailure.ASSERTION_AUDIENCE);
        ok(withAssertion(assertion("rsa-client", b -> b.jwtID(jti))));
    }
}
