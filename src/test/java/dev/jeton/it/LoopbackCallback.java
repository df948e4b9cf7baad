package dev.jeton.it;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A native app's loopback redirect listener (RFC 8252 §7.3): receives the authorization responses (and any other
 * redirect to a path under its own, such as a post-logout redirect), in the order they arrive.
 */
final class LoopbackCallback implements AutoCloseable {

    private final HttpServer server;
    private final BlockingQueue<URI> received = new LinkedBlockingQueue<>();

    LoopbackCallback(int port, String path) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext(path, exchange -> {
            if (exchange.getRequestURI().getPath().equals("/favicon.ico")) {
                // a real browser asks for the page's icon after each page: not a redirect to the client
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            received.add(URI.create("http://127.0.0.1:" + port + exchange.getRequestURI()));
            byte[] page = "<!doctype html><title>Signed in</title><p>You can close this window.</p>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.start();
    }

    /** The next redirect that arrived, within 30 s, or an assertion error. */
    URI await() throws Exception {
        URI next = poll(Duration.ofSeconds(30));
        if (next == null) {
            throw new AssertionError("no redirect arrived at the loopback listener within 30 s");
        }
        return next;
    }

    /** The next redirect that arrives within {@code wait}, or null. */
    URI poll(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
