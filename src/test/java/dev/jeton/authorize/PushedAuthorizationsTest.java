package dev.jeton.authorize;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.client.AssertionFixture;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientAuthRequest;
import dev.jeton.client.ClientAuthentication;
import dev.jeton.client.ClientKeySettings;
import dev.jeton.client.ClientKeys;
import dev.jeton.client.ClientSecretBasicAuthenticator;
import dev.jeton.client.ClientSecretPostAuthenticator;
import dev.jeton.client.PrivateKeyJwtAuthenticator;
import dev.jeton.client.PublicClientAuthenticator;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.SecurityProfile;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.replay.MemoryReplayStore;
import dev.jeton.request.FormParameters;
import dev.jeton.token.CoreFixture;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pushed authorization requests (RFC 9126) and request objects (RFC 9101) around the authorization endpoint. */
class PushedAuthorizationsTest {

    private static final Instant NOW = CoreFixture.NOW;
    private static final String ISSUER = "https://as.example.com";
    private static final URI PAR = URI.create(ISSUER + "/oauth/par");
    private static final String REDIRECT = "https://client.example.org/cb";
    private static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    /** The store's contract in memory: found until spent or expired, spent once. */
    static final class MemoryPushedRequests implements PushedRequestStore {
        final Map<String, Object[]> rows = new HashMap<>();

        @Override
        public synchronized void save(String uriHash, String clientId, String parameters, Instant createdAt,
                                      Instant expiresAt) {
            rows.put(uriHash, new Object[]{clientId, parameters, expiresAt, false});
        }

        @Override
        public synchronized Optional<Pushed> find(String uriHash, String clientId, Instant now) {
            Object[] row = rows.get(uriHash);
            if (row == null || !row[0].equals(clientId) || (boolean) row[3] || !now.isBefore((Instant) row[2])) {
                return Optional.empty();
            }
            return Optional.of(new Pushed((String) row[0], (String) row[1]));
        }

        @Override
        public synchronized boolean spend(String uriHash, Instant now) {
            Object[] row = rows.get(uriHash);
            if (row == null || (boolean) row[3]) {
                return false;
            }
            row[3] = true;
            return true;
        }
    }

    private final CoreFixture core;
    private final Map<String, RegisteredClient> clients = new HashMap<>();
    private final MemoryPushedRequests store = new MemoryPushedRequests();
    private final PushedAuthorizations pushed;
    private final dev.jeton.dpop.DpopVerifier dpop;

    PushedAuthorizationsTest() throws Exception {
        core = new CoreFixture(Map.of("jeton.scopes.default", ""));
        // RFC 8707: registered for two resources (the tests without resource are unaffected)
        clients.put("strong", client("strong", false).withResources(new dev.jeton.client.ResourceAccess(
                List.of("https://mcp.example.com/", "https://tools.example.com/"), false)));
        clients.put("par-only", client("par-only", true));
        MemoryReplayStore replay = new MemoryReplayStore();
        ClientKeys keys = new ClientKeys((uri, t) -> {
            throw new java.io.IOException("offline");
        }, ClientKeySettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        ClientAuthentication authentication = new ClientAuthentication(id -> Optional.ofNullable(clients.get(id)),
                List.of(new ClientSecretBasicAuthenticator(), new ClientSecretPostAuthenticator(),
                        new PublicClientAuthenticator(), new PrivateKeyJwtAuthenticator(keys, replay,
                                ClientKeySettings.defaults(), URI.create(ISSUER), URI.create(ISSUER + "/oauth/token"))));
        dpop = new dev.jeton.dpop.DpopVerifier(dev.jeton.dpop.DpopSettings.from(name -> Optional.ofNullable(Map.of(
                dev.jeton.dpop.DpopSettings.NONCE_SECRET, "a-nonce-secret-of-at-least-thirty-two-characters")
                .get(name))), replay);
        pushed = new PushedAuthorizations(authentication, id -> Optional.ofNullable(clients.get(id)), store, keys,
                replay, core.settings, ParSettings.defaults(), dpop);
    }

    private static RegisteredClient client(String id, boolean requirePar) {
        return new RegisteredClient(id, id, null, ClientAuthMethod.PRIVATE_KEY_JWT, Set.of("authorization_code"),
                Set.of("openid", "api.read"), List.of(REDIRECT), null, null, null, true, false, null,
                new SecurityProfile(AssertionFixture.publicJwks(AssertionFixture.RSA), null, null, null, false, false,
                        requirePar));
    }

    private static String assertion(String clientId) {
        return AssertionFixture.sign(AssertionFixture.RSA, JWSAlgorithm.RS256, new JWTClaimsSet.Builder()
                .issuer(clientId).subject(clientId).audience(PAR.toString())
                .expirationTime(Date.from(NOW.plusSeconds(60))).jwtID(UUID.randomUUID().toString()).build());
    }

    private static String requestObject(String clientId, Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(clientId).audience(ISSUER)
                .expirationTime(Date.from(NOW.plusSeconds(300))).claim("client_id", clientId)
                .claim("response_type", "code").claim("redirect_uri", REDIRECT).claim("scope", "openid api.read")
                .claim("state", "inside").claim("code_challenge", CHALLENGE).claim("code_challenge_method", "S256")
                .claim("max_age", 300L);
        change.accept(b);
        return AssertionFixture.sign(AssertionFixture.RSA, JWSAlgorithm.RS256, b.build());
    }

    private static FormParameters form(String... pairs) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            list.add(new AbstractMap.SimpleImmutableEntry<>(pairs[i], pairs[i + 1]));
        }
        return FormParameters.of(list);
    }

    private PushedAuthorizations.PushOutcome push(String clientId, String... more) {
        List<String> pairs = new ArrayList<>(List.of("client_assertion_type", PrivateKeyJwtAuthenticator.JWT_BEARER,
                "client_assertion", assertion(clientId)));
        pairs.addAll(List.of(more));
        return pushed.push(new ClientAuthRequest(form(pairs.toArray(String[]::new)), null, PAR, NOW), "192.0.2.1");
    }

    private static String[] authorizationRequest() {
        return new String[]{"response_type", "code", "redirect_uri", REDIRECT, "scope", "openid api.read",
                "state", "s-1", "code_challenge", CHALLENGE, "code_challenge_method", "S256"};
    }

    private AuthorizationRequest validated(FormParameters p) {
        ValidationOutcome v = new AuthorizationRequestValidator(id -> Optional.ofNullable(clients.get(id)),
                new dev.jeton.token.ScopePolicy(core.settings)).validate(p);
        return assertInstanceOf(ValidationOutcome.Valid.class, v).request();
    }

    @Test
    void aPushedRequestStaysUsableUntilItsAuthorizationCompletesAndIsSpentThen() {
        // RFC 9126 §4 (issue #14: a reload of the sign-in page was refused)
        var created = assertInstanceOf(PushedAuthorizations.PushOutcome.Created.class,
                push("strong", authorizationRequest()));
        assertTrue(created.requestUri().startsWith("urn:ietf:params:oauth:request_uri:"));
        assertEquals(60, created.expiresIn());
        assertEquals("par_accepted", created.events().get(0).name().wireValue());

        FormParameters atAuthorize = form("client_id", "strong", "request_uri", created.requestUri());
        var resolved = assertInstanceOf(PushedAuthorizations.Resolution.Resolved.class,
                pushed.resolve(atAuthorize, NOW.plusSeconds(5)));
        AuthorizationRequest request = resolved.request(validated(resolved.parameters()));
        assertEquals("s-1", request.state());
        assertEquals("strong", request.clientId());
        assertEquals(dev.jeton.vocabulary.TokenHashes.sha256(created.requestUri()), request.pushedRequest());

        // the user reloads: the same request again
        var reloaded = assertInstanceOf(PushedAuthorizations.Resolution.Resolved.class,
                pushed.resolve(atAuthorize, NOW.plusSeconds(6)));
        assertEquals(request, reloaded.request(validated(reloaded.parameters())));

        // the authorization completes once; after that the request_uri is spent
        assertTrue(pushed.complete(request, NOW.plusSeconds(7)));
        assertFalse(pushed.complete(request, NOW.plusSeconds(7)), "a second completion (another tab) gets nothing");
        var again = assertInstanceOf(PushedAuthorizations.Resolution.Refused.class,
                pushed.resolve(atAuthorize, NOW.plusSeconds(8)));
        assertEquals("REQUEST_URI_INVALID", again.reason());
    }

    private PushedAuthorizations.PushOutcome pushWithProof(String proof, String... more) {
        List<String> pairs = new ArrayList<>(List.of("client_assertion_type", PrivateKeyJwtAuthenticator.JWT_BEARER,
                "client_assertion", assertion("strong")));
        pairs.addAll(List.of(more));
        return pushed.push(new ClientAuthRequest(form(pairs.toArray(String[]::new)), null, PAR, NOW), List.of(proof),
                "192.0.2.1");
    }

    private AuthorizationRequest resolvedRequest(PushedAuthorizations.PushOutcome outcome) {
        var created = assertInstanceOf(PushedAuthorizations.PushOutcome.Created.class, outcome);
        var resolved = assertInstanceOf(PushedAuthorizations.Resolution.Resolved.class,
                pushed.resolve(form("client_id", "strong", "request_uri", created.requestUri()), NOW));
        return resolved.request(validated(resolved.parameters()));
    }

    @Test
    void aDpopProofAtParBindsTheCodeToItsKeyAsDpopJktWould() throws Exception {
        // RFC 9449 §10.1
        com.nimbusds.jose.jwk.ECKey key = AssertionFixture.EC;
        String thumbprint = key.toPublicJWK().computeThumbprint().toString();
        AuthorizationRequest byProof = resolvedRequest(pushWithProof(dev.jeton.dpop.DpopProofs.proof(key, "POST",
                PAR.toString(), NOW), authorizationRequest()));
        assertEquals(thumbprint, byProof.dpopJkt());

        List<String> both = new ArrayList<>(List.of(authorizationRequest()));
        both.addAll(List.of("dpop_jkt", thumbprint));
        assertEquals(thumbprint, resolvedRequest(pushWithProof(dev.jeton.dpop.DpopProofs.proof(key, "POST",
                PAR.toString(), NOW), both.toArray(String[]::new))).dpopJkt(), "the same key twice is fine");

        List<String> other = new ArrayList<>(List.of(authorizationRequest()));
        other.addAll(List.of("dpop_jkt", "x".repeat(43)));
        var mismatch = assertInstanceOf(PushedAuthorizations.PushOutcome.Denied.class, pushWithProof(
                dev.jeton.dpop.DpopProofs.proof(key, "POST", PAR.toString(), NOW), other.toArray(String[]::new)));
        assertEquals(OAuthErrorCode.INVALID_DPOP_PROOF, mismatch.error().code());
        assertEquals("DPOP_JKT_MISMATCH", mismatch.events().get(0).reason());

        var wrongTarget = assertInstanceOf(PushedAuthorizations.PushOutcome.Denied.class, pushWithProof(
                dev.jeton.dpop.DpopProofs.proof(key, "POST", ISSUER + "/oauth/token", NOW), authorizationRequest()));
        assertEquals(OAuthErrorCode.INVALID_DPOP_PROOF, wrongTarget.error().code());
        assertTrue(wrongTarget.events().get(0).reason().startsWith("DPOP_PROOF_INVALID"));
    }

    @Test
    void dpopJktAloneIsKeptAndAMalformedOneRefused() {
        List<String> withJkt = new ArrayList<>(List.of(authorizationRequest()));
        withJkt.addAll(List.of("dpop_jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"));
        assertEquals("0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I",
                resolvedRequest(push("strong", withJkt.toArray(String[]::new))).dpopJkt());
        List<String> malformed = new ArrayList<>(List.of(authorizationRequest()));
        malformed.addAll(List.of("dpop_jkt", "not-a-thumbprint"));
        assertEquals(OAuthErrorCode.INVALID_REQUEST, assertInstanceOf(PushedAuthorizations.PushOutcome.Denied.class,
                push("strong", malformed.toArray(String[]::new))).error().code());
    }

    @Test
    void aRequestThatWasNotPushedCompletesWithoutASpend() {
        assertTrue(pushed.complete(validated(form("client_id", "strong", "response_type", "code", "redirect_uri",
                REDIRECT, "scope", "openid", "code_challenge", CHALLENGE, "code_challenge_method", "S256")), NOW));
    }

    @Test
    void requestUriOfAnotherClientOrExpiredIsRefused() {
        var created = (PushedAuthorizations.PushOutcome.Created) push("strong", authorizationRequest());
        assertInstanceOf(PushedAuthorizations.Resolution.Refused.class,
                pushed.resolve(form("client_id", "par-only", "request_uri", created.requestUri()), NOW));
        // another client's attempt does not use it up
        assertInstanceOf(PushedAuthorizations.Resolution.Resolved.class,
                pushed.resolve(form("client_id", "strong", "request_uri", created.requestUri()), NOW));
        var late = (PushedAuthorizations.PushOutcome.Created) push("strong", authorizationRequest());
        assertInstanceOf(PushedAuthorizations.Resolution.Refused.class,
                pushed.resolve(form("client_id", "strong", "request_uri", late.requestUri()), NOW.plusSeconds(60)));
    }

    @Test
    void pushIsValidatedLikeTheAuthorizationEndpoint() {
        var denied = assertInstanceOf(PushedAuthorizations.PushOutcome.Denied.class, push("strong",
                "response_type", "code", "redirect_uri", "https://evil.example.com/cb", "code_challenge", CHALLENGE,
                "code_challenge_method", "S256"));
        assertEquals(OAuthErrorCode.INVALID_REQUEST, denied.error().code());
        var scope = assertInstanceOf(PushedAuthorizations.PushOutcome.Denied.class, push("strong",
                "response_type", "code", "redirect_uri", REDIRECT, "scope", "admin", "code_challenge", CHALLENGE,
                "code_challenge_method", "S256"));
        assertEquals(OAuthErrorCode.INVALID_SCOPE, scope.error().code());
        var noPkce = assertInstanceOf(PushedAuthorizations.PushOutcome.Denied.class, push("strong",
                "response_type", "code", "redirect_uri", REDIRECT));
        assertEquals("INVALID_AUTHORIZATION_REQUEST", noPkce.events().get(0).reason());
    }

    @Test
    void pushNeedsClientAuthentication() {
        var denied = assertInstanceOf(PushedAuthorizations.PushOutcome.Denied.class, pushed.push(
                new ClientAuthRequest(form("client_id", "strong", "response_type", "code"), null, PAR, NOW), "x"));
        assertEquals(OAuthErrorCode.INVALID_CLIENT, denied.error().code());
        assertEquals("par_denied", denied.events().get(0).name().wireValue());
    }

    @Test
    void aFapi2ClientsRequestUriLivesLessThan600SecondsAndItsPlainHttpRedirectIsRefused() {
        // FAPI 2.0 Security Profile §5.3.2.2 (12) "expires_in values of less than 600 seconds" whatever the operator
        // set, and (8) no authorization response over an unencrypted connection (a loopback one aside)
        String plainHttp = "http://client.example.org/cb";
        clients.put("fapi", new RegisteredClient("fapi", "fapi", null, ClientAuthMethod.PRIVATE_KEY_JWT,
                Set.of("authorization_code"), Set.of("openid", "api.read"), List.of(REDIRECT, plainHttp), null, null,
                null, true, false, null, AssertionFixture.inline(AssertionFixture.RSA).withFapi2(true)));
        clients.put("plain", new RegisteredClient("plain", "plain", null, ClientAuthMethod.PRIVATE_KEY_JWT,
                Set.of("authorization_code"), Set.of("openid", "api.read"), List.of(REDIRECT, plainHttp), null, null,
                null, true, false, null, AssertionFixture.inline(AssertionFixture.RSA)));
        ClientKeys keys = new ClientKeys((uri, t) -> {
            throw new java.io.IOException("offline");
        }, ClientKeySettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        PushedAuthorizations longLived = new PushedAuthorizations(new ClientAuthentication(
                id -> Optional.ofNullable(clients.get(id)), List.of(new PrivateKeyJwtAuthenticator(keys,
                        new MemoryReplayStore(), ClientKeySettings.defaults(), URI.create(ISSUER),
                        URI.create(ISSUER + "/oauth/token")))),
                id -> Optional.ofNullable(clients.get(id)), store, keys, new MemoryReplayStore(), core.settings,
                ParSettings.from(name -> Optional.ofNullable(Map.of(ParSettings.REQUEST_URI_TTL, "900").get(name))),
                dpop);
        java.util.function.BiFunction<String, String, PushedAuthorizations.PushOutcome> push = (clientId, redirect) -> {
            // the FAPI client's assertion names the issuer as a string and is PS256 (§5.3.2.1 (8), §5.4.1)
            String assertion = AssertionFixture.sign(AssertionFixture.RSA, JWSAlgorithm.PS256, new JWTClaimsSet.Builder()
                    .issuer(clientId).subject(clientId).audience(ISSUER).expirationTime(Date.from(NOW.plusSeconds(60)))
                    .jwtID(UUID.randomUUID().toString()).build());
            List<String> pairs = new ArrayList<>(List.of("client_assertion_type", PrivateKeyJwtAuthenticator.JWT_BEARER,
                    "client_assertion", assertion));
            pairs.addAll(List.of(authorizationRequest()));
            pairs.set(pairs.indexOf("redirect_uri") + 1, redirect);
            return longLived.push(new ClientAuthRequest(form(pairs.toArray(String[]::new)), null, PAR, NOW), "x");
        };
        assertEquals(599, assertInstanceOf(PushedAuthorizations.PushOutcome.Created.class,
                push.apply("fapi", REDIRECT)).expiresIn());
        assertEquals(900, assertInstanceOf(PushedAuthorizations.PushOutcome.Created.class,
                push.apply("plain", REDIRECT)).expiresIn());
        var refused = assertInstanceOf(PushedAuthorizations.PushOutcome.Denied.class, push.apply("fapi", plainHttp));
        assertEquals(OAuthErrorCode.INVALID_REQUEST, refused.error().code());
        assertInstanceOf(PushedAuthorizations.PushOutcome.Created.class, push.apply("plain", plainHttp));
    }

    @Test
    void requestUriCannotBePushed() {
        var denied = assertInstanceOf(PushedAuthorizations.PushOutcome.Denied.class, push("strong",
                "request_uri", "urn:ietf:params:oauth:request_uri:x"));
        assertEquals("REQUEST_URI_PUSHED", denied.events().get(0).reason());
    }

    @Test
    void resourcesArePushedAsParametersOrAsAnArrayInTheRequestObject() {
        // RFC 8707 §2 with RFC 9126 and RFC 9101: a repeated form parameter, or a JSON array inside the object
        List<String> pairs = new ArrayList<>(List.of(authorizationRequest()));
        pairs.addAll(List.of("resource", "https://mcp.example.com/", "resource", "https://tools.example.com/"));
        PushedAuthorizations.PushOutcome outcome = push("strong", pairs.toArray(String[]::new));
        assertEquals(List.of("https://mcp.example.com/", "https://tools.example.com/"),
                assertInstanceOf(PushedAuthorizations.PushOutcome.Created.class, outcome).events().get(0).resources(),
                "par_accepted names the resources");
        assertEquals(List.of("https://mcp.example.com/", "https://tools.example.com/"),
                resolvedRequest(outcome).resources());
        assertEquals(List.of("https://tools.example.com/", "https://mcp.example.com/"), resolvedRequest(push("strong",
                "request", requestObject("strong", b -> b.claim("resource", List.of("https://tools.example.com/",
                        "https://mcp.example.com/"))))).resources());
        assertEquals(List.of("https://mcp.example.com/"), resolvedRequest(push("strong", "request",
                requestObject("strong", b -> b.claim("resource", "https://mcp.example.com/")))).resources());
    }

    @Test
    void aResourceNotAllowedAtParIsInvalidTarget() {
        List<String> pairs = new ArrayList<>(List.of(authorizationRequest()));
        pairs.addAll(List.of("resource", "https://elsewhere.example.com/"));
        var denied = assertInstanceOf(PushedAuthorizations.PushOutcome.Denied.class,
                push("strong", pairs.toArray(String[]::new)));
        assertEquals(OAuthErrorCode.INVALID_TARGET, denied.error().code());
        assertEquals(400, denied.error().httpStatus());
    }

    @Test
    void parametersInsideAPushedRequestObjectWin() {
        var created = assertInstanceOf(PushedAuthorizations.PushOutcome.Created.class, push("strong",
                "state", "outside", "request", requestObject("strong", b -> { })));
        var resolved = (PushedAuthorizations.Resolution.Resolved) pushed.resolve(
                form("client_id", "strong", "request_uri", created.requestUri()), NOW);
        AuthorizationRequest request = validated(resolved.parameters());
        assertEquals("inside", request.state());
        assertEquals(300L, request.maxAge());
    }

    @Test
    void requestObjectAtTheAuthorizationEndpointIsVerified() {
        FormParameters sent = form("client_id", "strong", "response_type", "code", "state", "outside",
                "request", requestObject("strong", b -> { }));
        var resolved = assertInstanceOf(PushedAuthorizations.Resolution.Resolved.class, pushed.resolve(sent, NOW));
        assertEquals("inside", validated(resolved.parameters()).state());
    }

    @Test
    void badRequestObjectsAreRefusedWithTheFailedCheck() {
        Map<String, Consumer<JWTClaimsSet.Builder>> cases = new java.util.LinkedHashMap<>(Map.of(
                "ISSUER", b -> b.issuer("someone"),
                "AUDIENCE", b -> b.audience("https://other.example.com"),
                "EXPIRED", b -> b.expirationTime(Date.from(NOW.minusSeconds(60))),
                "CLIENT_ID", b -> b.claim("client_id", "par-only"),
                "NESTED", b -> b.claim("request_uri", "urn:x")));
        // FAPI 2.0 Security Profile §5.3.2.1 (13): iat or nbf more than 60 s ahead
        cases.put("NOT_YET_VALID", b -> b.issueTime(Date.from(NOW.plusSeconds(61))));
        cases.forEach((failure, change) -> {
            var refused = assertInstanceOf(PushedAuthorizations.Resolution.Refused.class, pushed.resolve(
                    form("client_id", "strong", "request", requestObject("strong", change)), NOW), failure);
            assertEquals("REQUEST_OBJECT_INVALID:" + failure, refused.reason());
            assertTrue(refused.requestObjectInvalid(), "may be redirected once the outer request checks out");
        });
        var ahead = pushed.resolve(form("client_id", "strong", "request", requestObject("strong",
                b -> b.issueTime(Date.from(NOW.plusSeconds(10))).notBeforeTime(Date.from(NOW.plusSeconds(10))))), NOW);
        assertTrue(!(ahead instanceof PushedAuthorizations.Resolution.Refused), "10 s ahead is accepted: " + ahead);
        String otherKey = AssertionFixture.sign(AssertionFixture.RSA_OTHER, JWSAlgorithm.RS256,
                new JWTClaimsSet.Builder().issuer("strong").audience(ISSUER)
                        .expirationTime(Date.from(NOW.plusSeconds(60))).build());
        assertEquals("REQUEST_OBJECT_INVALID:BAD_SIGNATURE", ((PushedAuthorizations.Resolution.Refused)
                pushed.resolve(form("client_id", "strong", "request", otherKey), NOW)).reason());
        var pushedBad = assertInstanceOf(PushedAuthorizations.PushOutcome.Denied.class,
                push("strong", "request", requestObject("strong", b -> b.issuer("someone"))));
        assertEquals(OAuthErrorCode.INVALID_REQUEST_OBJECT, pushedBad.error().code());
    }

    @Test
    void aClientThatMustPushCannotSendItsRequestDirectly() {
        List<String> pairs = new ArrayList<>(List.of("client_id", "par-only"));
        pairs.addAll(List.of(authorizationRequest()));
        var refused = assertInstanceOf(PushedAuthorizations.Resolution.Refused.class,
                pushed.resolve(form(pairs.toArray(String[]::new)), NOW));
        assertEquals("PAR_REQUIRED", refused.reason());
        var created = (PushedAuthorizations.PushOutcome.Created) push("par-only", authorizationRequest());
        assertInstanceOf(PushedAuthorizations.Resolution.Resolved.class,
                pushed.resolve(form("client_id", "par-only", "request_uri", created.requestUri()), NOW));
    }

    // --- OIDC Core §6.2, RFC 9101 §5.2: request_uri by reference (issue #14) ---

    private static final String HOSTED = "https://client.example.org/requests/r1.jwt";

    /** A client that registered {@link #HOSTED} in request_uris, and what its URL serves (fetches are counted). */
    private PushedAuthorizations byReference(boolean requireRegistration, Map<String, String> served,
                                             List<String> fetched) {
        clients.put("hosting", client("hosting", false).withOidc(new dev.jeton.client.OidcClientOptions(null,
                Set.of(), List.of(HOSTED + "#v1"))));
        RequestUriSource source = uri -> {
            fetched.add(uri);
            String body = served.get(uri);
            return body == null ? new RequestUriSource.Result.Refused("bad_status")
                    : new RequestUriSource.Result.Fetched(body);
        };
        return new PushedAuthorizations(null, id -> Optional.ofNullable(clients.get(id)), store,
                new ClientKeys((uri, t) -> {
                    throw new java.io.IOException("offline");
                }, ClientKeySettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC)), new MemoryReplayStore(),
                core.settings, ParSettings.defaults(), dev.jeton.throttle.ClientAuthenticationGate.open(), dpop,
                dev.jeton.config.ResourceSettings.NONE, source, DynamicOpSettings.from(name -> Optional.ofNullable(
                Map.of(DynamicOpSettings.REQUIRE_REQUEST_URI_REGISTRATION, String.valueOf(requireRegistration))
                        .get(name))));
    }

    @Test
    void aRegisteredRequestUriIsFetchedAndTreatedAsARequestObject() {
        List<String> fetched = new ArrayList<>();
        PushedAuthorizations p = byReference(true, Map.of(HOSTED + "#v2", requestObject("hosting", b -> { })),
                fetched);
        var resolved = assertInstanceOf(PushedAuthorizations.Resolution.Resolved.class, p.resolve(form(
                "client_id", "hosting", "response_type", "code", "scope", "openid", "state", "outside",
                "request_uri", HOSTED + "#v2"), NOW));
        assertEquals(List.of(HOSTED + "#v2"), fetched, "compared without the fragment, fetched once");
        assertFalse(resolved.parameters().has("request_uri"), "nothing left for the validator to refuse");
        AuthorizationRequest request = validated(resolved.parameters());
        assertEquals("inside", request.state(), "the request object's parameters win (RFC 9101 §6.3)");
        assertEquals(null, resolved.pushedRequest(), "nothing to spend: it was not pushed");
    }

    @Test
    void aRequestObjectByReferenceIsVerifiedExactlyAsOneByValue() {
        List<String> fetched = new ArrayList<>();
        PushedAuthorizations p = byReference(true, Map.of(HOSTED, requestObject("hosting", b -> b.audience(
                "https://other.example.com"))), fetched);
        var refused = assertInstanceOf(PushedAuthorizations.Resolution.Refused.class, p.resolve(form(
                "client_id", "hosting", "request_uri", HOSTED), NOW));
        assertEquals("REQUEST_OBJECT_INVALID:AUDIENCE", refused.reason());
        assertEquals(AuthorizationErrorCode.INVALID_REQUEST_OBJECT, refused.redirectCode());
        var unsigned = assertInstanceOf(PushedAuthorizations.Resolution.Refused.class,
                byReference(true, Map.of(HOSTED, new com.nimbusds.jwt.PlainJWT(new JWTClaimsSet.Builder()
                        .issuer("hosting").audience(ISSUER).build()).serialize()), fetched)
                        .resolve(form("client_id", "hosting", "request_uri", HOSTED), NOW));
        assertEquals("REQUEST_OBJECT_INVALID:UNSIGNED", unsigned.reason(), "the request parameter's own policy");
    }

    @Test
    void anUnregisteredRequestUriIsNeverFetched() {
        List<String> fetched = new ArrayList<>();
        PushedAuthorizations p = byReference(true, Map.of(), fetched);
        for (String uri : List.of("https://client.example.org/requests/other.jwt", "https://attacker.example/r.jwt",
                HOSTED + "?x=1", "http://client.example.org/requests/r1.jwt")) {
            var refused = assertInstanceOf(PushedAuthorizations.Resolution.Refused.class, p.resolve(form(
                    "client_id", "hosting", "request_uri", uri), NOW), uri);
            assertEquals("REQUEST_URI_NOT_REGISTERED", refused.reason());
            assertEquals(AuthorizationErrorCode.INVALID_REQUEST_URI, refused.redirectCode());
        }
        assertEquals(List.of(), fetched);
    }

    @Test
    void withoutRequiredRegistrationAnyUrlGoesToTheGuardedFetcherWhichDecides() {
        List<String> fetched = new ArrayList<>();
        PushedAuthorizations p = byReference(false, Map.of(), fetched);
        var refused = assertInstanceOf(PushedAuthorizations.Resolution.Refused.class, p.resolve(form(
                "client_id", "hosting", "request_uri", "https://elsewhere.example/r.jwt"), NOW));
        assertEquals("REQUEST_URI_FETCH_FAILED:bad_status", refused.reason());
        assertEquals(AuthorizationErrorCode.INVALID_REQUEST_URI, refused.redirectCode());
        assertEquals(List.of("https://elsewhere.example/r.jwt"), fetched);
    }

    @Test
    void requestAndRequestUriTogetherAreRefused() {
        List<String> fetched = new ArrayList<>();
        var refused = assertInstanceOf(PushedAuthorizations.Resolution.Refused.class,
                byReference(true, Map.of(HOSTED, requestObject("hosting", b -> { })), fetched).resolve(form(
                        "client_id", "hosting", "request_uri", HOSTED, "request", requestObject("hosting", b -> { })),
                        NOW));
        assertEquals("REQUEST_AND_REQUEST_URI", refused.reason());
        assertEquals(AuthorizationErrorCode.INVALID_REQUEST, refused.redirectCode());
        assertEquals(List.of(), fetched);
    }

    @Test
    void aClientThatMustPushNeverHasARequestUriFetched() {
        List<String> fetched = new ArrayList<>();
        PushedAuthorizations p = byReference(false, Map.of(HOSTED, requestObject("par-only", b -> { })), fetched);
        var refused = assertInstanceOf(PushedAuthorizations.Resolution.Refused.class, p.resolve(form(
                "client_id", "par-only", "request_uri", HOSTED), NOW));
        assertEquals("PAR_REQUIRED", refused.reason());
        clients.put("fapi", client("fapi", false).withSecurity(client("fapi", false).security().withFapi2(true))
                .withOidc(new dev.jeton.client.OidcClientOptions(null, Set.of(), List.of(HOSTED))));
        assertEquals("PAR_REQUIRED", ((PushedAuthorizations.Resolution.Refused) p.resolve(form(
                "client_id", "fapi", "request_uri", HOSTED), NOW)).reason(), "FAPI 2.0: PAR request_uris only");
        assertEquals(List.of(), fetched);
    }

    @Test
    void anUnknownClientsRequestUriIsNeitherFetchedNorRedirected() {
        List<String> fetched = new ArrayList<>();
        var refused = assertInstanceOf(PushedAuthorizations.Resolution.Refused.class,
                byReference(false, Map.of(), fetched).resolve(form("client_id", "nobody", "request_uri", HOSTED), NOW));
        assertEquals("UNKNOWN_CLIENT", refused.reason());
        assertEquals(null, refused.redirectCode());
        assertEquals(List.of(), fetched);
    }
}
