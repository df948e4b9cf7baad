package dev.jeton.lifecycle;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.RegisteredClient;
import dev.jeton.grant.MemoryGrantStores;
import dev.jeton.grant.family.RefreshTokenRecord;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.jose.AccessTokenVerifier;
import dev.jeton.jose.JwtAccessTokenIssuer;
import dev.jeton.token.AccessTokenClaims;
import dev.jeton.token.CoreFixture;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Real keys, a real verifier and in-memory stores. Access tokens are minted against the wall clock
 * because the verifier checks {@code exp} against it, as it does in the server.
 */
final class LifecycleFixture {

    static final String ISSUER = "https://as.example.com";

    final CoreFixture core;
    final MemoryGrantStores grants = new MemoryGrantStores();
    final MemoryRevocationStore revocations = new MemoryRevocationStore();
    final Map<String, RegisteredClient> clients = new HashMap<>();
    final JwtAccessTokenIssuer issuer;
    final AccessTokenVerifier verifier;
    final TokenIntrospection introspection;
    final TokenRevocation revocation;

    LifecycleFixture() throws Exception {
        core = new CoreFixture();
        issuer = new JwtAccessTokenIssuer(core.keys);
        verifier = new AccessTokenVerifier(core.keys, core.settings);
        add(client("web", null));
        add(client("other", null));
        add(client("api-server", "https://api.example.com"));
        introspection = new TokenIntrospection(verifier, grants, revocations,
                id -> Optional.ofNullable(clients.get(id)), core.settings);
        revocation = new TokenRevocation(verifier, grants, revocations);
    }

    static RegisteredClient client(String id, String audience) {
        return new RegisteredClient(id, id, null, ClientAuthMethod.CLIENT_SECRET_BASIC,
                Set.of("client_credentials", "authorization_code", "refresh_token"), Set.of("api.read"), List.of(),
                audience, null, null, true);
    }

    void add(RegisteredClient client) {
        clients.put(client.clientId(), client);
    }

    /** A signed access token of {@code clientId}, issued now, with the given audience and lifetime. */
    String accessToken(String clientId, String audience, Duration ttl, String jwtId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return issuer.issue(new AccessTokenClaims(ISSUER, "user-1", List.of(audience), clientId, "api.read",
                now.minusSeconds(5), now.plus(ttl), jwtId));
    }

    String accessToken(String clientId) {
        return accessToken(clientId, ISSUER, Duration.ofMinutes(10), TokenIds.jwtId());
    }

    /** A family of {@code clientId} with one live refresh token; returns the token's value. */
    String refreshToken(String familyId, String clientId, Instant now) {
        grants.createFamily(new TokenFamily(familyId, clientId, "user-1", "openid api.read", now, now,
                now.plus(Duration.ofDays(30)), null, null));
        String value = TokenIds.random(256);
        grants.saveRefreshToken(new RefreshTokenRecord(TokenHashes.sha256(value), familyId, clientId,
                "openid api.read", now, now.plus(Duration.ofDays(14)), null, null, null));
        return value;
    }
}
