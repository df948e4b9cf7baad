package dev.jeton.logout;

import com.sun.net.httpserver.HttpServer;
import dev.jeton.client.fetch.FetchSettings;
import dev.jeton.client.fetch.OutboundFetcher;
import dev.jeton.config.JetonSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A logout token's POST (Back-Channel Logout 1.0 §2.5, §2.8) goes through the one outbound fetcher: its rules say
 * where it may go (plain http only to a loopback host under the dev profile), the RP's status says what came of it.
 */
class BackchannelDeliveryTest {

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final HttpServer rp;

    BackchannelDeliveryTest() throws IOException {
        rp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answer("/ok", 200);
        answer("/no-content", 204);
        answer("/busy", 503);
        answer("/bad", 400);
        answer("/moved", 302);
        rp.start();
    }

    private void answer(String path, int status) {
        rp.createContext(path, exchange -> {
            bodies.add(exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII));
            if (status == 302) {
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:1/elsewhere");
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
    }

    @AfterEach
    void stop() {
        rp.stop(0);
    }

    private static BackchannelDelivery delivery(JetonSettings.Profile profile, String... extra) {
        Map<String, String> config = new java.util.HashMap<>(Map.of(JetonSettings.PROFILE,
                profile.name().toLowerCase(java.util.Locale.ROOT)));
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return new BackchannelDelivery(new OutboundFetcher(FetchSettings.from(n -> Optional.ofNullable(config.get(n)))),
                Duration.ofSeconds(2));
    }

    private String at(String path) {
        return "http://127.0.0.1:" + rp.getAddress().getPort() + path;
    }

    private static BackchannelDelivery.Outcome outcome(BackchannelDelivery.Result result, String detail) {
        return new BackchannelDelivery.Outcome(result, detail);
    }

    @Test
    void theTokenIsPostedAsAFormAnd200Or204IsDelivered() {
        BackchannelDelivery dev = delivery(JetonSettings.Profile.DEV);
        assertEquals(outcome(BackchannelDelivery.Result.DELIVERED, "http_200"), dev.post(at("/ok"), "h.p+/=.s"));
        assertEquals(outcome(BackchannelDelivery.Result.DELIVERED, "http_204"), dev.post(at("/no-content"), "t"));
        assertEquals("application/x-www-form-urlencoded logout_token=h.p%2B%2F%3D.s", bodies.get(0));
    }

    @Test
    void aServerErrorOrNoAnswerIsTriedAgainButARefusalOrARedirectIsFinal() throws IOException {
        BackchannelDelivery dev = delivery(JetonSettings.Profile.DEV);
        assertEquals(outcome(BackchannelDelivery.Result.RETRY, "http_503"), dev.post(at("/busy"), "t"));
        assertEquals(outcome(BackchannelDelivery.Result.REFUSED, "http_400"), dev.post(at("/bad"), "t"));
        assertEquals(outcome(BackchannelDelivery.Result.REFUSED, "http_302"), dev.post(at("/moved"), "t"));
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertEquals(outcome(BackchannelDelivery.Result.RETRY, "connect_failed"),
                dev.post("http://127.0.0.1:" + closed + "/bc", "t"));
    }

    @Test
    void outsideTheDevProfilePlainHttpAndPrivateAddressesAreNotReached() {
        BackchannelDelivery production = delivery(JetonSettings.Profile.PRODUCTION,
                FetchSettings.RESOLVE, "rp.internal=10.1.2.3");
        assertEquals(outcome(BackchannelDelivery.Result.REFUSED, "not_https"), production.post(at("/ok"), "t"));
        assertEquals(outcome(BackchannelDelivery.Result.REFUSED, "forbidden_address"),
                production.post("https://rp.internal/bc", "t"));
        assertEquals(outcome(BackchannelDelivery.Result.REFUSED, "bad_url"),
                production.post("https://rp.example/bc x", "t"));
        // the dev profile's exception is for loopback host names only
        assertEquals(outcome(BackchannelDelivery.Result.REFUSED, "not_https"),
                delivery(JetonSettings.Profile.DEV).post("http://rp.example/bc", "t"));
        assertEquals(List.of(), bodies, "nothing reached the RP");
    }
}
