package dev.jeton.grant;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientSecrets;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.ResourceSettings;
import dev.jeton.grant.authorizationcode.AuthorizationCode;
import dev.jeton.grant.authorizationcode.Pkce;
import dev.jeton.grant.issuance.TokenIssuance;
import dev.jeton.grant.issuance.UserTokens;
import dev.jeton.jose.JwtAccessTokenIssuer;
import dev.jeton.jose.JwtIdTokenIssuer;
import dev.jeton.token.CoreFixture;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;
import dev.jeton.token.TokenRequest;
import dev.jeton.user.ClaimsSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The real token minting (keys, JWTs, policy) over in-memory grant stores, at a fixed time. */
public final class UserGrantFixture {

    public static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    public static final String REDIRECT = "https://client.example.org/cb";
    public static final String SECRET = ClientSecrets.generate();

    public final CoreFixture core;
    public final MemoryGrantStores stores = new MemoryGrantStores();
    public final UserTokens tokens;
    /** Where the issuance reads user claims from; a test may replace it. */
    public ClaimsSource claims = (subject, scopes, names) -> Map.of();
    /** The real issuance over the in-memory stores and {@link #claims}. */
    public final TokenIssuance issuance;
    public final RegisteredClient web = new RegisteredClient("web", "Web app", ClientSecrets.hash(SECRET),
            ClientAuthMethod.CLIENT_SECRET_BASIC, Set.of("authorization_code", "refresh_token"),
            Set.of("openid", "profile", "offline_access", "api.read"), List.of(REDIRECT), null, null, null, true);
    public final RegisteredClient spa = new RegisteredClient("spa", "SPA", null, ClientAuthMethod.NONE,
            Set.of("authorization_code", "refresh_token"), Set.of("openid", "offline_access"),
            List.of("http://127.0.0.1:9876/cb"), null, null, null, true);

    public UserGrantFixture(Map<String, String> settings) throws Exception {
        this(settings, ResourceSettings.NONE);
    }

    /** With the operator's resource policy (RFC 8707). */
    public UserGrantFixture(Map<String, String> settings, ResourceSettings resources) throws Exception {
        core = new CoreFixture(settings);
        tokens = new UserTokens(core.settings, new JwtAccessTokenIssuer(core.keys), new JwtIdTokenIssuer(core.keys),
                resources);
        issuance = new TokenIssuance(tokens, stores, (subject, scopes, names) -> claims.claims(subject, scopes, names));
    }

    /** Stores a code as the authorization endpoint would, and returns its value. */
    public String code(RegisteredClient client, String scope, String nonce, Instant authTime, String claims) {
        String code = TokenIds.random(256);
        stores.save(new AuthorizationCode(TokenHashes.sha256(code), client.clientId(), client.redirectUris().get(0),
                Pkce.challengeOf(VERIFIER), scope, nonce, "user-123", authTime, CoreFixture.NOW.plusSeconds(60),
                claims));
        return code;
    }

    /** A code whose authorization request named {@code resources} (RFC 8707). */
    public String codeFor(RegisteredClient client, String scope, List<String> resources) {
        String code = TokenIds.random(256);
        stores.save(new AuthorizationCode(TokenHashes.sha256(code), client.clientId(), client.redirectUris().get(0),
                Pkce.challengeOf(VERIFIER), scope, null, "user-123", CoreFixture.NOW.minusSeconds(30),
                CoreFixture.NOW.plusSeconds(60), null, null, resources));
        return code;
    }

    /** A code bound to a DPoP key (RFC 9449 §10 dpop_jkt). */
    public String codeBoundTo(RegisteredClient client, String scope, String dpopJkt) {
        String code = TokenIds.random(256);
        stores.save(new AuthorizationCode(TokenHashes.sha256(code), client.clientId(), client.redirectUris().get(0),
                Pkce.challengeOf(VERIFIER), scope, null, "user-123", CoreFixture.NOW.minusSeconds(30),
                CoreFixture.NOW.plusSeconds(60), null, dpopJkt));
        return code;
    }

    /** A code whose authorization request had no PKCE challenge (a client with require_pkce false). */
    public String codeWithoutPkce(RegisteredClient client, String scope, String nonce, Instant authTime) {
        String code = TokenIds.random(256);
        stores.save(new AuthorizationCode(TokenHashes.sha256(code), client.clientId(), client.redirectUris().get(0),
                null, scope, nonce, "user-123", authTime, CoreFixture.NOW.plusSeconds(60), null));
        return code;
    }

    public static TokenRequest at(Instant when, String... pairs) {
        TokenRequest r = CoreFixture.request(null, pairs);
        return new TokenRequest(r.parameters(), null, r.requestUri(), r.clientAddress(), when);
    }
}
