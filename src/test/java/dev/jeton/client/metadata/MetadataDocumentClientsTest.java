package dev.jeton.client.metadata;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.fetch.FetchSettings;
import dev.jeton.client.fetch.OutboundFetcher;
import dev.jeton.client.fetch.TestDocumentServer;
import dev.jeton.client.fetch.TestTls;
import dev.jeton.client.registration.ClientMetadataValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** draft-ietf-oauth-client-id-metadata-document §4: the document's rules, and the cache around the fetch. */
class MetadataDocumentClientsTest {

    private static TestTls tls;
    private static TestDocumentServer server;

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-02T08:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeAll
    static void start() {
        tls = TestTls.create("cimd.test");
        server = new TestDocumentServer(tls);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private MetadataDocumentClients documents(boolean enabled) throws Exception {
        Path ca = dir.resolve("ca.pem");
        tls.writeCaPem(ca);
        Map<String, String> config = Map.of(FetchSettings.TRUST_FILE, ca.toString(),
                FetchSettings.RESOLVE, "cimd.test=127.0.0.1", FetchSettings.HOSTS_ALLOWED, "cimd.test",
                MetadataDocumentSettings.ENABLED, String.valueOf(enabled),
                MetadataDocumentSettings.NEGATIVE_TTL, "30s", MetadataDocumentSettings.CACHE_MIN_TTL, "10s",
                MetadataDocumentSettings.CACHE_MAX_TTL, "1h");
        ClientMetadataValidator validator = new ClientMetadataValidator(
                Set.of(ClientAuthMethod.NONE, ClientAuthMethod.PRIVATE_KEY_JWT),
                Set.of("authorization_code", "refresh_token"), Set.of("client_credentials"),
                Set.of(), Set.of("openid"));
        return new MetadataDocumentClients(MetadataDocumentSettings.from(n -> Optional.ofNullable(config.get(n))),
                new OutboundFetcher(FetchSettings.from(n -> Optional.ofNullable(config.get(n)))), validator, clock);
    }

    private static String url(String path) {
        return "https://cimd.test:" + server.port() + path;
    }

    private static String document(String clientId, String extra) {
        return "{\"client_id\":\"" + clientId + "\",\"client_name\":\"Agent\",\"redirect_uris\":"
                + "[\"https://app.example/cb\"],\"token_endpoint_auth_method\":\"none\"," + "\"grant_types\":"
                + "[\"authorization_code\",\"refresh_token\"],\"unknown_member\":{\"x\":1}" + extra + "}";
    }

    private DocumentRefusal.Reason refusal(String text) throws Exception {
        String url = url("/c.json");
        DocumentResolution r = documents(true).client(url, text);
        return assertInstanceOf(DocumentResolution.Refused.class, r).refusal().reason();
    }

    @Test
    void aPublicClientDocumentBecomesAThirdPartyClientWithPkce() throws Exception {
        String url = url("/c.json");
        RegisteredClient client = assertInstanceOf(DocumentResolution.Resolved.class,
                documents(true).client(url, document(url, ""))).client();
        assertEquals(url, client.clientId());
        assertEquals(ClientAuthMethod.NONE, client.authMethod());
        assertFalse(client.firstParty());
        assertTrue(client.pkceRequired());
        assertEquals(List.of("https://app.example/cb"), client.redirectUris());
        assertEquals(Set.of("authorization_code", "refresh_token"), client.grantTypes());
        assertTrue(client.tokenExchange().audiences().isEmpty());
        assertEquals(null, client.audience());
    }

    @Test
    void theDocumentsClientIdMustBeTheUrlExactly() throws Exception {
        assertEquals(DocumentRefusal.Reason.CLIENT_ID_MISMATCH, refusal(document(url("/c.json/"), "")));
        assertEquals(DocumentRefusal.Reason.CLIENT_ID_MISMATCH, refusal(document(url("/C.json"), "")));
        assertEquals(DocumentRefusal.Reason.CLIENT_ID_MISMATCH,
                refusal("{\"redirect_uris\":[\"https://app.example/cb\"],\"token_endpoint_auth_method\":\"none\"}"));
    }

    @Test
    void sharedSecretsAreRefusedInEveryForm() throws Exception {
        String url = url("/c.json");
        assertEquals(DocumentRefusal.Reason.SHARED_SECRET, refusal(document(url, ",\"client_secret\":\"x\"")));
        assertEquals(DocumentRefusal.Reason.SHARED_SECRET, refusal(document(url, "")
                .replace("\"none\"", "\"client_secret_basic\"")));
        assertEquals(DocumentRefusal.Reason.SHARED_SECRET, refusal(document(url, "")
                .replace("\"none\"", "\"client_secret_jwt\"")));
        assertEquals(DocumentRefusal.Reason.INVALID_METADATA, refusal(document(url, "")
                .replace(",\"token_endpoint_auth_method\":\"none\"", "")), "RFC 7591's default is a secret");
    }

    @Test
    void privateKeyJwtNeedsKeysAndTheRegistrationRulesApply() throws Exception {
        String url = url("/c.json");
        assertEquals(DocumentRefusal.Reason.INVALID_METADATA, refusal(document(url, "")
                .replace("\"none\"", "\"private_key_jwt\"")));
        assertEquals(DocumentRefusal.Reason.INVALID_METADATA, refusal(document(url, ",\"scope\":\"jeton.admin\"")));
        assertEquals(DocumentRefusal.Reason.INVALID_METADATA, refusal(document(url, "")
                .replace("https://app.example/cb", "http://app.example/cb")));
        assertEquals(DocumentRefusal.Reason.INVALID_METADATA, refusal(document(url, "")
                .replace("\"refresh_token\"", "\"client_credentials\"")));
        assertEquals(DocumentRefusal.Reason.NOT_JSON, refusal("[1,2]"));
        assertEquals(DocumentRefusal.Reason.NOT_JSON, refusal("{\"client_id\":"));
    }

    @Test
    void aDocumentIsKeptForItsMaxAgeAndFetchedAgainAfterwards() throws Exception {
        String path = "/cached.json";
        server.json(path, document(url(path), ""), "Cache-Control", "max-age=120");
        MetadataDocumentClients documents = documents(true);
        assertTrue(documents.resolve(url(path)).fetched());
        assertFalse(documents.resolve(url(path)).fetched());
        now.set(now.get().plusSeconds(119));
        assertFalse(documents.resolve(url(path)).fetched());
        assertEquals(1, server.hits(path));
        now.set(now.get().plusSeconds(2));
        assertInstanceOf(DocumentResolution.Resolved.class, documents.resolve(url(path)).resolution());
        assertEquals(2, server.hits(path));
    }

    @Test
    void aRefusalIsKeptForTheNegativeTimeAndItsReasonCanBeAskedFor() throws Exception {
        String path = "/appears-later.json";
        MetadataDocumentClients documents = documents(true);
        assertInstanceOf(DocumentResolution.Refused.class, documents.resolve(url(path)).resolution());
        assertEquals(DocumentRefusal.Reason.BAD_STATUS, documents.lastRefusal(url(path)).orElseThrow().reason());
        server.json(path, document(url(path), ""));
        assertInstanceOf(DocumentResolution.Refused.class, documents.resolve(url(path)).resolution());
        assertEquals(1, server.hits(path));
        now.set(now.get().plusSeconds(31));
        assertInstanceOf(DocumentResolution.Resolved.class, documents.resolve(url(path)).resolution());
        assertEquals(2, server.hits(path));
        assertTrue(documents.lastRefusal(url(path)).isEmpty());
    }

    @Test
    void ordinaryClientIdsAreNotDocumentsAndDisabledMeansRefused() throws Exception {
        assertInstanceOf(DocumentResolution.NotADocument.class, documents(true).resolve("my-client").resolution());
        assertEquals(DocumentRefusal.Reason.NOT_ENABLED, documents(false).lastRefusal(url("/x.json")).orElseThrow()
                .reason());
        for (String bad : List.of("https://cimd.test", "https://cimd.test/", "https://cimd.test/a/../b",
                "https://u@cimd.test/a", "https://cimd.test/a#f", "https://cimd.test/" + "a".repeat(200))) {
            assertEquals(DocumentRefusal.Reason.INVALID_CLIENT_ID_URL,
                    documents(true).lastRefusal(bad).orElseThrow().reason(), bad);
        }
    }

    @Test
    void theTimeoutAndSizeOfTheSettingsApply() throws Exception {
        String path = "/big.json";
        server.huge(path, 6000, false);
        MetadataDocumentClients documents = documents(true);
        documents.resolve(url(path));
        assertEquals(DocumentRefusal.Reason.TOO_LARGE, documents.lastRefusal(url(path)).orElseThrow().reason());
        assertEquals(Duration.ofSeconds(5), MetadataDocumentSettings.defaults().timeout());
        assertEquals(5120, MetadataDocumentSettings.defaults().maxBytes());
    }

    @Test
    void atMostSixteenFetchesRunAtOnceAndTheSeventeenthIsNotRemembered() throws Exception {
        MetadataDocumentClients documents = documents(true);
        java.util.concurrent.CountDownLatch arrived = new java.util.concurrent.CountDownLatch(
                MetadataDocumentClients.MAX_CONCURRENT_FETCHES);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < MetadataDocumentClients.MAX_CONCURRENT_FETCHES; i++) {
            String path = "/held-" + i + ".json";
            server.on(path, exchange -> {
                arrived.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(404, -1);
            });
            Thread t = new Thread(() -> documents.resolve(url(path)));
            t.start();
            threads.add(t);
        }
        assertTrue(arrived.await(4, java.util.concurrent.TimeUnit.SECONDS), "all sixteen are fetching");
        String extra = url("/one-too-many.json");
        MetadataDocumentClients.Lookup busy = documents.resolve(extra);
        assertEquals(DocumentRefusal.Reason.BUSY, assertInstanceOf(DocumentResolution.Refused.class,
                busy.resolution()).refusal().reason());
        assertTrue(documents.lastRefusal(extra).isEmpty(), "a busy refusal is not remembered");
        release.countDown();
        for (Thread t : threads) {
            t.join(5000);
        }
        assertEquals(0, server.hits("/one-too-many.json"));
    }
}
