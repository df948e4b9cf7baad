package dev.jeton.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.client.AssertionFixture;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.PrivateKeyJwtAuthenticator;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.SecurityProfile;
import dev.jeton.dpop.DpopProofs;
import dev.jeton.dpop.DpopSettings;
import dev.jeton.error.OAuthErrorCode;
import org.junit.jupiter.api.Test;

import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.jeton.token.CoreFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

/** DPoP at the token endpoint (RFC 9449 §5, §8): bound tokens, required proofs, nonce challenges. */
class TokenEndpointDpopTest {

    private static final String TOKEN_URL = "https://as.example.com/oauth/token";
    private static final ECKey KEY = AssertionFixture.EC;

    private static RegisteredClient strong(String id, ClientAuthMethod method, boolean dpopBound, boolean nonce) {
        return new RegisteredClient(id, id, method == ClientAuthMethod.CLIENT_SECRET_BASIC
                ? dev.jeton.client.ClientSecrets.hash(CoreFixture.SECRET) : null, method, Set.of("client_credentials"),
                Set.of("api.read"), List.of(), null, null, null, true, false, null,
                new SecurityProfile(AssertionFixture.publicJwks(AssertionFixture.RSA), null, null, null, dpopBound,
                        nonce, false));
    }

    private static TokenRequest withProofs(TokenRequest r, List<String> proofs) {
        return new TokenRequest(r.parameters(), r.authorizationHeader(), r.requestUri(), r.clientAddress(),
                r.receivedAt(), proofs, "POST", null);
    }

    private static TokenRequest clientCredentials(List<String> proofs) {
        return withProofs(CoreFixture.request(CoreFixture.basic("service", CoreFixture.SECRET),
                "grant_type", "client_credentials"), proofs);
    }

    @Test
    void proofBindsTheAccessToken() throws Exception {
        CoreFixture core = new CoreFixture();
        TokenOutcome outcome = core.endpoint.process(clientCredentials(List.of(
                DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW))));
        TokenResponse response = assertInstanceOf(TokenOutcome.Issued.class, outcome).response();
        assertEquals("DPoP", response.tokenType());
        JWTClaimsSet claims = SignedJWT.parse(response.accessToken()).getJWTClaimsSet();
        assertEquals(KEY.toPublicJWK().computeThumbprint().toString(),
                claims.getJSONObjectClaim("cnf").get("jkt"));
    }

    @Test
    void withoutAProofTheTokenIsABearerToken() throws Exception {
        CoreFixture core = new CoreFixture();
        TokenResponse response = assertInstanceOf(TokenOutcome.Issued.class,
                core.endpoint.process(clientCredentials(List.of()))).response();
        assertEquals("Bearer", response.tokenType());
        assertNull(SignedJWT.parse(response.accessToken()).getJWTClaimsSet().getClaim("cnf"));
    }

    @Test
    void twoProofsAreRefusedAndAudited() throws Exception {
        CoreFixture core = new CoreFixture();
        TokenOutcome.Denied denied = assertInstanceOf(TokenOutcome.Denied.class, core.endpoint.process(
                clientCredentials(List.of(DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW),
                        DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW)))));
        assertEquals(OAuthErrorCode.INVALID_DPOP_PROOF, denied.error().code());
        assertEquals("MULTIPLE_PROOFS", denied.events().get(0).reason());
    }

    @Test
    void clientRegisteredForDpopGetsNoBearerToken() throws Exception {
        CoreFixture core = new CoreFixture();
        core.add(strong("bound", ClientAuthMethod.CLIENT_SECRET_BASIC, true, false));
        TokenRequest plain = CoreFixture.request(CoreFixture.basic("bound", CoreFixture.SECRET),
                "grant_type", "client_credentials");
        TokenOutcome.Denied denied = assertInstanceOf(TokenOutcome.Denied.class, core.endpoint.process(plain));
        assertEquals(OAuthErrorCode.INVALID_DPOP_PROOF, denied.error().code());
        assertEquals("PROOF_REQUIRED", denied.events().get(0).reason());
        assertInstanceOf(TokenOutcome.Issued.class, core.endpoint.process(withProofs(plain,
                List.of(DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW)))));
    }

    @Test
    void globalNoncePolicyChallengesAndTheRetrySucceeds() throws Exception {
        CoreFixture core = new CoreFixture(Map.of(DpopSettings.NONCE_REQUIRED, "true"));
        TokenOutcome.Denied challenge = assertInstanceOf(TokenOutcome.Denied.class, core.endpoint.process(
                clientCredentials(List.of(DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW)))));
        assertEquals(OAuthErrorCode.USE_DPOP_NONCE, challenge.error().code());
        String nonce = challenge.error().headers().get("DPoP-Nonce");
        String retry = DpopProofs.proof(KEY, DpopProofs.claims("POST", TOKEN_URL, NOW).claim("nonce", nonce).build(),
                h -> { });
        assertInstanceOf(TokenOutcome.Issued.class, core.endpoint.process(clientCredentials(List.of(retry))));
    }

    @Test
    void aNonceChallengeDoesNotSpendTheClientAssertion() throws Exception {
        CoreFixture core = new CoreFixture();
        core.add(strong("pkjwt", ClientAuthMethod.PRIVATE_KEY_JWT, false, true));
        String assertion = AssertionFixture.sign(AssertionFixture.RSA, JWSAlgorithm.RS256, new JWTClaimsSet.Builder()
                .issuer("pkjwt").subject("pkjwt").audience(TOKEN_URL).expirationTime(Date.from(NOW.plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString()).build());
        TokenRequest request = CoreFixture.request(null, "grant_type", "client_credentials", "client_assertion_type",
                PrivateKeyJwtAuthenticator.JWT_BEARER, "client_assertion", assertion);
        TokenOutcome.Denied challenge = assertInstanceOf(TokenOutcome.Denied.class, core.endpoint.process(
                withProofs(request, List.of(DpopProofs.proof(KEY, "POST", TOKEN_URL, NOW)))));
        assertEquals(OAuthErrorCode.USE_DPOP_NONCE, challenge.error().code());
        String nonce = challenge.error().headers().get("DPoP-Nonce");
        String retry = DpopProofs.proof(KEY, DpopProofs.claims("POST", TOKEN_URL, NOW).claim("nonce", nonce).build(),
                h -> { });
        TokenResponse response = assertInstanceOf(TokenOutcome.Issued.class,
                core.endpoint.process(withProofs(request, List.of(retry)))).response();
        assertEquals("DPoP", response.tokenType());
    }
}
