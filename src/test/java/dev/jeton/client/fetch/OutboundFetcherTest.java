package dev.jeton.client.fetch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one outbound fetch against a real HTTPS server on 127.0.0.1 whose certificate a test CA
 * issued for {@code cimd.test}; the operator's {@code resolve} map points that name at loopback and
 * {@code hosts.allowed} vouches for it, as an operator with split DNS would.
 */
class OutboundFetcherTest {

    private static final OutboundFetcher.Limits LIMITS = new OutboundFetcher.Limits(5120, Duration.ofSeconds(2),
            "application/json");
    private static TestTls tls;
    private static TestDocumentServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        tls = TestTls.create("cimd.test", "other.test");
        server = new TestDocumentServer(tls);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private OutboundFetcher fetcher(String... extra) throws Exception {
        Path ca = dir.resolve("ca.pem");
        tls.writeCaPem(ca);
        Map<String, String> config = new HashMap<>(Map.of(FetchSettings.TRUST_FILE, ca.toString(),
                FetchSettings.RESOLVE, "cimd.test=127.0.0.1, wrong.test=127.0.0.1, ten.test=10.0.0.1",
                FetchSettings.HOSTS_ALLOWED, "cimd.test,wrong.test"));
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return new OutboundFetcher(FetchSettings.from(name -> Optional.ofNullable(config.get(name))));
    }

    private URI url(String host, String path) {
        return URI.create("https://" + host + ":" + server.port() + path);
    }

    private static FetchRefused.Reason refusal(OutboundFetcher fetcher, URI url) {
        return assertThrows(FetchRefused.class, () -> fetcher.get(url, LIMITS)).reason();
    }

    @Test
    void fetchesOverTlsWithTheOperatorsCaAndTheResolveMap() throws Exception {
        server.json("/ok", "{\"a\":1}", "Cache-Control", "max-age=60");
        Fetched fetched = fetcher().get(url("cimd.test", "/ok"), LIMITS);
        assertEquals("{\"a\":1}", fetched.text());
        assertEquals(Optional.of("max-age=60"), fetched.header("Cache-Control"));
    }

    @Test
    void readsAChunkedBody() throws Exception {
        server.on("/chunked", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("{\"chunked\":".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            exchange.getResponseBody().write("true}".getBytes(StandardCharsets.UTF_8));
        });
        assertEquals("{\"chunked\":true}", fetcher().get(url("cimd.test", "/chunked"), LIMITS).text());
    }

    @Test
    void withoutTheTrustFileTheCertificateIsNotTrusted() throws Exception {
        server.json("/ok", "{}");
        OutboundFetcher fetcher = fetcher(FetchSettings.TRUST_FILE, dir.resolve("absent.pem").toString());
        assertEquals(FetchRefused.Reason.TLS_FAILED, refusal(fetcher, url("cimd.test", "/ok")));
    }

    @Test
    void aTrustFileWrittenLaterIsReadThen() throws Exception {
        server.json("/ok", "{}");
        Path later = dir.resolve("later.pem");
        OutboundFetcher fetcher = fetcher(FetchSettings.TRUST_FILE, later.toString());
        assertEquals(FetchRefused.Reason.TLS_FAILED, refusal(fetcher, url("cimd.test", "/ok")));
        tls.writeCaPem(later);
        assertEquals("{}", fetcher.get(url("cimd.test", "/ok"), LIMITS).text());
    }

    @Test
    void aCertificateForAnotherNameIsRefusedByTheJdksHostNameCheck() throws Exception {
        server.json("/ok", "{}");
        assertEquals(FetchRefused.Reason.TLS_FAILED, refusal(fetcher(), url("wrong.test", "/ok")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "[::1]", "169.254.169.254", "10.0.0.1", "[fd00::1]",
            "[::ffff:127.0.0.1]", "ten.test", "0.0.0.0", "224.0.0.1"})
    void privateLoopbackAndLinkLocalAddressesAreNotReached(String host) throws Exception {
        int before = server.hits("/ok");
        assertEquals(FetchRefused.Reason.FORBIDDEN_ADDRESS, refusal(fetcher(), url(host, "/ok")));
        assertEquals(before, server.hits("/ok"));
    }

    @Test
    void allowingPrivateAddressesNeverAllowsTheUnspecifiedAddress() throws Exception {
        OutboundFetcher fetcher = fetcher(FetchSettings.ALLOW_PRIVATE_ADDRESSES, "true");
        assertEquals(FetchRefused.Reason.FORBIDDEN_ADDRESS, refusal(fetcher, url("0.0.0.0", "/ok")));
        server.json("/ok", "{}");
        // the certificate names 127.0.0.1, so with private addresses allowed the fetch goes through
        assertEquals("{}", fetcher.get(url("127.0.0.1", "/ok"), LIMITS).text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://cimd.test/x", "ftp://cimd.test/x", "http://localhost/x"})
    void onlyHttpsOutsideTheDevProfile(String url) throws Exception {
        assertEquals(FetchRefused.Reason.NOT_HTTPS, refusal(fetcher(), URI.create(url)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user@cimd.test/x", "https://127.1/x", "https://2130706433/x"})
    void urlsThatHideWhereTheyGoAreRefused(String url) throws Exception {
        assertEquals(FetchRefused.Reason.BAD_URL, refusal(fetcher(), URI.create(url)));
    }

    @Test
    void deniedHostsAndAnExclusiveAllowListAreHonoured() throws Exception {
        assertEquals(FetchRefused.Reason.HOST_DENIED, refusal(fetcher(FetchSettings.HOSTS_DENIED, "*.test"),
                url("cimd.test", "/ok")));
        assertEquals(FetchRefused.Reason.HOST_DENIED, refusal(fetcher(FetchSettings.HOSTS_ALLOWED_ONLY, "true"),
                URI.create("https://example.com/x")));
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        server.redirect("/moved", "https://169.254.169.254/latest/meta-data/");
        assertEquals(FetchRefused.Reason.REDIRECT, refusal(fetcher(), url("cimd.test", "/moved")));
    }

    @Test
    void aStatusOtherThan200IsRefused() throws Exception {
        assertEquals(FetchRefused.Reason.BAD_STATUS, refusal(fetcher(), url("cimd.test", "/nothing-here")));
    }

    @Test
    void aBodyOverTheLimitIsRefusedWhetherAnnouncedOrChunked() throws Exception {
        server.huge("/big-length", 10 * 1024 * 1024, false).huge("/big-chunked", 10 * 1024 * 1024, true);
        assertEquals(FetchRefused.Reason.TOO_LARGE, refusal(fetcher(), url("cimd.test", "/big-length")));
        assertEquals(FetchRefused.Reason.TOO_LARGE, refusal(fetcher(), url("cimd.test", "/big-chunked")));
    }

    @Test
    void aSlowServerRunsIntoTheDeadline() throws Exception {
        server.slow("/slow", 5000, "{}");
        long start = System.nanoTime();
        assertEquals(FetchRefused.Reason.TIMEOUT, refusal(fetcher(), url("cimd.test", "/slow")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 4000, "took " + millis + " ms");
    }

    @Test
    void aHostThatDoesNotResolveIsRefused() throws Exception {
        assertEquals(FetchRefused.Reason.UNRESOLVABLE, refusal(fetcher(), URI.create("https://no-such-host.invalid/x")));
    }

    // ---- POST of a form (a logout token to a backchannel_logout_uri) ----

    @Test
    void aFormIsPostedOverTheSameGuardedConnectionAndOnlyTheStatusIsRead() throws Exception {
        java.util.concurrent.atomic.AtomicReference<String> seen = new java.util.concurrent.atomic.AtomicReference<>();
        server.on("/bc", exchange -> {
            seen.set(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawQuery() + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII));
            byte[] body = "ignored".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        });
        assertEquals(200, fetcher().postForm(url("cimd.test", "/bc?tenant=b"), "logout_token=a.b.c",
                Duration.ofSeconds(2)));
        assertEquals("POST tenant=b application/x-www-form-urlencoded logout_token=a.b.c", seen.get());
        // any other status is the caller's to judge, a redirect included: it is never followed
        server.redirect("/bc-moved", "https://169.254.169.254/");
        assertEquals(302, fetcher().postForm(url("cimd.test", "/bc-moved"), "x=1", Duration.ofSeconds(2)));
        assertEquals(404, fetcher().postForm(url("cimd.test", "/absent"), "x=1", Duration.ofSeconds(2)));
    }

    @Test
    void aPostMeetsTheSameRulesAsAGet() throws Exception {
        int before = server.hits("/bc");
        Duration timeout = Duration.ofSeconds(2);
        assertEquals(FetchRefused.Reason.FORBIDDEN_ADDRESS, assertThrows(FetchRefused.class,
                () -> fetcher().postForm(url("ten.test", "/bc"), "x=1", timeout)).reason());
        assertEquals(FetchRefused.Reason.FORBIDDEN_ADDRESS, assertThrows(FetchRefused.class,
                () -> fetcher().postForm(url("127.0.0.1", "/bc"), "x=1", timeout)).reason());
        assertEquals(FetchRefused.Reason.NOT_HTTPS, assertThrows(FetchRefused.class,
                () -> fetcher().postForm(URI.create("http://localhost:" + server.port() + "/bc"), "x=1", timeout))
                .reason());
        assertEquals(FetchRefused.Reason.HOST_DENIED, assertThrows(FetchRefused.class,
                () -> fetcher(FetchSettings.HOSTS_DENIED, "cimd.test").postForm(url("cimd.test", "/bc"), "x=1",
                        timeout)).reason());
        assertEquals(before, server.hits("/bc"));
        server.slow("/bc-slow", 5000, "{}");
        assertEquals(FetchRefused.Reason.TIMEOUT, assertThrows(FetchRefused.class,
                () -> fetcher().postForm(url("cimd.test", "/bc-slow"), "x=1", Duration.ofMillis(500))).reason());
    }
}
