package dev.jeton.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.client.fetch.TestDocumentServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Jeton as a client developer meets it: discovery, the token request and the token check all done
 * by a standard OAuth library (Nimbus OAuth 2.0 SDK), with nothing hand-made on the client side;
 * and a client that registers nowhere but names itself by the https URL of its metadata document
 * (draft-ietf-oauth-client-id-metadata-document), served by the test over real HTTPS
 * ({@link MetadataDocuments}), with every check of the document and of the fetch.
 */
@ExtendWith(ArquillianExtension.class)
class StandardClientIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return JetonWar.packaged();
    }

    private static AuthorizationServerMetadata discover() throws Exception {
        return AuthorizationServerMetadata.resolve(new Issuer(Http.base().toString()));
    }

    @Test
    void theLibraryResolvesTheMetadataAndItsIssuerMatches() throws Exception {
        AuthorizationServerMetadata metadata = discover();
        assertEquals(Http.base().toString(), metadata.getIssuer().getValue());
        assertEquals(Http.at("/oauth/token"), metadata.getTokenEndpointURI());
        assertEquals(Http.at("/oauth/jwks"), metadata.getJWKSetURI());
    }

    @Test
    void theLibraryResolvesItAsAnOpenIdProvider() throws Exception {
        // OpenID Connect Discovery §4: the library insists on every required member
        var provider = com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata.resolve(
                new Issuer(Http.base().toString()));
        assertEquals(Http.at("/oauth/authorize"), provider.getAuthorizationEndpointURI());
        assertEquals(Http.at("/oauth/userinfo"), provider.getUserInfoEndpointURI());
        assertTrue(provider.getIDTokenJWSAlgs().contains(JWSAlgorithm.RS256));
    }

    @Test
    void clientSecretBasicThroughTheLibraryGivesATokenThatVerifiesWithTheJwks() throws Exception {
        AuthorizationServerMetadata metadata = discover();
        TokenRequest request = new TokenRequest(metadata.getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(TokenEndpointIT.BASIC_ID), new Secret(TokenEndpointIT.BASIC_SECRET)),
                new ClientCredentialsGrant(), new Scope("api.read", "api.write"));

        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());

        assertTrue(response.indicatesSuccess(), () -> response.toErrorResponse().getErrorObject().toString());
        AccessTokenResponse success = response.toSuccessResponse();
        BearerAccessToken token = assertInstanceOf(BearerAccessToken.class, success.getTokens().getAccessToken());
        assertEquals(Set.of("api.read", "api.write"), Set.copyOf(token.getScope().toStringList()));
        assertEquals(600, token.getLifetime());

        // the resource-server side, as in RFC 9068 §4: JWKS from discovery, typ at+jwt, signature
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier<>(
                new com.nimbusds.jose.JOSEObjectType("at+jwt")));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256),
                JWKSourceBuilder.create(new URL(metadata.getJWKSetURI().toString())).build()));
        JWTClaimsSet claims = processor.process(token.getValue(), null);
        assertEquals(Http.base().toString(), claims.getIssuer());
        assertEquals(TokenEndpointIT.BASIC_ID, claims.getStringClaim("client_id"));
        assertEquals(List.of(Http.base().toString()), claims.getAudience());
    }

    @Test
    void clientSecretPostThroughTheLibrary() throws Exception {
        TokenRequest request = new TokenRequest(discover().getTokenEndpointURI(),
                new ClientSecretPost(new ClientID(TokenEndpointIT.POST_ID), new Secret(TokenEndpointIT.POST_SECRET)),
                new ClientCredentialsGrant(), null);
        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
        assertTrue(response.indicatesSuccess());
    }

    @Test
    void theLibraryReadsOurErrorsAsRfc6749Errors() throws Exception {
        TokenRequest request = new TokenRequest(discover().getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(TokenEndpointIT.BASIC_ID), new Secret("not-the-secret")),
                new ClientCredentialsGrant(), null);
        TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());

        assertFalse(response.indicatesSuccess());
        TokenErrorResponse error = response.toErrorResponse();
        assertEquals("invalid_client", error.getErrorObject().getCode());
        assertEquals(401, error.getErrorObject().getHTTPStatusCode());
    }

    // ---- client ID metadata documents (issue #16) ----

    private static final String CALLBACK = "https://cimd.test/callback";

    private static Map<String, String> authorizationQuery(String clientId, String redirectUri, Pkce pkce) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("scope", "openid offline_access api.read");
        query.put("state", "s-" + UUID.randomUUID());
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        return query;
    }

    private static JsonObject body(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    private static HttpResponse<String> token(Map<String, String> form) {
        return Http.postForm("/oauth/token", Http.form(form));
    }

    /** Follows Jeton's own redirects from {@code response} until a page is shown or a redirect leaves Jeton. */
    private static HttpResponse<String> page(UserAgent agent, HttpResponse<String> response) {
        while (response.statusCode() / 100 == 3) {
            URI location = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            if (!location.toString().startsWith(Http.base().toString())) {
                return response;
            }
            response = agent.get(location);
        }
        return response;
    }

    @Test
    void aPublicClientNamedByItsMetadataDocumentSignsInWithPkceAndRefreshesFetchedOnce() throws Exception {
        TestDocumentServer documents = MetadataDocuments.server();
        String path = MetadataDocuments.path("public");
        String clientId = MetadataDocuments.url(path);
        documents.json(path, MetadataDocuments.publicClient(clientId, CALLBACK).build().toString(),
                "Cache-Control", "public, max-age=300");
        assertTrue(body(Http.get("/.well-known/oauth-authorization-server"))
                .getBoolean("client_id_metadata_document_supported"));

        try (AuditQueue audit = new AuditQueue()) {
            Pkce pkce = Pkce.create();
            UserAgent agent = new UserAgent();
            HttpResponse<String> signIn = agent.signInPage(Http.form(authorizationQuery(clientId, CALLBACK, pkce)));
            assertTrue(signIn.body().contains("cimd.test:" + documents.port()), "the sign-in page names the host");
            assertFalse(signIn.body().contains("logo.png") || signIn.headers().firstValue("Content-Security-Policy")
                    .orElseThrow().contains("img-src"), "issue #16: the document's logo is never loaded");
            HttpResponse<String> consent = page(agent, agent.signIn(signIn, "alice", AuthorizeFlowIT.PASSWORD));
            // draft §6: the host is what the user can check; the name is only the document's claim
            assertTrue(consent.body().contains("<h1><strong>cimd.test:" + documents.port() + "</strong>"),
                    consent.body());
            assertTrue(consent.body().contains("claims to be") && consent.body().contains("Claimed Agent"));
            assertFalse(consent.body().contains("logo.png"), "the document's logo is never loaded");
            URI back = agent.follow(consent, "alice", AuthorizeFlowIT.PASSWORD);
            assertTrue(back.toString().startsWith(CALLBACK + "?"), back.toString());

            Map<String, String> redeem = new LinkedHashMap<>();
            redeem.put("grant_type", "authorization_code");
            redeem.put("code", UserAgent.parameter(back, "code"));
            redeem.put("redirect_uri", CALLBACK);
            redeem.put("client_id", clientId);
            redeem.put("code_verifier", pkce.verifier());
            HttpResponse<String> tokens = token(redeem);
            assertEquals(200, tokens.statusCode(), tokens.body());
            String accessToken = body(tokens).getString("access_token");
            assertEquals(clientId, SignedJWT.parse(accessToken).getJWTClaimsSet().getStringClaim("client_id"));

            HttpResponse<String> refreshed = token(Map.of("grant_type", "refresh_token", "client_id", clientId,
                    "refresh_token", body(tokens).getString("refresh_token")));
            assertEquals(200, refreshed.statusCode(), refreshed.body());
            // authorization, sign-in, consent, code, token and refresh: one fetch, max-age=300 honoured
            assertEquals(1, documents.hits(path));
            audit.await(e -> "client_metadata_document_fetched".equals(e.getString("event"))
                    && clientId.equals(e.getString("client_id", null)));
        }

        // a second authorization by the same user: the consent given to this URL is remembered, no page
        UserAgent agent = new UserAgent();
        HttpResponse<String> next = page(agent, agent.signIn(agent.signInPage(Http.form(
                authorizationQuery(clientId, CALLBACK, Pkce.create()))), "alice", AuthorizeFlowIT.PASSWORD));
        assertEquals(3, next.statusCode() / 100, next.body());
        assertTrue(next.headers().firstValue("Location").orElseThrow().startsWith(CALLBACK + "?code="),
                next.headers().toString());
    }

    @Test
    void aPrivateKeyJwtClientAuthenticatesWithTheKeysOfItsDocument() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("cimd-1").generate();
        TestDocumentServer documents = MetadataDocuments.server();
        String path = MetadataDocuments.path("signed");
        String clientId = MetadataDocuments.url(path);
        JsonObject jwks = Json.createReader(new StringReader(new JWKSet(key.toPublicJWK()).toString())).readObject();
        documents.json(path, MetadataDocuments.publicClient(clientId, CALLBACK)
                .add("token_endpoint_auth_method", "private_key_jwt").add("jwks", jwks)
                .add("grant_types", MetadataDocuments.strings("authorization_code")).build().toString());

        Pkce pkce = Pkce.create();
        URI back = new UserAgent().authorize(Http.form(authorizationQuery(clientId, CALLBACK, pkce)), "alice",
                AuthorizeFlowIT.PASSWORD);
        Map<String, String> redeem = new LinkedHashMap<>();
        redeem.put("grant_type", "authorization_code");
        redeem.put("code", UserAgent.parameter(back, "code"));
        redeem.put("redirect_uri", CALLBACK);
        redeem.put("code_verifier", pkce.verifier());
        redeem.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");

        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("cimd-1").generate();
        redeem.put("client_assertion", assertion(stranger, clientId));
        HttpResponse<String> refused = token(redeem);
        assertEquals(401, refused.statusCode(), refused.body());
        assertEquals("invalid_client", body(refused).getString("error"));

        redeem.put("client_assertion", assertion(key, clientId));
        HttpResponse<String> tokens = token(redeem);
        assertEquals(200, tokens.statusCode(), tokens.body());
        assertEquals(clientId, SignedJWT.parse(body(tokens).getString("access_token")).getJWTClaimsSet()
                .getStringClaim("client_id"));
    }

    private static String assertion(ECKey key, String clientId) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(Http.at("/oauth/token")
                        .toString()).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)))
                        .jwtID(UUID.randomUUID().toString()).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    @Test
    void parAndTheDeviceGrantServeDocumentClientsToo() {
        TestDocumentServer documents = MetadataDocuments.server();
        String path = MetadataDocuments.path("device");
        String clientId = MetadataDocuments.url(path);
        documents.json(path, MetadataDocuments.publicClient(clientId, CALLBACK).add("grant_types", MetadataDocuments
                .strings("authorization_code", "urn:ietf:params:oauth:grant-type:device_code")).build().toString());

        HttpResponse<String> pushed = Http.postForm("/oauth/par",
                Http.form(authorizationQuery(clientId, CALLBACK, Pkce.create())));
        assertEquals(201, pushed.statusCode(), pushed.body());
        assertNotNull(body(pushed).getString("request_uri"));

        HttpResponse<String> device = Http.postForm("/oauth/device_authorization",
                Http.form(Map.of("client_id", clientId, "scope", "api.read")));
        assertEquals(200, device.statusCode(), device.body());
        assertNotNull(body(device).getString("user_code"));
        assertEquals(1, documents.hits(path));
    }

    /**
     * The authorization request of a client whose document is refused ends on Jeton's error page,
     * never at a redirect URI (none is verified), with the reason on the page and in the audit event.
     */
    private static void refusedAtAuthorization(String clientId, String reason, String onThePage) throws Exception {
        try (AuditQueue audit = new AuditQueue()) {
            HttpResponse<String> response = new UserAgent().get(Http.at("/oauth/authorize?" + Http.form(
                    authorizationQuery(clientId, CALLBACK, Pkce.create()))));
            assertEquals(400, response.statusCode(), clientId + ": " + response.body());
            assertTrue(response.headers().firstValue("Location").isEmpty());
            assertTrue(response.body().contains(onThePage), clientId + ": " + response.body());
            if (reason != null) {
                JsonObject event = audit.await(e -> "client_metadata_document_refused".equals(e.getString("event"))
                        && clientId.equals(e.getString("client_id", null))).body();
                assertEquals(reason, event.getString("reason"), event.toString());
            }
        }
    }

    @Test
    void documentsThatBreakTheDraftsRulesAreRefused() throws Exception {
        TestDocumentServer documents = MetadataDocuments.server();

        String mismatch = MetadataDocuments.path("mismatch");
        documents.json(mismatch, MetadataDocuments.publicClient(MetadataDocuments.url("/clients/other.json"),
                CALLBACK).build().toString());
        refusedAtAuthorization(MetadataDocuments.url(mismatch), "client_id_mismatch", "not exactly the URL");

        String secretMethod = MetadataDocuments.path("basic");
        documents.json(secretMethod, MetadataDocuments.publicClient(MetadataDocuments.url(secretMethod), CALLBACK)
                .add("token_endpoint_auth_method", "client_secret_basic").build().toString());
        refusedAtAuthorization(MetadataDocuments.url(secretMethod), "shared_secret", "shared secret");

        String withSecret = MetadataDocuments.path("secret");
        documents.json(withSecret, MetadataDocuments.publicClient(MetadataDocuments.url(withSecret), CALLBACK)
                .add("client_secret", "s3cr3t-in-a-public-document").build().toString());
        refusedAtAuthorization(MetadataDocuments.url(withSecret), "shared_secret", "holds a client_secret");

        String notJson = MetadataDocuments.path("not-json");
        documents.json(notJson, "<html>hello</html>");
        refusedAtAuthorization(MetadataDocuments.url(notJson), "not_json", "not valid JSON");

        // a valid document, but the request's redirect_uri is not among its redirect_uris: the page, no redirect
        String other = MetadataDocuments.path("redirect");
        documents.json(other, MetadataDocuments.publicClient(MetadataDocuments.url(other),
                "https://cimd.test/elsewhere").build().toString());
        refusedAtAuthorization(MetadataDocuments.url(other), null, "not registered for this application");

        refusedAtAuthorization("http://cimd.test:" + documents.port() + MetadataDocuments.path("plain"),
                "not_https", "only https");
    }

    @Test
    void noFetchReachesLoopbackPrivateOrLinkLocalAddresses() throws Exception {
        TestDocumentServer documents = MetadataDocuments.server();
        int port = documents.port();
        String path = MetadataDocuments.path("ssrf");
        // the document exists on 127.0.0.1: only the address rules keep Jeton from it
        documents.json(path, "{}");
        refusedAtAuthorization("https://127.0.0.1:" + port + path, "forbidden_address", "loopback address");
        refusedAtAuthorization("https://[::1]:" + port + path, "forbidden_address", "loopback address");
        refusedAtAuthorization("https://localhost:" + port + path, "forbidden_address", "loopback address");
        refusedAtAuthorization("https://169.254.169.254/latest/meta-data/iam", "forbidden_address",
                "link-local address");
        refusedAtAuthorization("https://[::ffff:a9fe:a9fe]/latest/meta-data", "forbidden_address",
                "link-local address");
        assertEquals(0, documents.hits(path), "nothing reached the document server");

        String moved = MetadataDocuments.path("moved");
        documents.redirect(moved, "https://169.254.169.254/latest/meta-data/");
        refusedAtAuthorization(MetadataDocuments.url(moved), "redirect", "redirects are not followed");

        String huge = MetadataDocuments.path("huge");
        documents.huge(huge, 10 * 1024 * 1024, true);
        refusedAtAuthorization(MetadataDocuments.url(huge), "too_large", "larger than");

        String slow = MetadataDocuments.path("slow");
        documents.slow(slow, 6000, "{}");
        long start = System.nanoTime();
        refusedAtAuthorization(MetadataDocuments.url(slow), "timeout", "no complete answer");
        assertTrue((System.nanoTime() - start) / 1_000_000 < 5000, "the 2 s timeout held");
    }

    @Test
    void theTokenEndpointRefusesARefusedDocumentAsInvalidClientAndTheRefusalIsRemembered() throws Exception {
        TestDocumentServer documents = MetadataDocuments.server();
        String path = MetadataDocuments.path("late");
        String clientId = MetadataDocuments.url(path);
        // not there yet: 404
        Map<String, String> redeem = Map.of("grant_type", "authorization_code", "code", "x", "redirect_uri",
                CALLBACK, "client_id", clientId, "code_verifier", Pkce.create().verifier());
        HttpResponse<String> first = token(redeem);
        assertEquals(401, first.statusCode(), first.body());
        assertEquals("invalid_client", body(first).getString("error"));
        assertTrue(body(first).getString("error_description").contains("answered 404"), first.body());

        // the document appears, but the refusal is remembered for the negative-cache time: no second fetch
        documents.json(path, MetadataDocuments.publicClient(clientId, CALLBACK).build().toString());
        HttpResponse<String> second = token(redeem);
        assertEquals(401, second.statusCode(), second.body());
        assertEquals(1, documents.hits(path));
    }

    // ---- request_uri by reference (OIDC Core §6.2, RFC 9101 §5.2; issue #14) ----

    /**
     * A client registers its request_uris and an RSA key (RFC 7591, OIDC Registration §2), serves an RS256 request
     * object over HTTPS, and sends the browser with only its URL: Jeton fetches it through the guarded fetcher (the
     * same trust file, host list and address checks as metadata documents), verifies it as a {@code request}
     * parameter, and its parameters win. A URL it did not register is never fetched, and one that cannot be fetched
     * is an invalid_request_uri error at the client.
     */
    @Test
    void aRequestObjectByReferenceIsFetchedFromARegisteredRequestUriAndUsed() throws Exception {
        com.nimbusds.jose.jwk.RSAKey key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("ro-1").generate();
        TestDocumentServer documents = MetadataDocuments.server();
        String path = "/requests/" + UUID.randomUUID() + ".jwt";
        String requestUri = MetadataDocuments.url(path);
        String missing = MetadataDocuments.url("/requests/" + UUID.randomUUID() + ".jwt");
        String redirect = "https://client.example.org/cb";

        HttpResponse<String> initial = Http.postForm("/oauth/token", Http.form(Map.of("grant_type",
                "client_credentials", "scope", "jeton.register")), "Authorization",
                Http.basic("it-registrar", TokenEndpointIT.POST_SECRET));
        assertEquals(200, initial.statusCode(), initial.body());
        String registrarToken = body(initial).getString("access_token");
        // OIDC Registration §2: an algorithm Jeton cannot sign userinfo with is refused
        HttpResponse<String> badAlg = Http.request("POST", "/oauth/register", "{\"redirect_uris\":[\"" + redirect
                + "\"],\"userinfo_signed_response_alg\":\"HS256\"}", "Content-Type", "application/json",
                "Authorization", "Bearer " + registrarToken);
        assertEquals(400, badAlg.statusCode(), badAlg.body());
        assertEquals("invalid_client_metadata", body(badAlg).getString("error"));

        JsonObject metadata = Json.createObjectBuilder()
                .add("client_name", "Request object host")
                .add("redirect_uris", Json.createArrayBuilder().add(redirect))
                .add("scope", "openid")
                .add("request_uris", Json.createArrayBuilder().add(requestUri + "#v1").add(missing))
                .add("userinfo_signed_response_alg", "ES256")
                .add("jwks", Json.createReader(new StringReader(new JWKSet(key.toPublicJWK()).toString()))
                        .readObject())
                .build();
        HttpResponse<String> registered = Http.request("POST", "/oauth/register", metadata.toString(),
                "Content-Type", "application/json", "Authorization", "Bearer " + registrarToken);
        assertEquals(201, registered.statusCode(), registered.body());
        String clientId = body(registered).getString("client_id");
        assertEquals("ES256", body(registered).getString("userinfo_signed_response_alg"));

        Pkce pkce = Pkce.create();
        com.nimbusds.jwt.SignedJWT requestObject = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256).keyID("ro-1").build(),
                new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(clientId).audience(Http.base().toString())
                        .expirationTime(Date.from(Instant.now().plusSeconds(300))).claim("client_id", clientId)
                        .claim("response_type", "code").claim("redirect_uri", redirect).claim("scope", "openid")
                        .claim("state", "inside").claim("nonce", "n-ro").claim("code_challenge", pkce.challenge())
                        .claim("code_challenge_method", "S256").build());
        requestObject.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
        documents.on(path, exchange -> {
            byte[] jwt = requestObject.serialize().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "application/oauth-authz-req+jwt");
            exchange.sendResponseHeaders(200, jwt.length);
            exchange.getResponseBody().write(jwt);
        });

        Map<String, String> outer = new LinkedHashMap<>();
        outer.put("client_id", clientId);
        outer.put("response_type", "code");
        outer.put("scope", "openid");
        outer.put("redirect_uri", redirect);
        outer.put("state", "outside");
        outer.put("request_uri", requestUri + "#v2");
        URI back = new UserAgent().authorize(Http.form(outer), "alice", AuthorizeFlowIT.PASSWORD);
        assertTrue(back.toString().startsWith(redirect + "?code="), back.toString());
        assertEquals("inside", UserAgent.parameter(back, "state"), "the request object's parameters win");
        assertEquals(1, documents.hits(path), "fetched once, the fragment left out of the request");

        // not registered: never fetched, invalid_request_uri to the verified redirect_uri (OIDC Core §3.1.2.6)
        for (String uri : List.of(MetadataDocuments.url("/requests/other.jwt"), missing)) {
            outer.put("request_uri", uri);
            HttpResponse<String> refused = new UserAgent().get(Http.at("/oauth/authorize?" + Http.form(outer)));
            assertEquals(302, refused.statusCode(), refused.body());
            URI location = URI.create(refused.headers().firstValue("Location").orElseThrow());
            assertTrue(location.toString().startsWith(redirect + "?"), location.toString());
            assertEquals("invalid_request_uri", UserAgent.parameter(location, "error"), uri);
            assertEquals("outside", UserAgent.parameter(location, "state"));
        }
        assertEquals(0, documents.hits("/requests/other.jwt"));
        // a request_uri of an unknown client: the error page, nothing fetched, nothing redirected
        outer.put("client_id", "no-such-client");
        outer.put("request_uri", requestUri);
        HttpResponse<String> unknown = new UserAgent().get(Http.at("/oauth/authorize?" + Http.form(outer)));
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.headers().firstValue("Location").isEmpty());
        assertEquals(1, documents.hits(path));
    }

    /**
     * OIDC Core §8.1 (issue #14, conformance oidcc-registration-sector-uri and -bad): clients that register
     * {@code subject_type} {@code pairwise} are told one {@code sub} per sector. The sector_identifier_uri is fetched
     * through the guarded fetcher and must list every redirect URI (OIDC Registration §5); two clients of one sector
     * see the same sub, a client of another sector another; within one grant the ID token, the access token, userinfo
     * (which still finds the user's claims) and introspection agree.
     */
    @Test
    void aPairwiseClientIsToldOneSubPerSectorInEveryTokenAndAnswer() throws Exception {
        TestDocumentServer documents = MetadataDocuments.server();
        String sectorPath = "/sectors/" + UUID.randomUUID() + ".json";
        String sectorUri = MetadataDocuments.url(sectorPath);
        String redirectA = "https://a.pairwise.example/cb";
        String redirectB = "https://b.pairwise.example/cb";
        documents.json(sectorPath, Json.createArrayBuilder().add(redirectA).add(redirectB).build().toString());
        HttpResponse<String> initial = Http.postForm("/oauth/token", Http.form(Map.of("grant_type",
                "client_credentials", "scope", "jeton.register")), "Authorization",
                Http.basic("it-registrar", TokenEndpointIT.POST_SECRET));
        assertEquals(200, initial.statusCode(), initial.body());
        String registrarToken = body(initial).getString("access_token");
        java.util.function.Function<JsonObject, HttpResponse<String>> register = metadata -> Http.request("POST",
                "/oauth/register", metadata.toString(), "Content-Type", "application/json", "Authorization",
                "Bearer " + registrarToken);
        assertTrue(body(Http.get("/.well-known/openid-configuration")).getJsonArray("subject_types_supported")
                .contains(Json.createValue("pairwise")));

        // OIDC Registration §5: a redirect URI the sector document does not list is refused
        HttpResponse<String> unlisted = register.apply(Json.createObjectBuilder()
                .add("redirect_uris", Json.createArrayBuilder().add(redirectA).add("https://c.pairwise.example/cb"))
                .add("subject_type", "pairwise").add("sector_identifier_uri", sectorUri).build());
        assertEquals(400, unlisted.statusCode(), unlisted.body());
        assertEquals("invalid_client_metadata", body(unlisted).getString("error"));
        assertEquals(1, documents.hits(sectorPath), "fetched at registration");

        String[] first = pairwiseClient(register, Json.createObjectBuilder()
                .add("redirect_uris", Json.createArrayBuilder().add(redirectA).add(redirectB))
                .add("subject_type", "pairwise").add("sector_identifier_uri", sectorUri));
        String[] sameSector = pairwiseClient(register, Json.createObjectBuilder()
                .add("redirect_uris", Json.createArrayBuilder().add(redirectB))
                .add("subject_type", "pairwise").add("sector_identifier_uri", sectorUri));
        String[] otherSector = pairwiseClient(register, Json.createObjectBuilder()
                .add("redirect_uris", Json.createArrayBuilder().add("https://other.pairwise.example/cb"))
                .add("subject_type", "pairwise"));
        String[] publicOne = pairwiseClient(register, Json.createObjectBuilder()
                .add("redirect_uris", Json.createArrayBuilder().add("https://public.pairwise.example/cb")));

        String sub = subjectSeenBy(first[0], first[1], redirectA);
        assertEquals(sub, subjectSeenBy(sameSector[0], sameSector[1], redirectB), "one sector, one sub");
        String other = subjectSeenBy(otherSector[0], otherSector[1], "https://other.pairwise.example/cb");
        String local = subjectSeenBy(publicOne[0], publicOne[1], "https://public.pairwise.example/cb");
        assertNotEquals(sub, other, "another sector, another sub");
        assertNotEquals(sub, local, "never the local subject");
        assertNotEquals(other, local);
        assertTrue(sub.matches("[A-Za-z0-9_-]{43}"), sub);
    }

    /** Registers a client for the code flow with {@code metadata}; its id and secret. */
    private static String[] pairwiseClient(java.util.function.Function<JsonObject, HttpResponse<String>> register,
                                           jakarta.json.JsonObjectBuilder metadata) {
        HttpResponse<String> registered = register.apply(metadata.add("scope", "openid email")
                .add("client_name", "Pairwise " + UUID.randomUUID()).build());
        assertEquals(201, registered.statusCode(), registered.body());
        return new String[] {body(registered).getString("client_id"), body(registered).getString("client_secret")};
    }

    /**
     * The sub alice's grant to this client carries, checked to be the same in the ID token, the access token, at
     * userinfo (with her email: the user behind a pairwise sub is still found) and at introspection.
     */
    private static String subjectSeenBy(String clientId, String secret, String redirect) throws Exception {
        Pkce pkce = Pkce.create();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirect);
        query.put("scope", "openid email");
        query.put("state", "s");
        query.put("nonce", "n");
        query.put("code_challenge", pkce.challenge());
        query.put("code_challenge_method", "S256");
        URI back = new UserAgent().authorize(Http.form(query), "alice", AuthorizeFlowIT.PASSWORD);
        assertTrue(back.toString().startsWith(redirect + "?code="), back.toString());
        HttpResponse<String> tokens = Http.postForm("/oauth/token", Http.form(Map.of("grant_type",
                "authorization_code", "code", UserAgent.parameter(back, "code"), "redirect_uri", redirect,
                "code_verifier", pkce.verifier())), "Authorization", Http.basic(clientId, secret));
        assertEquals(200, tokens.statusCode(), tokens.body());
        String accessToken = body(tokens).getString("access_token");
        String sub = SignedJWT.parse(body(tokens).getString("id_token")).getJWTClaimsSet().getSubject();
        assertEquals(sub, SignedJWT.parse(accessToken).getJWTClaimsSet().getSubject(), "the access token's sub");
        HttpResponse<String> userinfo = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "Bearer " + accessToken);
        assertEquals(200, userinfo.statusCode(), userinfo.body());
        assertEquals(sub, body(userinfo).getString("sub"), "OIDC Core §5.3.2: userinfo's sub is the ID token's");
        assertTrue(body(userinfo).containsKey("email"), userinfo.body());
        HttpResponse<String> introspected = Http.postForm("/oauth/introspect", Http.form(Map.of("token",
                accessToken)), "Authorization", Http.basic(clientId, secret));
        assertEquals(200, introspected.statusCode(), introspected.body());
        assertTrue(body(introspected).getBoolean("active"), introspected.body());
        assertEquals(sub, body(introspected).getString("sub"));
        return sub;
    }

    /**
     * OIDC Registration §2 (issue #14, conformance oidcc-registration-logo-uri, -policy-uri, -tos-uri): a registered
     * client's logo and links are on the sign-in and consent pages, and the pages' CSP lets exactly the logo's
     * origin in; a logo_uri that is not an https URL is refused at registration.
     */
    @Test
    void aRegisteredClientsLogoAndLinksAreOnTheSignInAndConsentPages() throws Exception {
        HttpResponse<String> initial = Http.postForm("/oauth/token", Http.form(Map.of("grant_type",
                "client_credentials", "scope", "jeton.register")), "Authorization",
                Http.basic("it-registrar", TokenEndpointIT.POST_SECRET));
        assertEquals(200, initial.statusCode(), initial.body());
        String registrarToken = body(initial).getString("access_token");
        String redirect = "https://client.example.org/cb";
        for (String bad : List.of("javascript:alert(1)", "http://cdn.example.net/shop.png")) {
            HttpResponse<String> refused = Http.request("POST", "/oauth/register", Json.createObjectBuilder()
                    .add("redirect_uris", Json.createArrayBuilder().add(redirect)).add("logo_uri", bad).build()
                    .toString(), "Content-Type", "application/json", "Authorization", "Bearer " + registrarToken);
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("invalid_client_metadata", body(refused).getString("error"), bad);
        }
        String logo = "https://cdn.example.net/shop.png?size=64&theme=dark";
        HttpResponse<String> registered = Http.request("POST", "/oauth/register", Json.createObjectBuilder()
                .add("client_name", "Shop & Co").add("scope", "openid")
                .add("redirect_uris", Json.createArrayBuilder().add(redirect))
                .add("logo_uri", logo).add("policy_uri", "https://shop.example.org/privacy")
                .add("tos_uri", "https://shop.example.org/terms").build().toString(),
                "Content-Type", "application/json", "Authorization", "Bearer " + registrarToken);
        assertEquals(201, registered.statusCode(), registered.body());
        assertEquals(logo, body(registered).getString("logo_uri"));
        String clientId = body(registered).getString("client_id");

        Map<String, String> query = authorizationQuery(clientId, redirect, Pkce.create());
        query.put("scope", "openid");
        UserAgent agent = new UserAgent();
        HttpResponse<String> signIn = agent.signInPage(Http.form(query));
        HttpResponse<String> consent = page(agent, agent.signIn(signIn, "alice", AuthorizeFlowIT.PASSWORD));
        assertTrue(consent.body().contains("name=\"decision\""), consent.body());
        for (HttpResponse<String> page : List.of(signIn, consent)) {
            String html = page.body();
            assertTrue(html.contains("<img class=\"logo\" src=\"https://cdn.example.net/shop.png?size=64&amp;theme=dark\" "
                    + "alt=\"Shop &amp; Co\">"), html);
            assertTrue(html.contains("<a href=\"https://shop.example.org/privacy\" rel=\"noopener noreferrer\" "
                    + "target=\"_blank\">Privacy policy</a>"), html);
            assertTrue(html.contains("<a href=\"https://shop.example.org/terms\" rel=\"noopener noreferrer\" "
                    + "target=\"_blank\">Terms of service</a>"), html);
            List<String> policy = List.of(page.headers().firstValue("Content-Security-Policy").orElseThrow()
                    .split(";\\s*"));
            assertTrue(policy.contains("img-src https://cdn.example.net"), policy.toString());
            assertTrue(policy.contains("default-src 'none'"), policy.toString());
        }
    }
}
