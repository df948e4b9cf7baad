package dev.jeton.grant.authorizationcode;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.ResourceAccess;
import dev.jeton.config.JetonSettings;
import dev.jeton.config.ResourceSettings;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.grant.UserGrantFixture;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.token.GrantResult;
import dev.jeton.token.TokenResponse;
import dev.jeton.vocabulary.TokenHashes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.jeton.grant.UserGrantFixture.REDIRECT;
import static dev.jeton.grant.UserGrantFixture.VERIFIER;
import static dev.jeton.grant.UserGrantFixture.at;
import static dev.jeton.token.CoreFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** RFC 8707 §2.2 at the code redemption: the token's aud is the resource(s), never one the code lacks. */
class AuthorizationCodeResourceTest {

    private static final String MCP = "https://mcp.example.com/";
    private static final String TOOLS = "https://tools.example.com/";

    private UserGrantFixture f;
    private AuthorizationCodeGrantHandler handler;
    private RegisteredClient web;

    @BeforeEach
    void setUp() throws Exception {
        Map<String, String> props = Map.of("jeton.resources.\"" + TOOLS + "\".access-token-ttl-seconds", "60",
                "jeton.resources.\"" + TOOLS + "\".scopes", "api.read");
        f = new UserGrantFixture(Map.of(JetonSettings.REFRESH_REUSE_GRACE, "0"), ResourceSettings.from(
                name -> Optional.ofNullable(props.get(name)), props.keySet(), SigningAlgorithm.RS256));
        handler = new AuthorizationCodeGrantHandler();
        handler.codes = f.stores;
        handler.families = f.stores;
        handler.issuance = f.issuance;
        web = f.web.withResources(new ResourceAccess(List.of(MCP, TOOLS), false));
    }

    private GrantResult redeem(String code, String... resources) {
        List<String> pairs = new java.util.ArrayList<>(List.of("grant_type", "authorization_code", "code", code,
                "code_verifier", VERIFIER, "redirect_uri", REDIRECT));
        for (String r : resources) {
            pairs.add("resource");
            pairs.add(r);
        }
        return handler.handle(at(NOW, pairs.toArray(String[]::new)), web);
    }

    private static JWTClaimsSet access(GrantResult result) throws Exception {
        TokenResponse response = assertInstanceOf(GrantResult.Granted.class, result).response();
        return SignedJWT.parse(response.accessToken()).getJWTClaimsSet();
    }

    @Test
    void withoutResourceAtTheTokenEndpointTheTokenIsForEveryResourceOfTheCode() throws Exception {
        String code = f.codeFor(web, "openid offline_access api.read", List.of(MCP, TOOLS));
        JWTClaimsSet claims = access(redeem(code));
        assertEquals(List.of(MCP, TOOLS), claims.getAudience());
        TokenFamily family = f.stores.findFamily(f.stores.find(TokenHashes.sha256(code)).orElseThrow().familyId())
                .orElseThrow();
        assertEquals(List.of(MCP, TOOLS), family.resources(), "the refresh token remembers the grant's resources");
    }

    @Test
    void aTokenRequestNamingOneResourceGetsATokenForThatOneOnly() throws Exception {
        String code = f.codeFor(web, "openid offline_access api.read", List.of(MCP, TOOLS));
        JWTClaimsSet claims = access(redeem(code, MCP));
        assertEquals(List.of(MCP), claims.getAudience());
    }

    @Test
    void perResourceSettingsShortenTheTokenAndNarrowItsScope() throws Exception {
        String code = f.codeFor(web, "openid offline_access api.read", List.of(MCP, TOOLS));
        GrantResult result = redeem(code, TOOLS);
        TokenResponse response = assertInstanceOf(GrantResult.Granted.class, result).response();
        assertEquals(60, response.expiresIn());
        assertEquals("api.read", response.scope(), "the access token's scope, as RFC 6749 §5.1 returns it");
        assertEquals(List.of(TOOLS), access(result).getAudience());
        assertEquals("api.read", access(result).getStringClaim("scope"));
    }

    @Test
    void aResourceTheCodeDoesNotCoverIsInvalidTargetAndTheCodeStaysUnspent() throws Exception {
        String code = f.codeFor(web, "openid api.read", List.of(MCP));
        GrantResult.Refused refused = assertInstanceOf(GrantResult.Refused.class, redeem(code, TOOLS));
        assertEquals(OAuthErrorCode.INVALID_TARGET, refused.error().code());
        assertEquals(400, refused.error().httpStatus());
        assertFalse(f.stores.find(TokenHashes.sha256(code)).orElseThrow().consumed(), "a correctable mistake");
        assertEquals(List.of(MCP), access(redeem(code, MCP)).getAudience());
    }

    @Test
    void aCodeWithoutResourcesCoversNoneAndKeepsTheDefaultAudience() throws Exception {
        String code = f.codeFor(web, "openid api.read", List.of());
        assertEquals(OAuthErrorCode.INVALID_TARGET,
                assertInstanceOf(GrantResult.Refused.class, redeem(code, MCP)).error().code());
        assertFalse(access(redeem(code)).getAudience().contains(MCP));
    }

    @Test
    void aMalformedResourceIsInvalidTarget() {
        String code = f.codeFor(web, "openid api.read", List.of(MCP));
        assertEquals(OAuthErrorCode.INVALID_TARGET,
                assertInstanceOf(GrantResult.Refused.class, redeem(code, "relative/path")).error().code());
    }
}
