package dev.jeton.grant.devicecode;

import com.nimbusds.jwt.SignedJWT;
import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientAuthentication;
import dev.jeton.client.ClientSecretBasicAuthenticator;
import dev.jeton.client.ClientSecretPostAuthenticator;
import dev.jeton.client.PublicClientAuthenticator;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.ResourceAccess;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.grant.UserGrantFixture;
import dev.jeton.token.CoreFixture;
import dev.jeton.token.GrantResult;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.token.TokenRequest;
import dev.jeton.token.TokenResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.jeton.throttle.ClientAuthenticationGate;
import dev.jeton.throttle.MemoryThrottleStore;
import dev.jeton.throttle.ThrottleSettings;

import static dev.jeton.grant.UserGrantFixture.at;
import static dev.jeton.token.CoreFixture.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 8628 §3.1-§3.5 on in-memory stores at fixed times: request, activation, polling, tokens once. */
class DeviceFlowTest {

    private static final String GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    private static final Instant AUTH_TIME = NOW.plusSeconds(20);

    private UserGrantFixture f;
    private MemoryDeviceStore store;
    private DeviceAuthorizationEndpoint endpoint;
    private DeviceCodeGrantHandler handler;
    private DeviceActivation activation;
    private final List<AuditEvent> activationEvents = new ArrayList<>();
    private final RegisteredClient tv = new RegisteredClient("tv", "Living-room TV", null, ClientAuthMethod.NONE,
            Set.of(GRANT, "refresh_token"), Set.of("openid", "offline_access", "api.read"), List.of(), null, null,
            null, true);
    /** RFC 8707: a device client registered for one MCP server. */
    private final RegisteredClient agent = new RegisteredClient("agent-tv", "Agent TV", null, ClientAuthMethod.NONE,
            Set.of(GRANT, "refresh_token"), Set.of("api.read"), List.of(), null, null, null, true)
            .withResources(new ResourceAccess(List.of("https://mcp.example.com/", "https://tools.example.com/"),
                    false));
    private final RegisteredClient other = new RegisteredClient("other-tv", "Other TV", null, ClientAuthMethod.NONE,
            Set.of(GRANT), Set.of("api.read"), List.of(), null, null, null, true);

    @BeforeEach
    void setUp() throws Exception {
        f = new UserGrantFixture(Map.of());
        f.core.add(tv);
        f.core.add(other);
        f.core.add(agent);
        store = new MemoryDeviceStore();
        var authentication = new ClientAuthentication(id -> Optional.ofNullable(f.core.clients.get(id)), List.of(
                new ClientSecretBasicAuthenticator(), new ClientSecretPostAuthenticator(),
                new PublicClientAuthenticator()));
        endpoint = new DeviceAuthorizationEndpoint(authentication, store,
                DeviceSettings.from(name -> Optional.empty()), f.core.settings);
        handler = new DeviceCodeGrantHandler();
        handler.devices = store;
        handler.issuance = f.issuance;
        activation = new DeviceActivation(store, DeviceSettings.from(name -> Optional.empty()),
                new MemoryThrottleStore(100), activationEvents::add);
    }

    private DeviceAuthorizationResponse start(String clientId, String scope) {
        TokenRequest request = scope == null ? at(NOW, "client_id", clientId) : at(NOW, "client_id", clientId,
                "scope", scope);
        var started = assertInstanceOf(DeviceAuthorizationOutcome.Started.class, endpoint.process(request));
        assertEquals(AuditEventName.DEVICE_AUTHORIZATION_REQUESTED, started.events().get(0).name());
        return started.response();
    }

    private GrantResult poll(RegisteredClient client, String deviceCode, Instant when) {
        return handler.handle(at(when, "grant_type", GRANT, "device_code", deviceCode), client);
    }

    private static void assertRefused(OAuthErrorCode code, GrantResult result) {
        assertEquals(code, assertInstanceOf(GrantResult.Refused.class, result).error().code());
    }

    @Test
    void theAnswerHasEveryMemberOfSection32AndStoresOnlyHashes() {
        DeviceAuthorizationResponse r = start("tv", "openid api.read");
        assertTrue(r.userCode().matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}"), r.userCode());
        assertEquals("https://as.example.com/activate", r.verificationUri());
        assertEquals("https://as.example.com/activate?user_code=" + r.userCode(), r.verificationUriComplete());
        assertEquals(600, r.expiresIn());
        assertEquals(5, r.interval());
        assertTrue(r.deviceCode().length() >= 43, "at least 256 bits, base64url");
        DeviceAuthorization stored = store.findByDeviceCode(TokenHashes.sha256(r.deviceCode())).orElseThrow();
        assertEquals(TokenHashes.sha256(r.userCode().replace("-", "")), stored.userCodeHash());
        assertEquals("openid api.read", stored.scope());
    }

    @Test
    void pollingGoesPendingThenSlowDownWithAGrowingIntervalThenTokensOnce() throws Exception {
        DeviceAuthorizationResponse r = start("tv", "openid offline_access api.read");
        String code = r.deviceCode();

        assertRefused(OAuthErrorCode.AUTHORIZATION_PENDING, poll(tv, code, NOW));
        // §3.5: 2 s after the last poll with an interval of 5 s: slow down, and the interval is now 10 s
        assertRefused(OAuthErrorCode.SLOW_DOWN, poll(tv, code, NOW.plusSeconds(2)));
        assertEquals(Duration.ofSeconds(10), store.findByDeviceCode(TokenHashes.sha256(code)).orElseThrow().interval());
        // 7 s later is enough for the old interval but not for the new one
        assertRefused(OAuthErrorCode.SLOW_DOWN, poll(tv, code, NOW.plusSeconds(9)));
        assertEquals(Duration.ofSeconds(15), store.findByDeviceCode(TokenHashes.sha256(code)).orElseThrow().interval());
        assertRefused(OAuthErrorCode.AUTHORIZATION_PENDING, poll(tv, code, NOW.plusSeconds(24)));

        // the user types the code in lower case with a space instead of the dash (§6.1)
        String typed = r.userCode().toLowerCase().replace('-', ' ');
        assertEquals(DeviceActivation.Decided.DONE, activation.decide(typed, true, "user-123", AUTH_TIME,
                NOW.plusSeconds(30), "198.51.100.7"));
        assertEquals(List.of(AuditEventName.DEVICE_APPROVED),
                activationEvents.stream().map(AuditEvent::name).toList());
        assertEquals(DeviceActivation.Decided.NO_LONGER_PENDING, activation.decide(typed, false, "user-123",
                AUTH_TIME, NOW.plusSeconds(31), null), "a decision is taken once");
        assertEquals(1, activationEvents.size(), "no event for a decision not taken");

        GrantResult.Granted granted = assertInstanceOf(GrantResult.Granted.class, poll(tv, code, NOW.plusSeconds(40)));
        TokenResponse tokens = granted.response();
        assertEquals("user-123", granted.subject());
        assertEquals("openid offline_access api.read", tokens.scope());
        assertNotNull(tokens.refreshToken());
        SignedJWT idToken = SignedJWT.parse(tokens.idToken());
        assertEquals("user-123", idToken.getJWTClaimsSet().getSubject());
        assertEquals(AUTH_TIME.getEpochSecond(), ((Number) idToken.getJWTClaimsSet().getClaim("auth_time")).longValue());
        assertEquals(AuditEventName.DEVICE_TOKENS_ISSUED, granted.events().get(0).name());
        assertTrue(f.stores.familyOfAccessToken(granted.tokenId()).isPresent(), "the access token is in a family");

        assertRefused(OAuthErrorCode.INVALID_GRANT, poll(tv, code, NOW.plusSeconds(60)));
    }

    @Test
    void aDpopProofBindsTheTokensAndThePublicClientsRefreshTokensToItsKey() throws Exception {
        DeviceAuthorizationResponse r = start("tv", "openid offline_access api.read");
        activation.decide(r.userCode(), true, "user-123", AUTH_TIME, NOW.plusSeconds(5), null);
        String jkt = "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I";
        // RFC 9449 §5: the same binding as the code flow gives
        GrantResult.Granted granted = assertInstanceOf(GrantResult.Granted.class, handler.handle(
                at(NOW.plusSeconds(10), "grant_type", GRANT, "device_code", r.deviceCode()).withDpopKey(jkt), tv));
        assertEquals("DPoP", granted.response().tokenType());
        SignedJWT access = SignedJWT.parse(granted.response().accessToken());
        assertEquals(Map.of("jkt", jkt), access.getJWTClaimsSet().getJSONObjectClaim("cnf"));
        assertEquals(jkt, f.stores.familyOfAccessToken(granted.tokenId()).orElseThrow().dpopKeyThumbprint(),
                "a public client's refresh tokens are bound to the key");
    }

    @Test
    void aCertificateBoundPollGetsTokensBoundToTheCertificateAndThePublicClientsRefreshTokensToo() throws Exception {
        // RFC 8705 §3.1 for the device grant; §4: a public client's refresh tokens are bound to the certificate
        DeviceAuthorizationResponse r = start("tv", "openid offline_access api.read");
        activation.decide(r.userCode(), true, "user-123", AUTH_TIME, NOW.plusSeconds(5), null);
        var certificate = dev.jeton.mtls.TestCertificates.selfSigned("CN=tv").asClientCertificate();
        GrantResult.Granted granted = assertInstanceOf(GrantResult.Granted.class, handler.handle(
                dev.jeton.token.CoreFixture.boundTo(at(NOW.plusSeconds(10), "grant_type", GRANT, "device_code",
                        r.deviceCode()), certificate), tv));
        assertEquals(Map.of("x5t#S256", certificate.thumbprint()),
                dev.jeton.token.CoreFixture.cnf(granted.response().accessToken()));
        assertEquals(certificate.thumbprint(),
                f.stores.familyOfAccessToken(granted.tokenId()).orElseThrow().certificateThumbprint());
    }

    @Test
    void failedClientAuthenticationsAreThrottledAsAtTheTokenEndpoint() {
        // 3 failures per client id within 300 s, then 429 slow_down (the same gate as /oauth/token)
        var gated = new DeviceAuthorizationEndpoint(new ClientAuthentication(
                id -> Optional.ofNullable(f.core.clients.get(id)), List.of(new ClientSecretBasicAuthenticator(),
                new ClientSecretPostAuthenticator(), new PublicClientAuthenticator())), store,
                DeviceSettings.from(name -> Optional.empty()), f.core.settings, ClientAuthenticationGate.with(
                new ThrottleSettings(Duration.ofSeconds(300), 3, 3, 100, 1000)));
        for (int i = 0; i < 3; i++) {
            var denied = assertInstanceOf(DeviceAuthorizationOutcome.Denied.class,
                    gated.process(at(NOW.plusSeconds(i), "client_id", "ghost-tv")));
            assertEquals(OAuthErrorCode.INVALID_CLIENT, denied.error().code());
        }
        var throttled = assertInstanceOf(DeviceAuthorizationOutcome.Denied.class,
                gated.process(at(NOW.plusSeconds(5), "client_id", "ghost-tv")));
        assertEquals(OAuthErrorCode.SLOW_DOWN, throttled.error().code());
        assertEquals(429, throttled.error().httpStatus());
        assertTrue(throttled.events().stream().anyMatch(e -> e.name() == AuditEventName.CLIENT_AUTHENTICATION_THROTTLED
                || "THROTTLED".equals(e.reason())), "audited");
    }

    @Test
    void aDeniedDeviceHearsAccessDenied() {
        DeviceAuthorizationResponse r = start("tv", "api.read");
        assertEquals(DeviceActivation.Decided.DONE, activation.decide(r.userCode(), false, "user-123", AUTH_TIME,
                NOW.plusSeconds(10), null));
        assertRefused(OAuthErrorCode.ACCESS_DENIED, poll(tv, r.deviceCode(), NOW.plusSeconds(20)));
    }

    @Test
    void anExpiredDeviceCodeHearsExpiredTokenAndCannotBeApprovedAnyMore() {
        DeviceAuthorizationResponse r = start("tv", "api.read");
        Instant late = NOW.plusSeconds(600);
        assertTrue(activation.pending(r.userCode(), late).isEmpty());
        assertEquals(DeviceActivation.Decided.NO_LONGER_PENDING, activation.decide(r.userCode(), true, "user-123",
                AUTH_TIME, late, null));
        assertRefused(OAuthErrorCode.EXPIRED_TOKEN, poll(tv, r.deviceCode(), late));
    }

    @Test
    void aDeviceCodeWorksOnlyForItsOwnClientAndMustBeGiven() {
        DeviceAuthorizationResponse r = start("tv", "api.read");
        assertRefused(OAuthErrorCode.INVALID_GRANT, poll(other, r.deviceCode(), NOW));
        assertRefused(OAuthErrorCode.INVALID_GRANT, poll(tv, "no-such-code", NOW));
        assertRefused(OAuthErrorCode.INVALID_REQUEST, handler.handle(at(NOW, "grant_type", GRANT), tv));
    }

    @Test
    void wrongOrMalformedUserCodesFindNothing() {
        start("tv", "api.read");
        assertTrue(activation.pending("AAAA-AAAA", NOW).isEmpty(), "vowels are not in the alphabet");
        assertTrue(activation.pending("BCDF-GHJ", NOW).isEmpty(), "too short");
        assertTrue(activation.pending(null, NOW).isEmpty());
    }

    @Test
    void theEndpointRefusesClientsWithoutTheGrantAndScopesTheyDoNotHave() {
        f.core.add(new RegisteredClient("web-only", "Web", null, ClientAuthMethod.NONE, Set.of("authorization_code"),
                Set.of("api.read"), List.of("https://x.example/cb"), null, null, null, true));
        var refused = assertInstanceOf(DeviceAuthorizationOutcome.Denied.class,
                endpoint.process(at(NOW, "client_id", "web-only")));
        assertEquals(OAuthErrorCode.UNAUTHORIZED_CLIENT, refused.error().code());
        assertEquals(AuditEventName.DEVICE_AUTHORIZATION_REFUSED, refused.events().get(0).name());

        var badScope = assertInstanceOf(DeviceAuthorizationOutcome.Denied.class,
                endpoint.process(at(NOW, "client_id", "tv", "scope", "admin")));
        assertEquals(OAuthErrorCode.INVALID_SCOPE, badScope.error().code());

        var unknown = assertInstanceOf(DeviceAuthorizationOutcome.Denied.class,
                endpoint.process(at(NOW, "client_id", "nobody")));
        assertEquals(OAuthErrorCode.INVALID_CLIENT, unknown.error().code());

        var twice = assertInstanceOf(DeviceAuthorizationOutcome.Denied.class,
                endpoint.process(at(NOW, "client_id", "tv", "scope", "api.read", "scope", "openid")));
        assertEquals(OAuthErrorCode.INVALID_REQUEST, twice.error().code());
    }

    @Test
    void withoutOfflineAccessAnOpenIdDeviceGetsNoRefreshToken() {
        DeviceAuthorizationResponse r = start("tv", "openid api.read");
        activation.decide(r.userCode(), true, "user-123", AUTH_TIME, NOW.plusSeconds(5), null);
        TokenResponse tokens = assertInstanceOf(GrantResult.Granted.class, poll(tv, r.deviceCode(),
                NOW.plusSeconds(10))).response();
        assertNull(tokens.refreshToken());
        assertNotNull(tokens.idToken());
        assertFalse(tokens.accessToken().isEmpty());
    }

    /** RFC 8707 with RFC 8628: the device names resources; the token request may narrow them, never widen. */
    @Test
    void theDeviceGrantCoversTheResourcesTheDeviceAskedForAndNoOther() throws Exception {
        var started = assertInstanceOf(DeviceAuthorizationOutcome.Started.class, endpoint.process(at(NOW,
                "client_id", "agent-tv", "scope", "api.read", "resource", "https://mcp.example.com/",
                "resource", "https://tools.example.com/")));
        assertEquals(List.of("https://mcp.example.com/", "https://tools.example.com/"),
                started.events().get(0).resources(), "the audit event carries the resources");
        String code = started.response().deviceCode();
        assertEquals(DeviceActivation.Decided.DONE, activation.decide(started.response().userCode(), true,
                "user-123", AUTH_TIME, NOW.plusSeconds(30), null));

        GrantResult.Refused outside = assertInstanceOf(GrantResult.Refused.class, handler.handle(at(
                NOW.plusSeconds(40), "grant_type", GRANT, "device_code", code, "resource",
                "https://other.example.com/"), agent));
        assertEquals(OAuthErrorCode.INVALID_TARGET, outside.error().code());
        TokenResponse tokens = assertInstanceOf(GrantResult.Granted.class, handler.handle(at(NOW.plusSeconds(50),
                "grant_type", GRANT, "device_code", code, "resource", "https://mcp.example.com/"), agent)).response();
        assertEquals(List.of("https://mcp.example.com/"),
                SignedJWT.parse(tokens.accessToken()).getJWTClaimsSet().getAudience());
    }

    @Test
    void aDeviceAskingForAResourceItIsNotRegisteredForIsInvalidTarget() {
        var denied = assertInstanceOf(DeviceAuthorizationOutcome.Denied.class, endpoint.process(at(NOW,
                "client_id", "agent-tv", "resource", "https://elsewhere.example.com/")));
        assertEquals(OAuthErrorCode.INVALID_TARGET, denied.error().code());
        assertEquals("INVALID_TARGET:RESOURCE_NOT_ALLOWED", denied.events().get(0).reason());
        var malformed = assertInstanceOf(DeviceAuthorizationOutcome.Denied.class, endpoint.process(at(NOW,
                "client_id", "agent-tv", "resource", "https://mcp.example.com/#x")));
        assertEquals(OAuthErrorCode.INVALID_TARGET, malformed.error().code());
    }
}
