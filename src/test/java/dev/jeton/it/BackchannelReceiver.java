package dev.jeton.it;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A relying party's back-channel logout endpoint (Back-Channel Logout 1.0 §2.5), on the loopback: keeps each
 * POSTed logout token (with its content type) and answers 200 OK.
 */
final class BackchannelReceiver implements AutoCloseable {

    /** One delivery as it arrived. */
    record Delivery(String contentType, String logoutToken, String query) {
    }

    private final HttpServer server;
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    BackchannelReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/backchannel", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
            String token = null;
            for (String pair : body.split("&")) {
                if (pair.startsWith("logout_token=")) {
                    token = URLDecoder.decode(pair.substring(13), StandardCharsets.US_ASCII);
                }
            }
            if (!"POST".equals(exchange.getRequestMethod()) || token == null) {
                exchange.sendResponseHeaders(400, -1);
                exchange.close();
                return;
            }
            deliveries.add(new Delivery(exchange.getRequestHeaders().getFirst("Content-Type"), token,
                    exchange.getRequestURI().getRawQuery()));
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    /** The next delivery within {@code wait}, or an assertion error. */
    Delivery await(Duration wait) throws InterruptedException {
        Delivery delivery = deliveries.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (delivery == null) {
            throw new AssertionError("no logout token arrived within " + wait);
        }
        return delivery;
    }

    /** A delivery that arrives within {@code wait}, if any. */
    Delivery poll(Duration wait) throws InterruptedException {
        return deliveries.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
