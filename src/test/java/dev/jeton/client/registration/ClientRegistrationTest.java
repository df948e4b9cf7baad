package dev.jeton.client.registration;

import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientSecrets;
import dev.jeton.client.RegisteredClient;
import dev.jeton.vocabulary.TokenHashes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 7591 registration and RFC 7592 management over an in-memory store. */
class ClientRegistrationTest {

    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    private final Map<String, RegistrationStore.Registration> rows = new HashMap<>();
    private final Set<String> deleted = new java.util.HashSet<>();
    private final RegistrationStore store = new RegistrationStore() {
        @Override
        public void create(RegisteredClient client, String hash, Instant now) {
            rows.put(client.clientId(), new Registration(client, hash, now));
        }

        @Override
        public Optional<Registration> find(String clientId) {
            return Optional.ofNullable(rows.get(clientId));
        }

        @Override
        public void update(RegisteredClient client, Instant now) {
            Registration r = rows.get(client.clientId());
            rows.put(client.clientId(), new Registration(client, r.registrationTokenHash(), r.issuedAt()));
        }

        @Override
        public void delete(String clientId, Instant now) {
            rows.remove(clientId);
            deleted.add(clientId);
        }
    };
    private final ClientRegistration registration = new ClientRegistration(new ClientMetadataValidator(
            Set.of(ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod.CLIENT_SECRET_POST, ClientAuthMethod.NONE,
                    ClientAuthMethod.PRIVATE_KEY_JWT),
            Set.of("authorization_code", "refresh_token", "client_credentials"), Set.of("client_credentials"),
            Set.of("openid", "profile", "api.read", "jeton.admin"), Set.of("openid")),
            store, id -> URI.create("https://as.example.com/oauth/register/" + id));

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    private ClientRegistration.Outcome register(String metadata) {
        return registration.register(json(metadata), NOW, "192.0.2.1");
    }

    @Test
    void aConfidentialClientGetsItsSecretOnceAndOnlyItsHashIsStored() {
        ClientRegistration.Outcome outcome = register("{'client_name':'Reports','grant_types':['client_credentials'],"
                + "'scope':'api.read','token_endpoint_auth_method':'client_secret_post','unknown_member':42}");

        assertEquals(201, outcome.status());
        JsonObject body = outcome.body();
        String id = body.getString("client_id");
        String secret = body.getString("client_secret");
        RegisteredClient stored = rows.get(id).client();
        assertTrue(ClientSecrets.matches(secret, stored.secretHash()));
        assertNotEquals(secret, stored.secretHash());
        assertEquals(ClientAuthMethod.CLIENT_SECRET_POST, stored.authMethod());
        assertEquals(Set.of("client_credentials"), stored.grantTypes());
        assertEquals(Set.of("api.read"), stored.scopes());
        assertFalse(stored.firstParty());
        assertEquals(0, body.getInt("client_secret_expires_at"));
        assertEquals(NOW.getEpochSecond(), body.getJsonNumber("client_id_issued_at").longValue());
        assertEquals("https://as.example.com/oauth/register/" + id, body.getString("registration_client_uri"));
        assertEquals(TokenHashes.sha256(body.getString("registration_access_token")),
                rows.get(id).registrationTokenHash());
        assertFalse(body.containsKey("unknown_member"), "RFC 7591 §2: unknown metadata is ignored");
        assertEquals(AuditEventName.CLIENT_REGISTERED, outcome.event().name());
    }

    @Test
    void defaultsAreTheCodeFlowWithBasicAuthentication() {
        JsonObject body = register("{'redirect_uris':['https://app.example.org/cb']}").body();

        assertEquals("client_secret_basic", body.getString("token_endpoint_auth_method"));
        assertEquals("authorization_code", body.getJsonArray("grant_types").getString(0));
        assertEquals("code", body.getJsonArray("response_types").getString(0));
        assertEquals("openid", body.getString("scope"), "the server's default scopes");
    }

    @Test
    void aPublicClientHasNoSecret() {
        ClientRegistration.Outcome outcome = register("{'token_endpoint_auth_method':'none',"
                + "'redirect_uris':['http://127.0.0.1:8123/cb']}");

        assertEquals(201, outcome.status());
        assertFalse(outcome.body().containsKey("client_secret"));
        assertNull(rows.get(outcome.body().getString("client_id")).client().secretHash());
    }

    @ParameterizedTest
    @ValueSource(strings = {"relative/cb", "https://app.example.org/cb#frag", "http://app.example.org/cb",
            "com.example.app:/cb", "https://user:pw@app.example.org/cb", "not a uri"})
    void badRedirectUrisAreRefused(String uri) {
        ClientRegistration.Outcome outcome = register("{'redirect_uris':['" + uri + "']}");

        assertEquals(400, outcome.status());
        assertEquals("invalid_redirect_uri", outcome.error().code());
        assertEquals(AuditEventName.REGISTRATION_DENIED, outcome.event().name());
        assertTrue(rows.isEmpty());
    }

    @Test
    void aConfidentialClientMayRegisterWithPkceRelaxed() {
        JsonObject body = register("{'redirect_uris':['https://app.example.org/cb'],'require_pkce':false}").body();
        assertFalse(body.getBoolean("require_pkce"), "echoed (RFC 7591 §3.2.1)");
        RegisteredClient stored = rows.get(body.getString("client_id")).client();
        assertFalse(stored.pkceRequired());
        JsonObject byDefault = register("{'redirect_uris':['https://app.example.org/cb']}").body();
        assertFalse(byDefault.containsKey("require_pkce"));
        assertTrue(rows.get(byDefault.getString("client_id")).client().pkceRequired());
    }

    @Test
    void loopbackHttpIsAllowed() {
        assertEquals(201, register("{'redirect_uris':['http://[::1]:9000/cb','http://localhost/cb']}").status());
    }

    @Test
    void theCodeGrantNeedsARedirectUri() {
        assertEquals("invalid_redirect_uri", register("{'grant_types':['authorization_code']}").error().code());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'token_endpoint_auth_method':'private_key_jwt','grant_types':['client_credentials']}",
            "{'token_endpoint_auth_method':'magic','grant_types':['client_credentials']}",
            "{'grant_types':['implicit'],'redirect_uris':['https://a.example/cb']}",
            "{'grant_types':['authorization_code'],'response_types':['token'],'redirect_uris':['https://a.example/cb']}",
            "{'grant_types':['client_credentials'],'response_types':['code']}",
            "{'grant_types':['authorization_code'],'response_types':[],'redirect_uris':['https://a.example/cb']}",
            "{'grant_types':['client_credentials'],'token_endpoint_auth_method':'none'}",
            "{'grant_types':['client_credentials'],'scope':'jeton.admin'}",
            "{'grant_types':['client_credentials'],'scope':'api.write'}",
            "{'grant_types':['client_credentials'],'scope':'bad\\\\scope'}",
            "{'grant_types':'client_credentials'}",
            "{'grant_types':['client_credentials'],'client_name':7}",
            "{'grant_types':['client_credentials'],'id_token_signed_response_alg':'none'}",
            // RFC 9700 §2.1.1: a public client always uses PKCE
            "{'token_endpoint_auth_method':'none','redirect_uris':['https://a.example/cb'],'require_pkce':false}",
            "{'redirect_uris':['https://a.example/cb'],'require_pkce':'false'}"})
    void metadataTheServerCannotHonourIsRefused(String metadata) {
        ClientRegistration.Outcome outcome = register(metadata);

        assertEquals(400, outcome.status(), metadata);
        assertEquals("invalid_client_metadata", outcome.error().code(), metadata);
        assertTrue(rows.isEmpty());
    }

    @Test
    void managementNeedsTheClientsOwnRegistrationToken() {
        JsonObject a = register("{'grant_types':['client_credentials'],'scope':'api.read'}").body();
        JsonObject b = register("{'grant_types':['client_credentials'],'scope':'api.read'}").body();
        String id = a.getString("client_id");
        String token = a.getString("registration_access_token");

        assertEquals(200, registration.read(id, token, NOW, null).status());
        assertEquals("invalid_token", registration.read(id, b.getString("registration_access_token"), NOW, null)
                .error().code());
        assertEquals(401, registration.read(id, null, NOW, null).status());
        assertEquals(401, registration.read("no-such-client", token, NOW, null).status());
        assertEquals(401, registration.delete(id, "wrong", NOW, null).status());
        assertTrue(rows.containsKey(id));
    }

    @Test
    void readingGivesTheMetadataWithoutTheSecret() {
        JsonObject created = register("{'client_name':'R','grant_types':['client_credentials'],'scope':'api.read'}")
                .body();
        String id = created.getString("client_id");
        String token = created.getString("registration_access_token");

        JsonObject read = registration.read(id, token, NOW.plusSeconds(60), null).body();

        assertEquals(id, read.getString("client_id"));
        assertEquals("R", read.getString("client_name"));
        assertEquals("api.read", read.getString("scope"));
        assertEquals(token, read.getString("registration_access_token"));
        assertFalse(read.containsKey("client_secret"));
        assertEquals(NOW.getEpochSecond(), read.getJsonNumber("client_id_issued_at").longValue());
    }

    @Test
    void anUpdateReplacesTheMetadataAndKeepsTheSecret() {
        JsonObject created = register("{'grant_types':['client_credentials'],'scope':'api.read'}").body();
        String id = created.getString("client_id");
        String token = created.getString("registration_access_token");
        String secret = created.getString("client_secret");

        ClientRegistration.Outcome updated = registration.update(id, token, json("{'client_id':'" + id + "',"
                + "'client_secret':'" + secret + "','client_name':'Renamed',"
                + "'grant_types':['authorization_code','refresh_token'],'redirect_uris':['https://a.example/cb'],"
                + "'scope':'openid profile'}"), NOW, null);

        assertEquals(200, updated.status());
        RegisteredClient stored = rows.get(id).client();
        assertEquals("Renamed", stored.clientName());
        assertEquals(Set.of("authorization_code", "refresh_token"), stored.grantTypes());
        assertEquals(Set.of("openid", "profile"), stored.scopes());
        assertTrue(ClientSecrets.matches(secret, stored.secretHash()), "the secret stays");
        assertFalse(updated.body().containsKey("client_secret"));
        assertEquals(AuditEventName.CLIENT_UPDATED, updated.event().name());
    }

    @Test
    void anUpdateMustNameTheClientAndItsCurrentSecret() {
        JsonObject created = register("{'grant_types':['client_credentials'],'scope':'api.read'}").body();
        String id = created.getString("client_id");
        String token = created.getString("registration_access_token");

        assertEquals("invalid_client_metadata", registration.update(id, token,
                json("{'grant_types':['client_credentials']}"), NOW, null).error().code());
        assertEquals("invalid_client_metadata", registration.update(id, token,
                json("{'client_id':'other','grant_types':['client_credentials']}"), NOW, null).error().code());
        assertEquals("invalid_client_metadata", registration.update(id, token,
                json("{'client_id':'" + id + "','client_secret':'wrong','grant_types':['client_credentials']}"), NOW,
                null).error().code());
        assertEquals("invalid_redirect_uri", registration.update(id, token,
                json("{'client_id':'" + id + "','grant_types':['authorization_code']}"), NOW, null).error().code());
        assertEquals(Set.of("client_credentials"), rows.get(id).client().grantTypes(), "unchanged");
    }

    @Test
    void aPublicClientThatBecomesConfidentialGetsASecret() {
        JsonObject created = register("{'token_endpoint_auth_method':'none','redirect_uris':['https://a.example/cb']}")
                .body();
        String id = created.getString("client_id");

        JsonObject updated = registration.update(id, created.getString("registration_access_token"),
                json("{'client_id':'" + id + "','redirect_uris':['https://a.example/cb']}"), NOW, null).body();

        assertTrue(ClientSecrets.matches(updated.getString("client_secret"), rows.get(id).client().secretHash()));
    }

    @Test
    void deletingRemovesTheClient() {
        JsonObject created = register("{'grant_types':['client_credentials'],'scope':'api.read'}").body();
        String id = created.getString("client_id");
        String token = created.getString("registration_access_token");

        ClientRegistration.Outcome outcome = registration.delete(id, token, NOW, null);

        assertEquals(204, outcome.status());
        assertTrue(deleted.contains(id));
        assertEquals(AuditEventName.CLIENT_DELETED, outcome.event().name());
        assertEquals(401, registration.read(id, token, NOW, null).status());
    }

    // ---------------------------------------------------------------- private_key_jwt (RFC 7591 §2, RFC 7523)

    private static final String EC_PUBLIC_JWKS = "{'keys':[{'kty':'EC','crv':'P-256','kid':'k1',"
            + "'x':'3TiktacN7IAIOqwxIV0Bw4MGcp-EWS9xPv-pT_STi7I','y':'fsozMUFgBJUWLkzbpaGOPJg1OugUgfQvmZO4bWf4M9k'}]}";

    @Test
    void aPrivateKeyJwtClientRegistersItsKeysAndGetsNoSecret() {
        ClientRegistration.Outcome outcome = register("{'token_endpoint_auth_method':'private_key_jwt',"
                + "'grant_types':['client_credentials'],'token_endpoint_auth_signing_alg':'ES256','jwks':"
                + EC_PUBLIC_JWKS + "}");

        assertEquals(201, outcome.status(), String.valueOf(outcome.error()));
        JsonObject body = outcome.body();
        assertFalse(body.containsKey("client_secret"), "a signing client has no secret");
        assertEquals("private_key_jwt", body.getString("token_endpoint_auth_method"));
        assertEquals("ES256", body.getString("token_endpoint_auth_signing_alg"));
        assertEquals("k1", body.getJsonObject("jwks").getJsonArray("keys").getJsonObject(0).getString("kid"));
        RegisteredClient stored = rows.get(body.getString("client_id")).client();
        assertNull(stored.secretHash());
        assertEquals(ClientAuthMethod.PRIVATE_KEY_JWT, stored.authMethod());
        assertEquals("ES256", stored.security().tokenEndpointAuthSigningAlg());
        assertTrue(stored.security().jwks().contains("\"k1\""));

        ClientRegistration.Outcome byUri = register("{'token_endpoint_auth_method':'private_key_jwt',"
                + "'grant_types':['client_credentials'],'jwks_uri':'https://client.example.org/jwks.json'}");
        assertEquals(201, byUri.status(), String.valueOf(byUri.error()));
        assertEquals("https://client.example.org/jwks.json", byUri.body().getString("jwks_uri"));
        // read back (RFC 7592 §2.1) says the same
        JsonObject read = registration.read(byUri.body().getString("client_id"),
                byUri.body().getString("registration_access_token"), NOW, "192.0.2.1").body();
        assertEquals("https://client.example.org/jwks.json", read.getString("jwks_uri"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "'grant_types':['client_credentials']",
            "'grant_types':['client_credentials'],'jwks':{'keys':[]}",
            "'grant_types':['client_credentials'],'jwks':'not an object'",
            "'grant_types':['client_credentials'],'jwks_uri':'http://client.example.org/jwks'",
            "'grant_types':['client_credentials'],'jwks_uri':'https://127.0.0.1/jwks'",
            "'grant_types':['client_credentials'],'jwks_uri':'https://localhost/jwks'",
            "'grant_types':['client_credentials'],'jwks_uri':'https://169.254.169.254/latest/meta-data'",
            "'grant_types':['client_credentials'],'jwks_uri':'https://10.0.0.8/jwks'",
            "'grant_types':['client_credentials'],'jwks_uri':'https://[::1]/jwks'",
            "'grant_types':['client_credentials'],'jwks_uri':'https://[fd00::1]/jwks'",
            "'grant_types':['client_credentials'],'jwks_uri':'https://client.example.org/jwks','jwks':{'keys':[]}",
            "'grant_types':['client_credentials'],'jwks_uri':'https://client.example.org/jwks',"
                    + "'token_endpoint_auth_signing_alg':'HS256'",
            "'grant_types':['client_credentials'],'jwks':{'keys':[{'kty':'EC','crv':'P-256','x':"
                    + "'3TiktacN7IAIOqwxIV0Bw4MGcp-EWS9xPv-pT_STi7I','y':'fsozMUFgBJUWLkzbpaGOPJg1OugUgfQvmZO4bWf4M9k',"
                    + "'d':'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI'}]}"})
    void aPrivateKeyJwtClientWithoutUsableKeysIsRefused(String members) {
        ClientRegistration.Outcome outcome = register("{'token_endpoint_auth_method':'private_key_jwt'," + members + "}");
        assertEquals(400, outcome.status(), members);
        assertEquals("invalid_client_metadata", outcome.error().code(), members);
        assertTrue(rows.isEmpty(), "nothing registered");
    }

    /** RFC 8707: a registered client may name resources, but only within what the operator allows. */
    @Test
    void resourcesAreRegisteredWithinTheOperatorsListOnly() {
        ClientRegistration fenced = new ClientRegistration(new ClientMetadataValidator(
                Set.of(ClientAuthMethod.NONE), Set.of("authorization_code"), Set.of(), Set.of(), Set.of("openid"),
                resource -> resource.startsWith("https://mcp.example.com/")), store,
                id -> URI.create("https://as.example.com/oauth/register/" + id));
        ClientRegistration.Outcome outcome = fenced.register(json("{'token_endpoint_auth_method':'none',"
                + "'redirect_uris':['http://127.0.0.1:8123/cb'],'resources':['https://mcp.example.com/a']}"), NOW,
                "192.0.2.1");
        assertEquals(201, outcome.status());
        String id = outcome.body().getString("client_id");
        assertEquals(List.of("https://mcp.example.com/a"), rows.get(id).client().resources().resources());
        assertEquals("https://mcp.example.com/a", outcome.body().getJsonArray("resources").getString(0));
        for (String bad : List.of("['https://elsewhere.example.com/']", "['https://mcp.example.com/#f']", "'x'",
                "[42]")) {
            ClientRegistration.Outcome refused = fenced.register(json("{'token_endpoint_auth_method':'none',"
                    + "'redirect_uris':['http://127.0.0.1:8123/cb'],'resources':" + bad + "}"), NOW, "192.0.2.1");
            assertEquals(400, refused.status(), bad);
            assertEquals("invalid_client_metadata", refused.error().code(), bad);
        }
        // without an operator's list (the default validator here), no resource can be registered
        assertEquals(400, register("{'token_endpoint_auth_method':'none','redirect_uris':['http://127.0.0.1:8123/cb'],"
                + "'resources':['https://mcp.example.com/a']}").status());
    }

    /** A stock MCP client registers with RFC 7591's members only, then names its MCP server with resource. */
    @Test
    void aClientThatNamesNoResourcesGetsTheOperatorsListMatchedOnPathBoundaries() {
        ClientRegistration fenced = new ClientRegistration(new ClientMetadataValidator(
                Set.of(ClientAuthMethod.NONE), Set.of("authorization_code"), Set.of(), Set.of(), Set.of("openid"),
                resource -> resource.startsWith("https://mcp.example.com/"))
                .withDefaults(List.of("https://mcp.example.com/"), true), store,
                id -> URI.create("https://as.example.com/oauth/register/" + id));
        ClientRegistration.Outcome outcome = fenced.register(json("{'token_endpoint_auth_method':'none',"
                + "'redirect_uris':['http://127.0.0.1:8123/cb']}"), NOW, "192.0.2.1");

        assertEquals(201, outcome.status());
        RegisteredClient client = rows.get(outcome.body().getString("client_id")).client();
        assertEquals(List.of("https://mcp.example.com/"), client.resources().resources());
        assertTrue(client.resources().prefixMatch());
        assertTrue(client.resources().allows("https://mcp.example.com/tools/mcp"));
        assertFalse(client.resources().allows("https://mcp.example.com.evil.example/"));
        assertEquals("https://mcp.example.com/", outcome.body().getJsonArray("resources").getString(0));

        // one that names its own keeps exactly those
        ClientRegistration.Outcome own = fenced.register(json("{'token_endpoint_auth_method':'none',"
                + "'redirect_uris':['http://127.0.0.1:8123/cb'],'resources':['https://mcp.example.com/a']}"), NOW,
                "192.0.2.1");
        RegisteredClient named = rows.get(own.body().getString("client_id")).client();
        assertFalse(named.resources().prefixMatch());
        assertFalse(named.resources().allows("https://mcp.example.com/b"));
    }

    /** RFC 9700 §2.1.1: PKCE for confidential clients is the default the operator may relax (jeton.registration.require-pkce). */
    @Test
    void aConfidentialClientsPkceDefaultIsTheOperatorsAndAPublicClientAlwaysUsesPkce() {
        ClientRegistration relaxed = new ClientRegistration(new ClientMetadataValidator(
                Set.of(ClientAuthMethod.NONE, ClientAuthMethod.CLIENT_SECRET_BASIC), Set.of("authorization_code"),
                Set.of(), Set.of(), Set.of("openid")).withDefaults(List.of(), false), store,
                id -> URI.create("https://as.example.com/oauth/register/" + id));
        ClientRegistration.Outcome confidential = relaxed.register(json("{'redirect_uris':['https://rp.example/cb']}"),
                NOW, "192.0.2.1");
        assertFalse(rows.get(confidential.body().getString("client_id")).client().security().requirePkce());
        ClientRegistration.Outcome publicClient = relaxed.register(json("{'token_endpoint_auth_method':'none',"
                + "'redirect_uris':['http://127.0.0.1:8123/cb']}"), NOW, "192.0.2.1");
        assertTrue(rows.get(publicClient.body().getString("client_id")).client().security().requirePkce());
        // the default: required, unless the client itself registers require_pkce false
        assertTrue(rows.get(register("{'redirect_uris':['https://rp.example/cb']}").body().getString("client_id"))
                .client().security().requirePkce());
    }

    /** Issue #18: RP-Initiated and Back-Channel Logout 1.0 metadata, and what logout revokes, are registered and echoed. */
    @Test
    void logoutMetadataIsRegisteredEchoedAndChecked() {
        ClientRegistration.Outcome outcome = register("{'token_endpoint_auth_method':'none',"
                + "'redirect_uris':['http://127.0.0.1:8123/cb'],'post_logout_redirect_uris':['https://rp.example/bye'],"
                + "'backchannel_logout_uri':'https://rp.example/bc','backchannel_logout_session_required':true,"
                + "'logout_revokes_refresh_tokens':false}");
        assertEquals(201, outcome.status());
        String id = outcome.body().getString("client_id");
        dev.jeton.client.ClientLogout logout = rows.get(id).client().logout();
        assertEquals(List.of("https://rp.example/bye"), logout.postLogoutRedirectUris());
        assertEquals("https://rp.example/bc", logout.backchannelLogoutUri());
        assertTrue(logout.backchannelLogoutSessionRequired());
        assertEquals(Boolean.FALSE, logout.logoutRevokesRefreshTokens());
        assertEquals("https://rp.example/bc", outcome.body().getString("backchannel_logout_uri"));
        assertEquals("https://rp.example/bye", outcome.body().getJsonArray("post_logout_redirect_uris").getString(0));
        for (String bad : List.of("'post_logout_redirect_uris':['https://rp.example/bye#f']",
                "'post_logout_redirect_uris':'https://rp.example/bye'", "'backchannel_logout_uri':'/relative'",
                "'backchannel_logout_uri':'ftp://rp.example/bc'", "'logout_revokes_refresh_tokens':'no'")) {
            ClientRegistration.Outcome refused = register("{'token_endpoint_auth_method':'none',"
                    + "'redirect_uris':['http://127.0.0.1:8123/cb']," + bad + "}");
            assertEquals(400, refused.status(), bad);
            assertEquals("invalid_client_metadata", refused.error().code(), bad);
        }
    }
}
