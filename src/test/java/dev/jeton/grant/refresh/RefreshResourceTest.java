package dev.jeton.grant.refresh;

import com.nimbusds.jwt.SignedJWT;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.ResourceAccess;
import dev.jeton.config.JetonSettings;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.grant.UserGrantFixture;
import dev.jeton.grant.family.RefreshTokenRecord;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.token.GrantResult;
import dev.jeton.token.TokenResponse;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jeton.grant.UserGrantFixture.at;
import static dev.jeton.token.CoreFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** RFC 8707 §2.2 at refresh: any subset of the grant's resources, never more; the successor keeps them all. */
class RefreshResourceTest {

    private static final String MCP = "https://mcp.example.com/";
    private static final String TOOLS = "https://tools.example.com/";

    private UserGrantFixture f;
    private RefreshTokenGrantHandler handler;
    private RegisteredClient web;

    @BeforeEach
    void setUp() throws Exception {
        f = new UserGrantFixture(Map.of(JetonSettings.REFRESH_REUSE_GRACE, "0"));
        handler = new RefreshTokenGrantHandler();
        handler.families = f.stores;
        handler.tokens = f.tokens;
        handler.issuance = f.issuance;
        web = f.web.withResources(new ResourceAccess(List.of(MCP, TOOLS, "https://third.example.com/"), false));
    }

    private String start(List<String> resources) {
        String familyId = TokenIds.random(128);
        f.stores.createFamily(TokenFamily.opened(familyId, "web", "user-123", "api.read", NOW.minusSeconds(100),
                NOW.plusSeconds(86_400)).withResources(resources));
        String token = TokenIds.random(256);
        f.stores.saveRefreshToken(RefreshTokenRecord.live(TokenHashes.sha256(token), familyId, "web", "api.read",
                NOW.minusSeconds(100), NOW.plusSeconds(3600)));
        return token;
    }

    private GrantResult refresh(String token, String... resources) {
        List<String> pairs = new ArrayList<>(List.of("grant_type", "refresh_token", "refresh_token", token));
        for (String r : resources) {
            pairs.add("resource");
            pairs.add(r);
        }
        return handler.handle(at(NOW, pairs.toArray(String[]::new)), web);
    }

    private static List<String> aud(GrantResult result) throws Exception {
        TokenResponse response = assertInstanceOf(GrantResult.Granted.class, result).response();
        return SignedJWT.parse(response.accessToken()).getJWTClaimsSet().getAudience();
    }

    @Test
    void aRefreshMayAskForOneResourceOfTheGrantAndItsSuccessorStillCoversAll() throws Exception {
        String token = start(List.of(MCP, TOOLS));
        GrantResult first = refresh(token, TOOLS);
        assertEquals(List.of(TOOLS), aud(first));
        String successor = assertInstanceOf(GrantResult.Granted.class, first).response().refreshToken();
        assertEquals(List.of(MCP), aud(refresh(successor, MCP)), "the successor keeps the grant's resources");
    }

    @Test
    void aRefreshWithoutResourceIsForAllOfTheGrant() throws Exception {
        assertEquals(List.of(MCP, TOOLS), aud(refresh(start(List.of(MCP, TOOLS)))));
    }

    @Test
    void aRefreshAskingForMoreThanTheGrantIsInvalidTargetAndDoesNotSpendTheToken() throws Exception {
        String token = start(List.of(MCP));
        GrantResult.Refused refused = assertInstanceOf(GrantResult.Refused.class,
                refresh(token, MCP, "https://third.example.com/"));
        assertEquals(OAuthErrorCode.INVALID_TARGET, refused.error().code());
        assertFalse(f.stores.findRefreshToken(TokenHashes.sha256(token)).orElseThrow().consumed());
        assertEquals(List.of(MCP), aud(refresh(token, MCP)));
    }
}
