package dev.jeton.lifecycle;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7009 over in-memory stores and real keys. */
class TokenRevocationTest {

    private static final Instant NOW = Instant.now();
    private LifecycleFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new LifecycleFixture();
    }

    private AuditEvent revoke(String token, String hint, String clientId) {
        return f.revocation.revoke(token, hint, f.clients.get(clientId), NOW, "192.0.2.1");
    }

    @Test
    void revokingARefreshTokenRevokesItsFamilyWithItsAccessTokens() {
        String refresh = f.refreshToken("fam", "web", NOW);
        String jti = TokenIds.jwtId();
        String access = f.accessToken("web", LifecycleFixture.ISSUER, Duration.ofMinutes(10), jti);
        f.grants.recordAccessToken(jti, "fam", NOW.plusSeconds(600));

        AuditEvent event = revoke(refresh, "refresh_token", "web");

        assertTrue(f.grants.revokedFamilies.contains("fam"));
        assertTrue(f.grants.isAccessTokenRevoked(jti));
        assertFalse(f.introspection.introspect(access, null, f.clients.get("web"), NOW).active());
        assertFalse(f.introspection.introspect(refresh, null, f.clients.get("web"), NOW).active());
        assertEquals(AuditEventName.TOKEN_REVOKED, event.name());
        assertEquals(AuditEvent.Outcome.SUCCESS, event.outcome());
        assertEquals("refresh_token", event.reason());
        assertEquals("user-1", event.subject());
    }

    @Test
    void revokingAnAccessTokenRecordsItsJtiWithItsExpiry() {
        String jti = TokenIds.jwtId();
        String access = f.accessToken("web", LifecycleFixture.ISSUER, Duration.ofMinutes(10), jti);

        AuditEvent event = revoke(access, null, "web");

        assertTrue(f.revocations.isRevoked(jti));
        Instant expiry = f.revocations.expiries.get(jti);
        assertTrue(expiry.isAfter(NOW.plusSeconds(500)) && expiry.isBefore(NOW.plusSeconds(700)), expiry.toString());
        assertEquals("access_token", event.reason());
        assertEquals(jti, event.tokenId());
    }

    @Test
    void anotherClientsTokensAreLeftAloneAndNothingIsRevealed() {
        String refresh = f.refreshToken("fam", "web", NOW);
        String jti = TokenIds.jwtId();
        String access = f.accessToken("web", LifecycleFixture.ISSUER, Duration.ofMinutes(10), jti);

        AuditEvent a = revoke(refresh, null, "other");
        AuditEvent b = revoke(access, null, "other");

        assertFalse(f.grants.revokedFamilies.contains("fam"));
        assertFalse(f.revocations.isRevoked(jti));
        assertEquals(TokenRevocation.Ignored.FOREIGN_TOKEN.name(), a.reason());
        assertEquals(TokenRevocation.Ignored.FOREIGN_TOKEN.name(), b.reason());
        assertEquals(AuditEvent.Outcome.FAILURE, a.outcome());
        assertNull(a.subject(), "the event does not name another client's user");
    }

    @Test
    void anUnknownTokenChangesNothing() {
        AuditEvent event = revoke("no-such-token", null, "web");

        assertEquals(TokenRevocation.Ignored.UNKNOWN_TOKEN.name(), event.reason());
        assertTrue(f.revocations.expiries.isEmpty());
        assertTrue(f.grants.revokedFamilies.isEmpty());
    }

    @Test
    void revokingTwiceIsHarmless() {
        String refresh = f.refreshToken("fam", "web", NOW);
        revoke(refresh, null, "web");
        AuditEvent again = revoke(refresh, null, "web");

        assertEquals("refresh_token", again.reason());
        assertTrue(f.grants.findFamily("fam").orElseThrow().revoked());
        assertTrue(f.grants.findRefreshToken(TokenHashes.sha256(refresh)).orElseThrow().consumed());
    }
}
