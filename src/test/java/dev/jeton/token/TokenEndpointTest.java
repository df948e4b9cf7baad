package dev.jeton.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientAuthentication;
import dev.jeton.client.ClientSecretBasicAuthenticator;
import dev.jeton.client.ClientSecrets;
import dev.jeton.grant.clientcredentials.ClientCredentialsGrantHandler;
import dev.jeton.client.RegisteredClient;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.throttle.ClientAuthenticationGate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.jeton.token.CoreFixture.NOW;
import static dev.jeton.token.CoreFixture.SECRET;
import static dev.jeton.token.CoreFixture.basic;
import static dev.jeton.token.CoreFixture.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token endpoint core with the client_credentials grant, at a fixed time. */
class TokenEndpointTest {

    private CoreFixture core;

    @BeforeEach
    void setUp() throws Exception {
        core = new CoreFixture();
    }

    @Test
    void clientCredentialsWithBasicIssuesAnRfc9068AccessToken() throws Exception {
        TokenOutcome outcome = core.endpoint.process(request(basic("service", SECRET),
                "grant_type", "client_credentials", "scope", "api.write"));

        TokenResponse response = assertInstanceOf(TokenOutcome.Issued.class, outcome).response();
        assertEquals("Bearer", response.tokenType());
        assertEquals(600, response.expiresIn());
        assertEquals("api.write", response.scope());
        assertNull(response.refreshToken(), "RFC 6749 §4.4.3: no refresh token for client_credentials");

        SignedJWT jwt = SignedJWT.parse(response.accessToken());
        assertEquals(new JOSEObjectType("at+jwt"), jwt.getHeader().getType());
        assertEquals(core.keys.active().kid(), jwt.getHeader().getKeyID());
        assertTrue(jwt.verify(new ECDSAVerifier((ECKey) core.keys.active().publicJwk())));
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals("https://as.example.com", claims.getIssuer());
        assertEquals("service", claims.getSubject(), "RFC 9068 §2.2: sub is the client for client_credentials");
        assertEquals(List.of("https://as.example.com"), claims.getAudience());
        assertEquals("service", claims.getStringClaim("client_id"));
        assertEquals("api.write", claims.getStringClaim("scope"));
        assertEquals(NOW.getEpochSecond(), claims.getIssueTime().toInstant().getEpochSecond());
        assertEquals(NOW.plusSeconds(600).getEpochSecond(), claims.getExpirationTime().toInstant().getEpochSecond());
        assertFalse(claims.getJWTID().isBlank());
    }

    @Test
    void clientSecretPostIsAccepted() {
        TokenOutcome outcome = core.endpoint.process(request(null, "grant_type", "client_credentials",
                "client_id", "poster", "client_secret", CoreFixture.POST_SECRET));
        assertInstanceOf(TokenOutcome.Issued.class, outcome);
    }

    @Test
    void omittedScopeFallsBackToTheServerDefaultTheClientHas() {
        // RFC 6749 §3.3: the fixture's server default is api.read
        TokenOutcome outcome = core.endpoint.process(request(basic("service", SECRET),
                "grant_type", "client_credentials"));
        assertEquals("api.read", ((TokenOutcome.Issued) outcome).response().scope());
    }

    @Test
    void perClientTtlAndAudienceOverrideTheServerDefaults() throws Exception {
        core.add(new RegisteredClient("short", "short", ClientSecrets.hash(SECRET), ClientAuthMethod.CLIENT_SECRET_BASIC,
                Set.of("client_credentials"), Set.of("api.read"), List.of(), "https://api.example.com",
                Duration.ofSeconds(60), null, true));
        TokenOutcome outcome = core.endpoint.process(request(basic("short", SECRET), "grant_type", "client_credentials"));
        TokenResponse response = ((TokenOutcome.Issued) outcome).response();
        assertEquals(60, response.expiresIn());
        assertEquals(List.of("https://api.example.com"),
                SignedJWT.parse(response.accessToken()).getJWTClaimsSet().getAudience());
    }

    @Test
    void issuanceReturnsOneTokenIssuedEventWithoutAnySecret() throws Exception {
        TokenOutcome outcome = core.endpoint.process(request(basic("service", SECRET), "grant_type", "client_credentials"));
        AuditEvent event = single(outcome.events());
        assertEquals(AuditEventName.TOKEN_ISSUED, event.name());
        assertEquals(AuditEvent.Outcome.SUCCESS, event.outcome());
        assertEquals("service", event.clientId());
        assertEquals("client_credentials", event.grantType());
        assertEquals(SignedJWT.parse(((TokenOutcome.Issued) outcome).response().accessToken()).getJWTClaimsSet()
                .getJWTID(), event.tokenId());
        assertEquals(NOW, event.time());
        assertFalse(event.toString().contains(SECRET));
    }

    @Test
    void repeatedParameterIsInvalidRequestNamingIt() {
        // RFC 6749 §3.1: parameters MUST NOT be included more than once
        assertDenied(request(basic("service", SECRET), "grant_type", "client_credentials", "scope", "a", "scope", "b"),
                OAuthErrorCode.INVALID_REQUEST, 400, "'scope'");
    }

    @Test
    void repeatedGrantTypeIsInvalidRequest() {
        assertDenied(request(basic("service", SECRET), "grant_type", "client_credentials", "grant_type", "x"),
                OAuthErrorCode.INVALID_REQUEST, 400, "'grant_type'");
    }

    @Test
    void missingGrantTypeIsInvalidRequest() {
        assertDenied(request(basic("service", SECRET), "scope", "api.read"), OAuthErrorCode.INVALID_REQUEST, 400,
                "grant_type");
    }

    @Test
    void unknownGrantTypeIsUnsupportedGrantType() {
        assertDenied(request(basic("service", SECRET), "grant_type", "password"),
                OAuthErrorCode.UNSUPPORTED_GRANT_TYPE, 400, null);
    }

    @Test
    void knownGrantWithoutHandlerIsUnsupportedGrantType() {
        // refresh_token is a known wire value but is not served yet: discovery does not list it either
        assertDenied(request(basic("service", SECRET), "grant_type", "refresh_token"),
                OAuthErrorCode.UNSUPPORTED_GRANT_TYPE, 400, null);
    }

    @Test
    void grantNotRegisteredForTheClientIsUnauthorizedClient() {
        assertDenied(request(basic("no-cc", SECRET), "grant_type", "client_credentials"),
                OAuthErrorCode.UNAUTHORIZED_CLIENT, 400, null);
    }

    @Test
    void publicClientCannotUseClientCredentials() {
        // RFC 6749 §4.4: "MUST only be used by confidential clients"
        assertDenied(request(null, "grant_type", "client_credentials", "client_id", "spa"),
                OAuthErrorCode.UNAUTHORIZED_CLIENT, 400, "confidential");
    }

    @Test
    void scopeOutsideTheClientsScopesIsInvalidScope() {
        assertDenied(request(basic("service", SECRET), "grant_type", "client_credentials", "scope", "api.read admin"),
                OAuthErrorCode.INVALID_SCOPE, 400, "admin");
    }

    @Test
    void wrongSecretIsInvalidClientWith401() {
        assertDenied(request(basic("service", "wrong"), "grant_type", "client_credentials"),
                OAuthErrorCode.INVALID_CLIENT, 401, null);
    }

    @Test
    void twoAuthenticationMethodsAreInvalidRequest() {
        // RFC 6749 §2.3: the client MUST NOT use more than one authentication method in each request
        assertDenied(request(basic("service", SECRET), "grant_type", "client_credentials", "client_id", "service",
                "client_secret", SECRET), OAuthErrorCode.INVALID_REQUEST, 400, "more than one");
    }

    @Test
    void aClientMayOnlyUseItsRegisteredMethod() {
        assertDenied(request(null, "grant_type", "client_credentials", "client_id", "service", "client_secret", SECRET),
                OAuthErrorCode.INVALID_CLIENT, 401, null);
    }

    @Test
    void noCredentialsAtAllIsInvalidClient() {
        assertDenied(request(null, "grant_type", "client_credentials"), OAuthErrorCode.INVALID_CLIENT, 401, null);
    }

    @Test
    void denialsReturnATokenDeniedEventWithTheReason() {
        TokenOutcome outcome = core.endpoint.process(request(basic("service", "wrong"), "grant_type", "client_credentials"));
        AuditEvent event = single(outcome.events());
        assertEquals(AuditEventName.TOKEN_DENIED, event.name());
        assertEquals(AuditEvent.Outcome.FAILURE, event.outcome());
        assertEquals("invalid_client", event.errorCode());
        assertEquals("BAD_CREDENTIALS", event.reason());
        assertEquals("service", event.clientId());
        assertEquals("192.0.2.1", event.clientAddress());
    }

    @Test
    void anInternalFaultIsServerErrorWithoutDetail() {
        var failing = new TokenEndpoint(new ClientAuthentication(id -> {
            throw new IllegalStateException("database down: jdbc:h2:/secret/path");
        }, List.of(new ClientSecretBasicAuthenticator())), new GrantHandlers(List.<GrantHandler>of(
                new ClientCredentialsGrantHandler(core.settings, claims -> "unused"))), core.dpop, core.settings,
                ClientAuthenticationGate.open());

        TokenOutcome.Denied denied = assertInstanceOf(TokenOutcome.Denied.class,
                failing.process(request(basic("service", SECRET), "grant_type", "client_credentials")));

        assertEquals(OAuthErrorCode.SERVER_ERROR, denied.error().code());
        assertEquals(500, denied.error().httpStatus());
        assertFalse(denied.error().description().contains("jdbc"));
        assertEquals("SERVER_FAULT", single(denied.events()).reason());
    }

    private void assertDenied(TokenRequest request, OAuthErrorCode code, int status, String descriptionPart) {
        TokenOutcome outcome = core.endpoint.process(request);
        TokenOutcome.Denied denied = assertInstanceOf(TokenOutcome.Denied.class, outcome);
        assertEquals(code, denied.error().code());
        assertEquals(status, denied.error().httpStatus());
        if (descriptionPart != null) {
            assertTrue(denied.error().description().toLowerCase().contains(descriptionPart.toLowerCase()),
                    denied.error().description());
        }
        assertEquals(AuditEventName.TOKEN_DENIED, single(denied.events()).name());
    }

    private static AuditEvent single(List<AuditEvent> events) {
        assertEquals(1, events.size(), events.toString());
        return events.get(0);
    }
}
