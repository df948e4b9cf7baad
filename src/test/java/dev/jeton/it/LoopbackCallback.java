package dev.jeton.it;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A native app's loopback redirect listener (RFC 8252 §7.3): receives the authorization response. */
final class LoopbackCallback implements AutoCloseable {

    private final HttpServer server;
    private final CompletableFuture<URI> received = new CompletableFuture<>();

    LoopbackCallback(int port, String path) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext(path, exchange -> {
            received.complete(URI.create("http://127.0.0.1:" + port + exchange.getRequestURI()));
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

    URI await() throws Exception {
        return received.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
