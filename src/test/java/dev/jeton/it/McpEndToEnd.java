package dev.jeton.it;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.jeton.it.Http.basic;
import static dev.jeton.it.Http.json;
import static dev.jeton.it.Http.postForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16's end-to-end proof: the official MCP TypeScript SDK's client (src/test/mcp/client.mjs) reaches
 * a minimal MCP server (src/test/mcp/resource-server.mjs, the SDK's McpServer with one tool, checking
 * Jeton's tokens with jose) through Jeton, as the MCP authorization spec describes. The SDK does all the
 * OAuth; the test is the person who signs in and consents in a real browser, and checks what came out.
 *
 * The server's resource URI, {@code http://127.0.0.1:<jeton.it.mcp.port>/mcp}, is in the test server's
 * {@code jeton.resources.allowed}, and its tokens live 5 s (arquillian.xml) so that the client meets an
 * expired token and refreshes within the test.
 */
final class McpEndToEnd {

    private static final Duration STEP = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private McpEndToEnd() {
    }

    /** The MCP server's resource URI (RFC 8707) and the URL its clients connect to. */
    static String resource() {
        return "http://127.0.0.1:" + System.getProperty("jeton.it.mcp.port") + "/mcp";
    }

    static String metadataUrl() {
        return "http://127.0.0.1:" + System.getProperty("jeton.it.mcp.port") + "/.well-known/oauth-protected-resource/mcp";
    }

    /** Starts the MCP server with Jeton as its authorization server, once it listens. */
    static NodeScript startServer() throws Exception {
        NodeScript server = NodeScript.start("resource-server.mjs", Map.of(),
                "--port", System.getProperty("jeton.it.mcp.port"), "--issuer", Http.base().toString());
        try {
            assertEquals(resource(), server.await("event", "ready", STEP).getString("resource"));
            return server;
        } catch (AssertionError | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** A POST of an MCP initialize request to the server, with {@code authorization} when not null. */
    static HttpResponse<String> initialize(String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(resource())).timeout(STEP)
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                        + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                        + "\"clientInfo\":{\"name\":\"probe\",\"version\":\"1\"}}}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An initial access token (RFC 7591 §3) from the test's registrar: the test server has no open registration. */
    static String initialAccessToken() {
        HttpResponse<String> response = postForm("/oauth/token", "grant_type=client_credentials&scope=jeton.register",
                "Authorization", basic("it-registrar", TokenEndpointIT.POST_SECRET));
        assertEquals(200, response.statusCode(), response.body());
        return json(response).getString("access_token");
    }

    /** How the SDK's client identifies itself to Jeton. */
    enum Identity {
        /** RFC 7591, with an initial access token: the test server has no open registration. */
        DYNAMIC_REGISTRATION,
        /** The https URL of its client ID metadata document as client_id, served by {@link MetadataDocuments}. */
        METADATA_DOCUMENT
    }

    /**
     * The whole journey: the SDK meets the 401, reads the RFC 9728 metadata and Jeton's RFC 8414
     * metadata, identifies the client ({@code identity}), sends the person to Jeton with PKCE and
     * {@code resource}, redeems the code for a token for this server, calls the tool, and when the token
     * has expired refreshes it and calls again.
     */
    static void sdkClientSignsInCallsAndRefreshes(Identity identity, WebDriver browser, String username,
                                                  String password) throws Exception {
        String documentPath = MetadataDocuments.path("mcp-client");
        String documentUrl = identity == Identity.METADATA_DOCUMENT ? MetadataDocuments.url(documentPath) : null;
        try (NodeScript server = startServer();
             NodeScript client = identity == Identity.DYNAMIC_REGISTRATION
                     ? NodeScript.start("client.mjs", Map.of("MCP_INITIAL_ACCESS_TOKEN", initialAccessToken()),
                             "--server", resource(), "--registration-endpoint", Http.at("/oauth/register").toString())
                     : NodeScript.start("client.mjs", Map.of(), "--server", resource(),
                             "--client-metadata-url", documentUrl)) {
            String redirectUri = client.await("step", "listening", STEP).getString("redirect_uri");
            if (documentUrl != null) {
                // the document names the loopback port the client listens on; Jeton fetches it when the person
                // arrives at the authorization endpoint, which is later
                MetadataDocuments.server().json(documentPath, MetadataDocuments.publicClient(documentUrl, redirectUri)
                        // no resources member, as the SDK's own documents: the operator's jeton.resources.allowed
                        .add("client_name", "MCP SDK test client").add("scope", "api.read").build().toString(),
                        "Cache-Control", "public, max-age=300");
            }
            // the first request went without a token; the answer pointed to the server's metadata
            JsonObject refused = server.await("event", "refused", STEP);
            assertEquals("no token", refused.getString("description"));

            JsonObject identified = client.await("step", "client", STEP);
            String clientId = identified.getString("client_id");
            if (documentUrl != null) {
                // the SDK saw client_id_metadata_document_supported in Jeton's metadata and registered nowhere
                assertEquals(documentUrl, clientId);
                assertFalse(identified.getBoolean("registered"));
            } else {
                assertTrue(identified.getBoolean("registered"), "dynamic registration (RFC 7591)");
            }

            URI authorize = URI.create(client.await("step", "authorize", STEP).getString("url"));
            assertTrue(authorize.toString().startsWith(Http.at("/oauth/authorize") + "?"), authorize.toString());
            assertEquals(clientId, UserAgent.parameter(authorize, "client_id"));
            assertEquals(resource(), UserAgent.parameter(authorize, "resource"), "RFC 8707 on the authorization request");
            assertEquals("S256", UserAgent.parameter(authorize, "code_challenge_method"));
            assertEquals(redirectUri, UserAgent.parameter(authorize, "redirect_uri"));
            assertEquals("api.read", UserAgent.parameter(authorize, "scope"), "scopes_supported of the RFC 9728 metadata");

            String page = signInAndConsent(browser, authorize, username, password);
            if (documentUrl != null) {
                // draft-ietf-oauth-client-id-metadata-document: the host is what the person can check
                assertTrue(page.contains(MetadataDocuments.HOST + ":" + MetadataDocuments.server().port()), page);
                assertTrue(MetadataDocuments.server().hits(documentPath) >= 1, "Jeton fetched the document");
            }

            JsonObject callback = client.await("step", "callback", STEP).getJsonObject("params");
            assertEquals(Http.base().toString(), callback.getString("iss"), "RFC 9207");

            JsonObject first = client.await("step", "tokens", STEP);
            JWTClaimsSet firstClaims = SignedJWT.parse(first.getString("access_token")).getJWTClaimsSet();
            assertEquals(List.of(resource()), firstClaims.getAudience(), "RFC 8707: a token for the MCP server alone");
            assertEquals(clientId, firstClaims.getStringClaim("client_id"));
            assertEquals("api.read", first.getString("scope"));
            assertEquals(5, first.getInt("expires_in"), "the resource's own access-token-ttl-seconds");
            assertNotNull(first.getString("refresh_token", null), "a refresh token for the refresh grant");

            JsonObject called = client.await("step", "called", STEP).getJsonObject("result");
            assertEquals(firstClaims.getJWTID(), called.getString("jti"), "the tool saw the first token");
            assertEquals(firstClaims.getSubject(), called.getString("sub"));
            assertEquals(clientId, called.getString("client_id"));
            assertEquals(firstClaims.getSubject(), server.await("event", "tool", STEP).getString("sub"));

            // the token expired: the server refused it, the SDK refreshed with the resource and called again
            JsonObject expired = server.await("event", "refused", STEP);
            assertEquals("invalid_token", expired.getString("error"));
            assertTrue(expired.getString("description").startsWith("ERR_JWT_EXPIRED"), expired.toString());
            JsonObject second = client.await("step", "tokens", STEP);
            JWTClaimsSet secondClaims = SignedJWT.parse(second.getString("access_token")).getJWTClaimsSet();
            assertNotEquals(first.getString("access_token"), second.getString("access_token"));
            assertNotEquals(first.getString("refresh_token"), second.getString("refresh_token"), "rotation");
            assertNotEquals(firstClaims.getJWTID(), secondClaims.getJWTID());
            assertEquals(List.of(resource()), secondClaims.getAudience(), "the refreshed token is for the server too");
            assertEquals(firstClaims.getSubject(), secondClaims.getSubject());
            JsonObject calledAgain = client.await("step", "called", STEP).getJsonObject("result");
            assertEquals(secondClaims.getJWTID(), calledAgain.getString("jti"), "the tool saw the refreshed token");

            client.await("step", "done", STEP);
            assertEquals(0, client.exitCode(STEP), client.transcript());
            assertFalse(client.transcript().contains("\"step\":\"invalidate\""), "no credentials were thrown away: "
                    + client.transcript());
            // for the report's output file: how long each step took (no credentials in it)
            System.out.println(client.transcript() + "\n" + server.transcript());
        }
    }

    /**
     * Jeton's sign-in and consent pages in the browser; the consent page names the MCP server. Returns
     * the consent page's source.
     */
    private static String signInAndConsent(WebDriver browser, URI authorize, String username, String password) {
        WebDriverWait wait = new WebDriverWait(browser, STEP);
        browser.get(authorize.toString());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.name("password")));
        browser.findElement(By.name("username")).sendKeys(username);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button[value=approve]")));
        String consent = browser.getPageSource();
        assertTrue(consent.contains("<code>" + resource() + "</code>"), "the consent page names the MCP server: "
                + consent);
        browser.findElement(By.cssSelector("button[value=approve]")).click();
        wait.until(ExpectedConditions.urlMatches("^http://127\\.0\\.0\\.1:\\d+/callback\\?"));
        return consent;
    }

    /**
     * The MCP server's own checks, which every operator's MCP server must make (RFC 9068 §4): without a
     * token it points to its metadata, which names Jeton; a token of Jeton's for another audience, a
     * token for Jeton itself and a token with a broken signature are all refused.
     */
    static void serverChecksTokensForItsAudience() throws Exception {
        try (NodeScript server = startServer()) {
            HttpResponse<String> none = initialize(null);
            assertEquals(401, none.statusCode());
            String challenge = none.headers().firstValue("WWW-Authenticate").orElseThrow();
            assertTrue(challenge.startsWith("Bearer ") && challenge.contains("resource_metadata=\"" + metadataUrl() + "\""),
                    challenge);
            assertFalse(challenge.contains("error="), "RFC 6750 §3.1: no error code without credentials");

            HttpResponse<String> metadata = HTTP.send(HttpRequest.newBuilder(URI.create(metadataUrl())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metadata.statusCode());
            assertEquals(resource(), json(metadata).getString("resource"), "RFC 9728 §3.3");
            assertEquals(List.of(Http.base().toString()),
                    json(metadata).getJsonArray("authorization_servers").getValuesAs(jakarta.json.JsonString::getString));

            // Jeton's token for another MCP server (RFC 8707), and its default-audience token
            String otherResource = token("it-mcp-service", "grant_type=client_credentials&resource="
                    + java.net.URLEncoder.encode("https://tools.example.com/", java.nio.charset.StandardCharsets.UTF_8));
            String forJeton = token("it-basic", "grant_type=client_credentials&scope=api.read");
            String[] parts = forJeton.split("\\.");
            String brokenSignature = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
            for (String token : List.of(otherResource, forJeton, brokenSignature)) {
                HttpResponse<String> refused = initialize("Bearer " + token);
                assertEquals(401, refused.statusCode(), refused.body());
                String header = refused.headers().firstValue("WWW-Authenticate").orElseThrow();
                assertTrue(header.contains("error=\"invalid_token\"") && header.contains("resource_metadata="), header);
            }
            // the server logs each refusal after answering it: wait for the last one's line (CI once read too early)
            server.transcriptContaining("ERR_JWS_SIGNATURE_VERIFICATION_FAILED", Duration.ofSeconds(10));
            assertTrue(server.transcript().contains("ERR_JWT_CLAIM_VALIDATION_FAILED: unexpected \\\"aud\\\""),
                    "refused for its audience: " + server.transcript());
            assertFalse(server.transcript().contains("\"event\":\"tool\""), server.transcript());
        }
    }

    private static String token(String clientId, String body) {
        String secret = clientId.equals("it-basic") ? TokenEndpointIT.BASIC_SECRET : TokenEndpointIT.POST_SECRET;
        HttpResponse<String> response = postForm("/oauth/token", body, "Authorization", basic(clientId, secret));
        assertEquals(200, response.statusCode(), response.body());
        return json(response).getString("access_token");
    }
}
