package dev.jeton.grant.issuance;

import com.nimbusds.jwt.SignedJWT;
import dev.jeton.config.JetonSettings;
import dev.jeton.grant.UserGrantFixture;
import dev.jeton.grant.family.RefreshTokenRecord;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.token.GrantResult;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.token.TokenResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.jeton.token.CoreFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one issuance of the user grants, token exchange's refresh token and refresh rotation (issue 12). */
class TokenIssuanceTest {

    private static final Instant AUTH_TIME = NOW.minusSeconds(30);
    private UserGrantFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new UserGrantFixture(Map.of(JetonSettings.REFRESH_IDLE_TTL, "600",
                JetonSettings.REFRESH_ABSOLUTE_TTL, "3600"));
        f.claims = (subject, scopes, names) -> names.contains("email") ? Map.of("email", "u@example.com") : Map.of();
    }

    @Test
    void mintingStoresNothingRecordingOpensTheWholeFamily() throws Exception {
        TokenIssuance.Minted minted = f.issuance.userGrant(f.web, "user-1", "openid offline_access api.read")
                .authenticatedAt(AUTH_TIME).nonce("n-1").idTokenClaims(Set.of("email"))
                .userinfoClaims(Set.of("phone_number")).dpopKey("thumb-1").mint(NOW);
        assertTrue(f.stores.findFamily(minted.familyId()).isEmpty(), "nothing is stored before the code is spent");
        assertTrue(f.stores.familyOfAccessToken(minted.accessJwtId()).isEmpty());

        GrantResult.Granted granted = minted.record(List.of());

        TokenResponse response = granted.response();
        assertEquals("DPoP", response.tokenType());
        assertEquals("openid offline_access api.read", response.scope());
        assertEquals("user-1", granted.subject());
        assertEquals(minted.accessJwtId(), granted.tokenId());
        var idToken = SignedJWT.parse(response.idToken()).getJWTClaimsSet();
        assertEquals("n-1", idToken.getStringClaim("nonce"));
        assertEquals("u@example.com", idToken.getStringClaim("email"));
        TokenFamily family = f.stores.findFamily(minted.familyId()).orElseThrow();
        assertEquals(AUTH_TIME, family.authTime());
        assertEquals(Set.of("phone_number"), family.userinfoClaimNames());
        assertNull(family.dpopKeyThumbprint(), "a confidential client's refresh tokens are bound by its authentication");
        assertEquals(NOW.plusSeconds(3600), family.absoluteExpiry());
        assertEquals(family, f.stores.familyOfAccessToken(minted.accessJwtId()).orElseThrow());
        RefreshTokenRecord refresh = f.stores.findRefreshToken(TokenHashes.sha256(response.refreshToken()))
                .orElseThrow();
        assertEquals(minted.familyId(), refresh.familyId());
        assertEquals(NOW.plusSeconds(600), refresh.expiresAt());
        assertEquals("openid offline_access api.read", refresh.scope());
    }

    @Test
    void aPublicClientsFamilyIsBoundToItsDpopKey() {
        TokenIssuance.Minted minted = f.issuance.userGrant(f.spa, "user-1", "openid offline_access")
                .dpopKey("thumb-2").mint(NOW);
        minted.record(List.of());
        assertEquals("thumb-2", f.stores.findFamily(minted.familyId()).orElseThrow().dpopKeyThumbprint());
    }

    @Test
    void withoutOfflineAccessAnOpenIdGrantGetsNoRefreshTokenAndABearerToken() {
        GrantResult.Granted granted = f.issuance.userGrant(f.web, "user-1", "openid").mint(NOW).record(List.of());
        assertNull(granted.response().refreshToken());
        assertNotNull(granted.response().idToken());
        assertEquals("Bearer", granted.response().tokenType());
    }

    @Test
    void withoutOpenIdThereIsNoIdToken() {
        GrantResult.Granted granted = f.issuance.userGrant(f.web, "user-1", "api.read").mint(NOW).record(List.of());
        assertNull(granted.response().idToken());
        assertNotNull(granted.response().refreshToken());
    }

    @Test
    void anExchangedRefreshTokenOpensAFamilyBoundToTheProofKeyEvenForAConfidentialClient() {
        TokenIssuance.ExchangedRefresh issued = f.issuance.openExchangedFamily(f.web, "user-1", "api.read",
                "thumb-3", NOW);
        RefreshTokenRecord record = f.stores.findRefreshToken(TokenHashes.sha256(issued.refreshToken()))
                .orElseThrow();
        TokenFamily family = f.stores.findFamily(record.familyId()).orElseThrow();
        assertEquals("thumb-3", family.dpopKeyThumbprint());
        assertNull(family.authTime());
        assertEquals(Duration.ofSeconds(600), issued.idleTtl());
        assertEquals(NOW.plusSeconds(600), record.expiresAt());
    }

    @Test
    void aSuccessorNeverOutlivesItsFamilyAndKeepsTheSpentTokensScope() {
        TokenFamily family = TokenFamily.opened("fam", "web", "user-1", "openid api.read", NOW.minusSeconds(3500),
                NOW.plusSeconds(100));
        f.stores.createFamily(family);
        RefreshTokenRecord spent = RefreshTokenRecord.live("h0", "fam", "web", "openid api.read",
                NOW.minusSeconds(10), NOW.plusSeconds(500));

        f.issuance.recordRotation(family, spent, f.web, "h1", "jti-1", NOW.plusSeconds(300), NOW);

        RefreshTokenRecord successor = f.stores.findRefreshToken("h1").orElseThrow();
        assertEquals(NOW.plusSeconds(100), successor.expiresAt(), "capped at the family's absolute expiry");
        assertEquals("openid api.read", successor.scope());
        assertEquals("fam", f.stores.familyOfAccessToken("jti-1").orElseThrow().id());
    }
}
