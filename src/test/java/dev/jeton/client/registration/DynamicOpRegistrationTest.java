package dev.jeton.client.registration;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.SigningAlgorithm;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenID Connect Dynamic OP members of a registration (OIDC Registration §2; issue #14): userinfo_signed_response_alg,
 * the implicit response types (only when the operator enabled them), request_uris.
 */
class DynamicOpRegistrationTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private final Map<String, RegistrationStore.Registration> rows = new HashMap<>();
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
        }
    };

    private ClientRegistration registration(boolean implicit, boolean fapi2) {
        return new ClientRegistration(new ClientMetadataValidator(
                Set.of(ClientAuthMethod.CLIENT_SECRET_BASIC, ClientAuthMethod.PRIVATE_KEY_JWT),
                Set.of("authorization_code", "refresh_token"), Set.of(), Set.of(), Set.of("openid"), r -> false, fapi2)
                .allowingImplicit(implicit), store, id -> URI.create("https://as.example.com/oauth/register/" + id));
    }

    private ClientRegistration.Outcome register(boolean implicit, String metadata) {
        return registration(implicit, false).register(Json.createReader(new StringReader(metadata.replace('\'', '"')))
                .readObject(), NOW, "192.0.2.1");
    }

    private static void refused(ClientRegistration.Outcome outcome, String mentioning) {
        assertEquals(400, outcome.status());
        assertEquals("invalid_client_metadata", outcome.error().code());
        assertTrue(outcome.error().description().contains(mentioning), outcome.error().description());
    }

    @Test
    void userinfoSignedResponseAlgIsStoredAndEchoed() {
        ClientRegistration.Outcome outcome = register(false, "{'redirect_uris':['https://rp.example.com/cb'],"
                + "'userinfo_signed_response_alg':'RS256'}");
        assertEquals(201, outcome.status());
        assertEquals("RS256", outcome.body().getString("userinfo_signed_response_alg"));
        RegisteredClient stored = rows.get(outcome.body().getString("client_id")).client();
        assertEquals(SigningAlgorithm.RS256, stored.oidc().userinfoSignedResponseAlg());
    }

    @Test
    void anAlgorithmJetonCannotSignWithIsRefused() {
        for (String alg : List.of("HS256", "none", "PS256", "ES512", "rs256")) {
            refused(register(false, "{'redirect_uris':['https://rp.example.com/cb'],"
                    + "'userinfo_signed_response_alg':'" + alg + "'}"), "userinfo_signed_response_alg");
        }
        refused(register(false, "{'redirect_uris':['https://rp.example.com/cb'],'userinfo_signed_response_alg':7}"),
                "userinfo_signed_response_alg");
        ClientRegistration.Outcome fapi = registration(false, true).register(Json.createReader(new StringReader(
                "{\"redirect_uris\":[\"https://rp.example.com/cb\"],\"token_endpoint_auth_method\":\"private_key_jwt\","
                        + "\"jwks_uri\":\"https://rp.example.com/jwks\",\"userinfo_signed_response_alg\":\"RS256\"}"))
                .readObject(), NOW, "192.0.2.1");
        refused(fapi, "FAPI");
    }

    @Test
    void requestUrisAreHttpsUrlsStoredAndEchoed() {
        ClientRegistration.Outcome outcome = register(false, "{'redirect_uris':['https://rp.example.com/cb'],"
                + "'request_uris':['https://rp.example.com/r/1.jwt#abc']}");
        assertEquals(201, outcome.status());
        assertEquals("https://rp.example.com/r/1.jwt#abc", outcome.body().getJsonArray("request_uris").getString(0));
        RegisteredClient stored = rows.get(outcome.body().getString("client_id")).client();
        assertTrue(stored.oidc().registeredRequestUri("https://rp.example.com/r/1.jwt#other"),
                "compared without the fragment (OIDC Core §6.2)");
        assertTrue(!stored.oidc().registeredRequestUri("https://rp.example.com/r/1.jwt?x"));
        for (String bad : List.of("http://rp.example.com/r.jwt", "urn:x:y", "https://user@rp.example.com/r", "/r")) {
            refused(register(false, "{'redirect_uris':['https://rp.example.com/cb'],'request_uris':['" + bad + "']}"),
                    "request_uris");
        }
    }

    @Test
    void implicitResponseTypesAreRefusedWhileTheOperatorHasNotEnabledThem() {
        refused(register(false, "{'redirect_uris':['https://rp.example.com/cb'],"
                + "'response_types':['code','id_token'],'grant_types':['authorization_code','implicit']}"),
                "response type");
    }

    @Test
    void implicitResponseTypesAreRegisteredWhenEnabledAndGoWithTheImplicitGrant() {
        ClientRegistration.Outcome outcome = register(true, "{'redirect_uris':['https://rp.example.com/cb'],"
                + "'response_types':['code','id_token','id_token token'],"
                + "'grant_types':['authorization_code','implicit']}");
        assertEquals(201, outcome.status());
        RegisteredClient stored = rows.get(outcome.body().getString("client_id")).client();
        assertEquals(Set.of("id_token", "id_token token"), stored.oidc().implicitResponseTypes());
        assertTrue(stored.allowsGrant("implicit"));
        assertEquals(3, outcome.body().getJsonArray("response_types").size());
        refused(register(true, "{'redirect_uris':['https://rp.example.com/cb'],"
                + "'response_types':['code','id_token'],'grant_types':['authorization_code']}"), "implicit");
        refused(register(true, "{'redirect_uris':['https://rp.example.com/cb'],"
                + "'response_types':['code'],'grant_types':['authorization_code','implicit']}"), "implicit");
        // OIDC Registration §2: an implicit client's redirect URIs are https and not localhost
        refused(register(true, "{'redirect_uris':['http://127.0.0.1:8080/cb'],"
                + "'response_types':['id_token'],'grant_types':['implicit']}"), "https");
        refused(register(true, "{'redirect_uris':['https://rp.example.com/cb'],"
                + "'response_types':['token'],'grant_types':['implicit']}"), "token");
    }

    @Test
    void anImplicitOnlyClientCanBeRegisteredWhenEnabled() {
        ClientRegistration.Outcome outcome = register(true, "{'redirect_uris':['https://rp.example.com/cb'],"
                + "'response_types':['id_token'],'grant_types':['implicit']}");
        assertEquals(201, outcome.status());
        JsonObject body = outcome.body();
        assertEquals("id_token", body.getJsonArray("response_types").getString(0));
        assertEquals("implicit", body.getJsonArray("grant_types").getString(0));
    }

    /** OIDC Registration §2 logo_uri, client_uri, policy_uri, tos_uri: stored, echoed, and read back. */
    @Test
    void theLogoAndLinksAreStoredEchoedAndReadBackAndOnlyHttpsIsAccepted() {
        ClientRegistration.Outcome outcome = register(false, "{'redirect_uris':['https://rp.example.com/cb'],"
                + "'logo_uri':'https://rp.example.com/logo.png','client_uri':'https://rp.example.com/',"
                + "'policy_uri':'https://rp.example.com/privacy','tos_uri':'https://rp.example.com/tos'}");
        assertEquals(201, outcome.status());
        String id = outcome.body().getString("client_id");
        assertEquals(new dev.jeton.client.ClientLinks("https://rp.example.com/logo.png", "https://rp.example.com/",
                "https://rp.example.com/privacy", "https://rp.example.com/tos"), rows.get(id).client().oidc().links());
        JsonObject read = registration(false, false).read(id,
                outcome.body().getString("registration_access_token"), NOW, "192.0.2.1").body();
        for (JsonObject body : List.of(outcome.body(), read)) {
            assertEquals("https://rp.example.com/logo.png", body.getString("logo_uri"));
            assertEquals("https://rp.example.com/", body.getString("client_uri"));
            assertEquals("https://rp.example.com/privacy", body.getString("policy_uri"));
            assertEquals("https://rp.example.com/tos", body.getString("tos_uri"));
        }
        assertTrue(!register(false, "{'redirect_uris':['https://rp.example.com/cb']}").body().containsKey("logo_uri"));
        refused(register(false, "{'redirect_uris':['https://rp.example.com/cb'],'logo_uri':'javascript:alert(1)'}"),
                "logo_uri");
        refused(register(false, "{'redirect_uris':['https://rp.example.com/cb'],'tos_uri':'http://rp.example.com/t'}"),
                "tos_uri");
    }

    /** OIDC Core §8.1, OIDC Registration §2 and §5: subject_type pairwise, with and without a sector_identifier_uri. */
    @Test
    void aPairwiseClientRegistersItsSectorAndTheSectorDocumentMustListEveryRedirectUri() {
        Map<String, String> documents = Map.of("https://sector.example/uris.json",
                "[\"https://a.example/cb\",\"https://b.example/cb\"]");
        ClientRegistration withSectors = new ClientRegistration(new ClientMetadataValidator(
                Set.of(ClientAuthMethod.CLIENT_SECRET_BASIC), Set.of("authorization_code"), Set.of(), Set.of(),
                Set.of("openid")), store, id -> URI.create("https://as.example.com/oauth/register/" + id),
                (uri, redirects) -> documents.containsKey(uri)
                        ? dev.jeton.client.SectorIdentifierCheck.missing(documents.get(uri), redirects)
                        : Optional.of("The sector_identifier_uri could not be fetched (not_found)."));
        java.util.function.Function<String, ClientRegistration.Outcome> register = metadata -> withSectors.register(
                Json.createReader(new StringReader(metadata.replace('\'', '"'))).readObject(), NOW, "192.0.2.1");

        ClientRegistration.Outcome sector = register.apply("{'redirect_uris':['https://a.example/cb',"
                + "'https://b.example/cb'],'subject_type':'pairwise','sector_identifier_uri':"
                + "'https://sector.example/uris.json'}");
        assertEquals(201, sector.status());
        assertEquals("pairwise", sector.body().getString("subject_type"));
        assertEquals("https://sector.example/uris.json", sector.body().getString("sector_identifier_uri"));
        assertEquals("sector.example", rows.get(sector.body().getString("client_id")).client().oidc().pairwise().host());

        ClientRegistration.Outcome oneHost = register.apply("{'redirect_uris':['https://a.example/cb'],"
                + "'subject_type':'pairwise'}");
        assertEquals(201, oneHost.status());
        assertEquals("a.example", rows.get(oneHost.body().getString("client_id")).client().oidc().pairwise().host());
        assertEquals("public", register.apply("{'redirect_uris':['https://a.example/cb']}").body()
                .getString("subject_type"));

        refused(register.apply("{'redirect_uris':['https://a.example/cb','https://c.example/cb'],"
                + "'subject_type':'pairwise','sector_identifier_uri':'https://sector.example/uris.json'}"),
                "does not list every redirect_uri");
        refused(register.apply("{'redirect_uris':['https://a.example/cb'],'subject_type':'pairwise',"
                + "'sector_identifier_uri':'https://gone.example/uris.json'}"), "could not be fetched");
        refused(register.apply("{'redirect_uris':['https://a.example/cb','https://b.example/cb'],"
                + "'subject_type':'pairwise'}"), "sector_identifier_uri");
        refused(register.apply("{'redirect_uris':['https://a.example/cb'],'subject_type':'anonymous'}"),
                "subject_type");
    }
}
